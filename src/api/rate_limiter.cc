#include "src/api/rate_limiter.h"

#include <algorithm>

namespace hotline::api {

RateLimiter::RateLimiter(const Clock& clock, int capacity, Millis period, size_t max_keys)
    : clock_(clock),
      capacity_(std::max(1, capacity)),
      period_ms_(std::max<int64_t>(1, period.count())),
      max_keys_(std::max<size_t>(1, max_keys)) {}

RateLimiter::Decision RateLimiter::Allow(std::string_view key) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    while (buckets_.size() >= max_keys_ && !lru_.empty()) {
      buckets_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.emplace_front(key);
    it = buckets_.emplace(std::string(key), Bucket{capacity_ * period_ms_, now, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
  }
  Bucket& b = it->second;
  const int64_t full = capacity_ * period_ms_;
  if (now > b.at) {
    const int64_t elapsed = (now - b.at).count();
    // elapsed * capacity_ may overflow only after ~centuries; cap it at a full bucket first.
    b.credits = elapsed >= period_ms_ ? full : std::min(full, b.credits + elapsed * capacity_);
    b.at = now;
  }
  if (b.credits >= period_ms_) {
    b.credits -= period_ms_;
    return {};
  }
  const int64_t wait = (period_ms_ - b.credits + capacity_ - 1) / capacity_;
  return {false, Millis(std::max<int64_t>(1, wait))};
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace hotline::api
