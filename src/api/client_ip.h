// The client's address for rate limits, behind a reverse proxy.
//
// Without trusted proxies the client is the TCP peer. When the peer is one of the configured
// trusted proxies (exact addresses or CIDR ranges, IPv4 or IPv6), the client is the last address
// in X-Forwarded-For that is not itself a trusted proxy (walking from the right, the entries a
// client cannot forge). A peer that is not trusted is never overridden by a header, so a client
// cannot pick its own rate-limit key. Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/common/status.h"

namespace hotline::api {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Each entry: "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". Invalid entries are an Invalid status.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);

  bool empty() const { return nets_.empty(); }
  bool IsTrusted(std::string_view addr) const;

  // The client address: `peer` unless it is trusted; then the rightmost untrusted address of
  // `forwarded_for` (a comma-separated X-Forwarded-For value, possibly several headers joined
  // with commas). If the rightmost entry is not an IP address the peer is used; if every entry is
  // trusted the leftmost is used.
  std::string ClientAddress(std::string_view peer, std::string_view forwarded_for) const;

 private:
  struct Net {
    bool v6 = false;
    unsigned char bytes[16] = {};
    int prefix = 0;
  };
  static bool ParseAddr(std::string_view s, Net* out);
  std::vector<Net> nets_;
};

}  // namespace hotline::api
