// What the analytics files share: the indexes of the rollup counters (store::kKpiCounterNames
// order) and the integer key of a stored id.
#pragma once

#include <cstdint>
#include <string>

#include "src/store/store.h"

namespace hotline::analytics {

enum Counter {
  kReceived,
  kExcluded,
  kAnswered,
  kRepeated,
  kDispatched,
  kSigned,
  kSignedOnTime,
  kReplied,
  kRepliedOnTime,
  kContactedOnTime,
  kReturned,
  kRedone,
  kRated,
  kSatisfied,
  kBasicallySatisfied,
  kResolved,
  kClosed,
  kHandleSeconds,
  kOverdue
};
static_assert(kOverdue + 1 == store::kKpiCounters);

// The integer key of a stored id ("42" → 42); 0 (= none) for "" or anything not a short number.
inline int64_t IdNum(const std::string& s) {
  if (s.empty() || s.size() > 18) return 0;
  int64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return 0;
    v = v * 10 + (ch - '0');
  }
  return v;
}

}  // namespace hotline::analytics
