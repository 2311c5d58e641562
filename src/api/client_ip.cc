#include "src/api/client_ip.h"

#include <boost/asio/ip/address.hpp>

namespace hotline::api {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool TrustedProxies::ParseAddr(std::string_view s, Net* out) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(s), ec);
  if (ec) return false;
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    a = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    out->v6 = false;
    std::copy(b.begin(), b.end(), out->bytes);
    out->prefix = 32;
  } else {
    auto b = a.to_v6().to_bytes();
    out->v6 = true;
    std::copy(b.begin(), b.end(), out->bytes);
    out->prefix = 128;
  }
  return true;
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies t;
  for (const auto& raw : entries) {
    std::string_view e = Trim(raw);
    Net n;
    auto slash = e.find('/');
    if (!ParseAddr(e.substr(0, slash), &n))
      return Status::Invalid("trusted proxy " + raw + " is not an IP address or CIDR range");
    if (slash != std::string_view::npos) {
      auto p = e.substr(slash + 1);
      if (p.empty() || p.size() > 3 ||
          p.find_first_not_of("0123456789") != std::string_view::npos ||
          std::stoi(std::string(p)) > n.prefix)
        return Status::Invalid("trusted proxy " + raw + ": the prefix length is out of range");
      n.prefix = std::stoi(std::string(p));
    }
    t.nets_.push_back(n);
  }
  return t;
}

bool TrustedProxies::IsTrusted(std::string_view addr) const {
  Net a;
  if (!ParseAddr(Trim(addr), &a)) return false;
  for (const auto& n : nets_) {
    if (n.v6 != a.v6) continue;
    int bits = n.prefix, i = 0;
    bool match = true;
    for (; bits >= 8; bits -= 8, ++i)
      if (n.bytes[i] != a.bytes[i]) match = false;
    if (match && bits > 0) {
      unsigned char mask = static_cast<unsigned char>(0xFF << (8 - bits));
      if ((n.bytes[i] & mask) != (a.bytes[i] & mask)) match = false;
    }
    if (match) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(std::string_view peer, std::string_view xff) const {
  if (nets_.empty() || !IsTrusted(peer)) return std::string(peer);
  std::string_view rest = xff;
  std::string leftmost;
  bool first = true;
  while (!rest.empty()) {
    auto comma = rest.rfind(',');
    std::string_view entry = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    Net n;
    if (!ParseAddr(entry, &n)) {
      if (first) return std::string(peer);  // the proxy next to us did not append an address
      break;  // forged garbage further left: the last good entry stands
    }
    first = false;
    leftmost = std::string(entry);
    if (!IsTrusted(entry)) return leftmost;
  }
  return leftmost.empty() ? std::string(peer) : leftmost;
}

}  // namespace hotline::api
