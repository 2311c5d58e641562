#include "src/api/client_ip.h"

#include <gtest/gtest.h>

namespace hotline::api {
namespace {

TEST(TrustedProxies, ParseRefusesGarbage) {
  EXPECT_TRUE(TrustedProxies::Parse({"10.0.0.1", "192.168.0.0/16", "::1", "fd00::/8"}).ok());
  for (const char* bad : {"proxy.local", "10.0.0.0/33", "10.0.0.0/", "::1/129", "1.2.3", ""})
    EXPECT_FALSE(TrustedProxies::Parse({bad}).ok()) << bad;
}

TEST(TrustedProxies, MatchesAddressesAndRanges) {
  auto t = TrustedProxies::Parse({"10.0.0.1", "172.16.0.0/12", "fd00::/8"}).value();
  EXPECT_TRUE(t.IsTrusted("10.0.0.1"));
  EXPECT_FALSE(t.IsTrusted("10.0.0.2"));
  EXPECT_TRUE(t.IsTrusted("172.31.255.255"));
  EXPECT_FALSE(t.IsTrusted("172.32.0.1"));
  EXPECT_TRUE(t.IsTrusted("fd12::5"));
  EXPECT_FALSE(t.IsTrusted("fe80::1"));
  EXPECT_TRUE(t.IsTrusted("::ffff:10.0.0.1"));  // IPv4-mapped peer
  EXPECT_FALSE(t.IsTrusted("garbage"));
}

TEST(TrustedProxies, ClientAddress) {
  auto t = TrustedProxies::Parse({"10.0.0.1", "10.0.0.2"}).value();
  struct Row {
    const char* peer;
    const char* xff;
    const char* want;
  };
  const Row rows[] = {
      // An untrusted peer is the client whatever it claims.
      {"203.0.113.7", "1.1.1.1", "203.0.113.7"},
      {"203.0.113.7", "", "203.0.113.7"},
      // A trusted proxy: the rightmost untrusted entry.
      {"10.0.0.1", "198.51.100.4", "198.51.100.4"},
      {"10.0.0.1", "6.6.6.6, 198.51.100.4", "198.51.100.4"},   // the client forged 6.6.6.6
      {"10.0.0.1", "198.51.100.4, 10.0.0.2", "198.51.100.4"},  // two proxies in a row
      {"10.0.0.1", "garbage, 198.51.100.4", "198.51.100.4"},
      {"10.0.0.1", " 2001:db8::1 ", "2001:db8::1"},
      // No usable header: the peer.
      {"10.0.0.1", "", "10.0.0.1"},
      {"10.0.0.1", "198.51.100.4, not-an-ip", "10.0.0.1"},
      // Every entry trusted: the leftmost.
      {"10.0.0.1", "10.0.0.2", "10.0.0.2"},
  };
  for (const auto& r : rows)
    EXPECT_EQ(t.ClientAddress(r.peer, r.xff), r.want) << r.peer << " | " << r.xff;
  TrustedProxies none;
  EXPECT_EQ(none.ClientAddress("10.0.0.1", "198.51.100.4"), "10.0.0.1");
}

}  // namespace
}  // namespace hotline::api
