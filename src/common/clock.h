// Time: one representation (UTC milliseconds) and one source (an injected Clock).
// Business code never reads the system clock; it asks the Clock it was given, so tests move time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace hotline {

using Millis = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Millis>;  // UTC instant

inline int64_t ToUnixMillis(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromUnixMillis(int64_t ms) { return TimePoint(Millis(ms)); }

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;  // Thread-safe.
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
  }
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : ms_(ToUnixMillis(start)) {}
  TimePoint Now() const override { return FromUnixMillis(ms_.load()); }
  void Set(TimePoint t) { ms_.store(ToUnixMillis(t)); }
  void Advance(Millis d) { ms_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> ms_;
};

}  // namespace hotline
