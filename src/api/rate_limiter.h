// A token-bucket rate limiter keyed by string (a client IP, a phone number...).
//
// Each key has a bucket of `capacity` tokens that refills continuously at capacity per `period`
// (e.g. 10 per minute). Allow(key) takes one token or says how long to wait for the next one.
// Time comes from the injected Clock, so tests move it. Memory is bounded: beyond `max_keys`
// buckets the least recently used key is evicted (a forgotten key starts again with a full
// bucket, which only ever errs on the lenient side).
//
// Thread-safe: every method may be called from any thread (one mutex, O(1) per call).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "src/common/clock.h"

namespace hotline::api {

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    Millis retry_after{0};  // when refused: the wait until one token is back (> 0)
    // Whole seconds for a Retry-After header (at least 1 when refused).
    long long RetryAfterSeconds() const { return allowed ? 0 : (retry_after.count() + 999) / 1000; }
  };

  // REQUIRES: capacity >= 1, period > 0, max_keys >= 1.
  RateLimiter(const Clock& clock, int capacity, Millis period, size_t max_keys = 100000);

  // Takes one token from key's bucket if it has one.
  Decision Allow(std::string_view key);

  size_t size() const;  // buckets currently held (<= max_keys)

 private:
  // Integer arithmetic, exact: one token is period_ms credits and a bucket gains `capacity`
  // credits per millisecond.
  struct Bucket {
    int64_t credits = 0;
    TimePoint at{};
    std::list<std::string>::iterator lru;  // position in lru_
  };

  const Clock& clock_;
  const int64_t capacity_;
  const int64_t period_ms_;
  const size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
  std::list<std::string> lru_;                       // GUARDED_BY(mu_): front = most recent
};

}  // namespace hotline::api
