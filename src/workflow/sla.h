// Time limits (时限, SLA): durations, policies, deadlines, warning/overdue state and pauses.
//
// A time-limit policy (时限策略) says, for a case type / urgency / category, how long a unit has to
// sign for an assignment (签收), make first contact with the citizen (响应/联系), resolve it (办结)
// and how long the centre has for the callback (回访). Durations are counted on the WorkCalendar;
// the rules, in plain words, are in docs/sla.md.
//
// Duration units (text form "<amount><suffix>", amount 0..10000):
//   "30m"  minutes        natural time (自然时间)
//   "24h"  hours          natural time
//   "7d"   days           natural time, 24 hours each
//   "2wh"  working hours  office minutes on the working clock (工作小时): start outside office
//   hours
//                         → counting starts at the next opening; the result is the earliest instant
//                         the time is used up (so it may be 17:30 or 12:00, never the next opening)
//   "3wd"  working days   (工作日) WorkCalendar::AddWorkingDays:
//                         - start inside the office day (first opening .. last close, lunch
//                         included)
//                           of a working day → the same local time on the Nth following working
//                           day;
//                         - start before opening, after closing, or on a weekend/holiday → close of
//                           office (17:30) of the Nth working day, counting the first working day
//                           whose opening is after the start as day 1.
//                         Both give exactly N × (office minutes of a day) of working time.
// When the policy runs on the 24×7 clock (urgent cases, clock_24x7 = true) every unit is natural
// time: 1 working hour = 1 hour, 1 working day = 24 hours.
//
// All functions here are pure (no clock reads, no I/O) and thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/clock.h"
#include "src/common/status.h"
#include "src/domain/enums.h"
#include "src/workflow/calendar.h"

namespace hotline::workflow {

enum class DurationUnit { kMinutes, kHours, kWorkingHours, kWorkingDays, kDays };

struct SlaDuration {
  int64_t amount = 0;  // 0..kMaxDurationAmount
  DurationUnit unit = DurationUnit::kMinutes;

  bool operator==(const SlaDuration&) const = default;
};
inline constexpr int64_t kMaxDurationAmount = 10000;

// "30m", "24h", "2wh", "3wd", "7d": decimal digits (no sign, no spaces) then a lower-case suffix.
// Status::Invalid (no field; callers add theirs) on anything else or an amount over 10000.
Result<SlaDuration> ParseDuration(std::string_view text);
// The text form above; ParseDuration(FormatDuration(d)) == d for a valid d.
std::string FormatDuration(SlaDuration d);

// The deadline `d` after `start` (rules in the header comment above).
// REQUIRES: d.amount >= 0.
TimePoint AddDuration(const WorkCalendar& calendar, TimePoint start, SlaDuration d,
                      bool clock_24x7);

// One row of the policy table. A field left as "any" matches every case.
struct SlaPolicy {
  std::string id;                        // [A-Za-z0-9_.-]{1,64}
  std::optional<domain::CaseType> type;  // nullopt = any type
  std::optional<bool> urgent;            // nullopt = urgent or not
  std::string category_id;               // empty = any; else the category and its whole subtree
  SlaDuration sign;                      // 签收时限: from dispatch to the unit's signature
  SlaDuration contact;      // 响应时限: from dispatch to first contact with the citizen
  SlaDuration resolve;      // 办结时限: from dispatch to the unit's reply
  SlaDuration callback;     // 回访时限: from the approved reply to the callback
  bool clock_24x7 = false;  // every duration on the natural clock (urgent cases)
  std::string name;         // shown to admins, 1..200 bytes

  bool operator==(const SlaPolicy&) const = default;
};

// id and name as above; category_id empty or [A-Za-z0-9_.-]{1,64}; every duration 1..10000.
// Status::Invalid with the field ("id", "name", "category_id", "sign", ...).
Status ValidatePolicy(const SlaPolicy& policy);

// JSON form: {"id": "complaint", "name": "投诉类", "type": "complaint" | null, "urgent": false |
// null, "category_id": "" , "sign": "2wh", "contact": "24h", "resolve": "10wd", "callback": "2wd",
// "clock_24x7": false}. PolicyToJson always writes every field.
boost::json::value PolicyToJson(const SlaPolicy& policy);
// Missing "type"/"urgent"/"category_id" (or null) mean any; missing "clock_24x7" means false; the
// rest are required. Unknown fields are rejected. The result passes ValidatePolicy.
Result<SlaPolicy> PolicyFromJson(const boost::json::value& json);

// The defaults of DESIGN.md §3, most specific first:
//   urgent (any type, 24×7)       sign 30m  contact 2h   resolve 24h   callback 2wd (= 48 h on
//   24×7) consultation, help (normal)   sign 2wh  contact 24h  resolve 3wd   callback 2wd
//   complaint, report (normal)    sign 2wh  contact 24h  resolve 10wd  callback 2wd
//   suggestion (normal)           sign 2wh  contact 24h  resolve 15wd  callback 2wd
//   praise (normal)               sign 2wh  contact 24h  resolve 5wd   callback 2wd
//   default (anything else)       sign 2wh  contact 24h  resolve 10wd  callback 2wd
std::vector<SlaPolicy> DefaultPolicies();

// Chooses the policy of a case. Immutable; thread-safe.
class PolicyTable {
 public:
  // If no policy is a catch-all (type, urgent and category all "any"), a built-in one with id
  // "fallback" (the "default" row above) is appended, so Select always finds a policy.
  explicit PolicyTable(std::vector<SlaPolicy> policies);

  // The most specific matching policy. A policy matches when its type, urgency and category are
  // "any" or equal to the case's; a category matches when it is anywhere in category_path (leaf
  // first, then its ancestors up to the root). Specificity, compared in this order:
  //   1. category: a deeper category beats its ancestor, and any category beats none;
  //   2. an exact type beats "any";
  //   3. an exact urgency beats "any".
  // Ties go to the policy earlier in the list. The reference lives as long as the table.
  const SlaPolicy& Select(domain::CaseType type, bool urgent,
                          const std::vector<std::string>& category_path) const;

  const std::vector<SlaPolicy>& policies() const { return policies_; }
  const SlaPolicy* Find(std::string_view id) const;  // nullptr if absent

 private:
  std::vector<SlaPolicy> policies_;
};

// The deadlines of one assignment, all measured from the same start (the dispatch time).
struct Deadlines {
  TimePoint sign_due;
  TimePoint contact_due;
  TimePoint due;  // resolve
};
Deadlines ComputeDeadlines(const WorkCalendar& calendar, const SlaPolicy& policy, TimePoint start);
// The callback deadline counted from `from` (the moment the reply was approved).
TimePoint CallbackDue(const WorkCalendar& calendar, const SlaPolicy& policy, TimePoint from);

// The warning threshold: a limit turns yellow when 75% of it has elapsed.
inline constexpr int kWarnPercent = 75;

// The first instant at which kWarnPercent of the time from start to due has elapsed, measured on
// the working clock (or the natural clock if clock_24x7). If no working time at all lies between
// start and due (a natural-time limit that falls wholly outside office hours), it is measured on
// the natural clock instead. Fractions round up to the next millisecond.
TimePoint WarnAt(const WorkCalendar& calendar, bool clock_24x7, TimePoint start, TimePoint due);
// kOverdue when now > due; else kWarning when now >= WarnAt(...); else kOk.
domain::SlaState SlaStateAt(const WorkCalendar& calendar, bool clock_24x7, TimePoint start,
                            TimePoint due, TimePoint now);

// A pending return (退单待审) pauses the unit's clock: moves `due` later by the clock time (working
// clock unless clock_24x7) inside [paused_at, resumed_at). Returns due unchanged if resumed_at <=
// paused_at or no clock time passed. On the working clock a due at the close of office carries on
// at the next opening (due Mon 17:30 paused 1 working hour → Tue 10:00).
TimePoint ExtendByPause(const WorkCalendar& calendar, bool clock_24x7, TimePoint due,
                        TimePoint paused_at, TimePoint resumed_at);

}  // namespace hotline::workflow
