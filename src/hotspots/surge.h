// Surge detection (突发聚集): many cases with the same key — a category, or a watch term such as
// 停水, in one street (or district) — within a sliding window. Raised once: once a key has
// `min_cases` cases within `window`, a surge is raised with those cases; later cases with a key of
// an open surge join it while they come within `join_gap` of its last case. Pure (no I/O, no
// clock: times are the cases' own), so it is tested with hand-made cases; SurgeWatcher feeds it
// from the store. Not thread-safe.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "src/common/clock.h"

namespace hotline::hotspots {

struct SurgeRules {
  Millis window{std::chrono::minutes(60)};
  int min_cases = 30;
  Millis join_gap{std::chrono::minutes(360)};
};

struct SurgeInput {
  std::string case_id;
  TimePoint at{};
  std::vector<std::string> keys;  // most specific first, e.g. "c:12|s:34", "t:停水|s:34"
};

struct SurgeOutcome {
  enum class Kind { kNone, kRaise, kJoin } kind = Kind::kNone;
  std::string key;
  std::string surge_id;              // kJoin: the open surge
  std::vector<std::string> members;  // kRaise: the window's cases, this one last
  std::vector<std::string>
      keys;  // kRaise: every key of the raising case (the surge answers to all)
};

class SurgeDetector {
 public:
  explicit SurgeDetector(SurgeRules rules) : rules_(rules) {}

  SurgeOutcome Add(const SurgeInput& c);
  // Counts a case into the windows without raising or joining (warming up after a restart).
  void Warm(const SurgeInput& c);
  // After a raise was stored: the keys now belong to surge `id` (last case at `at`).
  void Opened(const std::vector<std::string>& keys, const std::string& id, TimePoint at);
  // Replaces the set of open surges (key → surge id, last case time); others are forgotten.
  void SetOpen(const std::map<std::string, std::pair<std::string, TimePoint>>& open);
  const SurgeRules& rules() const { return rules_; }

 private:
  struct Entry {
    TimePoint at;
    std::string case_id;
  };
  void Push(const std::string& key, const SurgeInput& c);

  SurgeRules rules_;
  std::map<std::string, std::deque<Entry>> windows_;
  std::map<std::string, std::pair<std::string, TimePoint>> open_;  // key → (surge id, last case at)
};

}  // namespace hotline::hotspots
