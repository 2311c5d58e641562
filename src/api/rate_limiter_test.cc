#include "src/api/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace hotline::api {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(RateLimiter, AllowsCapacityThenRefusesWithRetryAfter) {
  FakeClock clock(FromUnixMillis(1'700'000'000'000));
  RateLimiter rl(clock, 10, minutes(1));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(rl.Allow("1.2.3.4").allowed) << i;
  auto d = rl.Allow("1.2.3.4");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, Millis(6000));  // one token every 6 s
  EXPECT_EQ(d.RetryAfterSeconds(), 6);
  // Other keys have their own bucket.
  EXPECT_TRUE(rl.Allow("5.6.7.8").allowed);
}

TEST(RateLimiter, RefillsOverTimeUpToCapacity) {
  FakeClock clock(FromUnixMillis(1'700'000'000'000));
  RateLimiter rl(clock, 5, std::chrono::hours(1));  // one token per 12 minutes
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(rl.Allow("p").allowed);
  EXPECT_FALSE(rl.Allow("p").allowed);
  clock.Advance(minutes(11));
  auto d = rl.Allow("p");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.RetryAfterSeconds(), 60);
  clock.Advance(minutes(1));
  EXPECT_TRUE(rl.Allow("p").allowed);
  EXPECT_FALSE(rl.Allow("p").allowed);
  // A long idle time refills at most to capacity.
  clock.Advance(std::chrono::hours(24));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(rl.Allow("p").allowed) << i;
  EXPECT_FALSE(rl.Allow("p").allowed);
}

TEST(RateLimiter, EvictsLeastRecentlyUsedKeysBeyondTheBound) {
  FakeClock clock(FromUnixMillis(1'700'000'000'000));
  RateLimiter rl(clock, 1, minutes(1), 3);
  EXPECT_TRUE(rl.Allow("a").allowed);
  EXPECT_TRUE(rl.Allow("b").allowed);
  EXPECT_TRUE(rl.Allow("c").allowed);
  EXPECT_FALSE(rl.Allow("a").allowed);  // a is now the most recent
  EXPECT_TRUE(rl.Allow("d").allowed);   // evicts b, the least recently used
  EXPECT_EQ(rl.size(), 3u);
  EXPECT_FALSE(rl.Allow("a").allowed);  // still remembered
  EXPECT_TRUE(rl.Allow("b").allowed);   // forgotten: a full bucket again (evicts c)
  EXPECT_EQ(rl.size(), 3u);
  for (int i = 0; i < 1000; ++i) rl.Allow("k" + std::to_string(i));
  EXPECT_EQ(rl.size(), 3u);
}

TEST(RateLimiter, ThreadSafeCountsExactly) {
  FakeClock clock(FromUnixMillis(1'700'000'000'000));
  RateLimiter rl(clock, 100, minutes(1));
  std::atomic<int> allowed{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (rl.Allow("same").allowed) ++allowed;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace hotline::api
