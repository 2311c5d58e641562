// The working-day calendar (工作日历) and the two clocks that time limits run on.
//
// A day is a working day (工作日) when it is Monday–Friday and not a statutory holiday
// (法定节假日), or when it is a weekend day the State Council declared a make-up working day
// (调休上班). The holidays and make-up days of a year come from that year's schedule (YearSchedule,
// one JSON file per year: data/calendar/cn-YYYY.json); a year without a schedule falls back to the
// plain Monday–Friday rule. On a working day only the office hours (办公时间, default 09:00–12:00
// and 13:30–17:30 local time) count on the working clock; the natural clock (自然时间) counts every
// millisecond, 24×7. See docs/sla.md for the rules in plain words.
//
// Thread-safety: a WorkCalendar is built (constructor + SetYear) by one thread and then only read;
// every const method is safe to call concurrently. To change a calendar at run time, build a new
// one and swap a std::shared_ptr<const WorkCalendar>.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/common/clock.h"
#include "src/common/status.h"
#include "src/common/time.h"

namespace hotline::workflow {

// One statutory holiday period (放假), both ends inclusive, e.g. 国庆节 2026-10-01..2026-10-07.
struct Holiday {
  Date from;
  Date to;
  std::string name;     // zh-CN, e.g. "春节"
  std::string name_en;  // e.g. "Spring Festival"; may be empty

  bool operator==(const Holiday&) const = default;
};

// The official holiday arrangement of one year (国务院办公厅关于 YYYY 年部分节假日安排的通知).
// Every date lies in `year`. A holiday that the notice starts in the previous year (e.g. 元旦 of
// 2023 from 2022-12-31) is entered in the schedule of the year each date belongs to.
struct YearSchedule {
  int year = 0;
  std::string source;                  // where the arrangement was published; may be empty
  std::vector<Holiday> holidays;       // in file order; non-overlapping
  std::vector<Date> make_up_workdays;  // 调休上班: Saturdays or Sundays that are working days

  bool operator==(const YearSchedule&) const = default;
};

// Checks a schedule: year in 1970..9999; every holiday has a name, from <= to and both dates in
// `year`; holidays do not overlap each other; every make-up day is in `year`, a Saturday or Sunday,
// listed once and not inside a holiday. Returns Status::Invalid whose field() names the offender,
// e.g. "holidays[2].to" or "make_up_workdays[0]".
Status ValidateYearSchedule(const YearSchedule& schedule);

// Parses the JSON of data/calendar/cn-YYYY.json:
//   {"year": 2026, "source": "...",
//    "holidays": [{"name": "春节", "name_en": "Spring Festival",
//                  "from": "2026-02-15", "to": "2026-02-23"}, ...],
//    "make_up_workdays": ["2026-02-14", ...]}
// "year", "holidays" and "make_up_workdays" are required; "source" and "name_en" may be omitted.
// Unknown fields are rejected (they are typos in hand-edited files). The result passes
// ValidateYearSchedule; any failure is Status::Invalid with the offending field.
Result<YearSchedule> ParseYearSchedule(std::string_view json);
// The same format; ParseYearSchedule(YearScheduleToJson(s)) == s for a valid s.
std::string YearScheduleToJson(const YearSchedule& schedule);

// Office hours (办公时间) of a working day: half-open intervals [begin, end) in minutes since local
// midnight. Lunch is the gap between intervals.
struct OfficeHours {
  std::vector<std::pair<int, int>> intervals = {{9 * 60, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};

  bool operator==(const OfficeHours&) const = default;
};

// At least one interval; each 0 <= begin < end <= 1440; ascending and non-overlapping
// (end_i <= begin_{i+1}). Status::Invalid with field "office_hours[i]" otherwise.
Status ValidateOfficeHours(const OfficeHours& hours);

enum class DayKind {
  kWorkday,        // 工作日: Monday–Friday, no holiday
  kWeekend,        // 周末: Saturday or Sunday, not a make-up day
  kHoliday,        // 法定节假日 (also when it falls on a weekend)
  kMakeUpWorkday,  // 调休上班: a weekend day that is a working day
};
// "workday", "weekend", "holiday", "make_up_workday".
std::string_view Name(DayKind kind);

enum class ClockKind {
  kNatural,  // 自然时间: wall time, 24×7
  kWorking,  // 工作时间: only office hours of working days
};

class WorkCalendar {
 public:
  // REQUIRES: ValidateOfficeHours(hours).ok(); |tz.offset_minutes| < 24 * 60.
  explicit WorkCalendar(TimeZone tz = {}, OfficeHours hours = {});

  // Installs (or replaces) the schedule of schedule.year.
  // REQUIRES: ValidateYearSchedule(schedule).ok() (ParseYearSchedule guarantees it). Not
  // thread-safe: call only while building.
  void SetYear(YearSchedule schedule);

  bool HasYear(int year) const;
  std::vector<int> Years() const;  // ascending
  // The installed schedule, or nullptr. The pointer stays valid while this calendar lives and the
  // same year is not set again.
  const YearSchedule* Year(int year) const;

  TimeZone time_zone() const { return tz_; }
  const OfficeHours& office_hours() const { return hours_; }
  // Office minutes of one working day (420 with the default hours).
  int64_t OfficeMinutesPerDay() const { return day_ms_ / 60'000; }

  // REQUIRES: d.ok(). Years without a schedule: Monday–Friday are workdays, the rest weekend.
  DayKind KindOf(Date d) const;
  bool IsWorkingDay(Date d) const;  // kWorkday or kMakeUpWorkday
  // The zh-CN name of the holiday covering d, if any.
  std::optional<std::string> HolidayName(Date d) const;
  // The first working day strictly after d.
  Date NextWorkingDay(Date d) const;

  // The instant `d` of clock time after `start`.
  // kNatural: start + d (d may be negative).
  // kWorking: consumes only office time of working days; a start outside office hours begins at the
  //   next office minute. Returns the earliest instant at which d has been consumed, so a limit
  //   that ends with an office interval ends at its close (17:30), not at the next opening. d <= 0
  //   returns start unchanged.
  // Cost: O(days spanned); never loops per minute.
  TimePoint Advance(TimePoint start, Millis d, ClockKind clock) const;
  // Clock time inside [a, b); zero if b <= a.
  Millis Elapsed(TimePoint a, TimePoint b, ClockKind clock) const;

  // Minute versions of the two above. MinutesBetween floors to whole minutes.
  // Property: MinutesBetween(s, AddMinutes(s, m, k), k) == m for every m > 0.
  TimePoint AddMinutes(TimePoint start, int64_t minutes, ClockKind clock) const;
  int64_t MinutesBetween(TimePoint a, TimePoint b, ClockKind clock) const;

  // N working days (N个工作日) after start — the rule of docs/sla.md:
  // - start inside the office day (between the first opening and the last close, lunch included) of
  // a
  //   working day: the same local time of day on the Nth following working day;
  // - otherwise (before opening, after closing, or on a non-working day): the close of office of
  // the
  //   Nth working day, counting the first working day whose opening is after start as day 1.
  // Either way exactly N * OfficeMinutesPerDay() working minutes lie between start and the result.
  // n <= 0 returns start.
  TimePoint AddWorkingDays(TimePoint start, int64_t n) const;

 private:
  struct YearData {
    YearSchedule schedule;
    // Per day of the year: kNone, kMakeUp, or the index of the holiday in schedule.holidays.
    std::vector<int16_t> marks;
  };
  static constexpr int16_t kNone = -1;
  static constexpr int16_t kMakeUp = -2;

  int16_t MarkOf(Date d) const;
  bool IsWorkingDay(Days day) const { return IsWorkingDay(Date{day}); }

  TimeZone tz_;
  OfficeHours hours_;
  std::vector<std::pair<int64_t, int64_t>> intervals_ms_;  // office intervals in ms since midnight
  int64_t day_ms_ = 0;                                     // sum of intervals_ms_
  std::map<int, YearData> years_;
};

}  // namespace hotline::workflow
