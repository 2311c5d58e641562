#include "src/workflow/calendar.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cassert>
#include <chrono>

namespace hotline::workflow {
namespace {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::floor;

constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kDayMs = 24 * 60 * kMinuteMs;

bool IsWeekend(Date d) {
  std::chrono::weekday w{Days(d)};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

std::string_view Sv(json::string_view s) { return {s.data(), s.size()}; }

Result<Date> DateField(const json::value* v, const std::string& field) {
  if (v == nullptr || !v->is_string()) return Status::Invalid("expected a date YYYY-MM-DD", field);
  auto parsed = ParseDate(Sv(v->get_string()));
  if (!parsed.ok()) return Status::Invalid(parsed.status().message(), field);
  return *parsed;
}

Result<std::string> StringField(const json::object& obj, std::string_view key,
                                const std::string& field, bool required) {
  const json::value* v = obj.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr) {
    if (required) return Status::Invalid("missing", field);
    return std::string();
  }
  if (!v->is_string()) return Status::Invalid("expected a string", field);
  return std::string(Sv(v->get_string()));
}

Status OnlyKeys(const json::object& obj, std::initializer_list<std::string_view> keys,
                const std::string& prefix) {
  for (const auto& kv : obj) {
    if (std::find(keys.begin(), keys.end(), Sv(kv.key())) == keys.end())
      return Status::Invalid("unknown field", prefix + std::string(Sv(kv.key())));
  }
  return Status::Ok();
}

Result<Holiday> HolidayFromJson(const json::value& v, const std::string& prefix) {
  const json::object* obj = v.if_object();
  if (obj == nullptr) return Status::Invalid("expected an object", prefix);
  HOTLINE_RETURN_IF_ERROR(OnlyKeys(*obj, {"name", "name_en", "from", "to"}, prefix + "."));
  Holiday h;
  HOTLINE_ASSIGN_OR_RETURN(h.name, StringField(*obj, "name", prefix + ".name", true));
  HOTLINE_ASSIGN_OR_RETURN(h.name_en, StringField(*obj, "name_en", prefix + ".name_en", false));
  HOTLINE_ASSIGN_OR_RETURN(h.from, DateField(obj->if_contains("from"), prefix + ".from"));
  HOTLINE_ASSIGN_OR_RETURN(h.to, DateField(obj->if_contains("to"), prefix + ".to"));
  return h;
}

}  // namespace

Status ValidateYearSchedule(const YearSchedule& s) {
  if (s.year < 1970 || s.year > 9999) return Status::Invalid("year out of range", "year");
  const std::chrono::year y{s.year};
  auto in_year = [&](Date d) { return d.ok() && d.year() == y; };
  for (size_t i = 0; i < s.holidays.size(); ++i) {
    const Holiday& h = s.holidays[i];
    const std::string prefix = "holidays[" + std::to_string(i) + "]";
    if (h.name.empty()) return Status::Invalid("holiday name is empty", prefix + ".name");
    if (!in_year(h.from))
      return Status::Invalid("date not in the schedule's year", prefix + ".from");
    if (!in_year(h.to)) return Status::Invalid("date not in the schedule's year", prefix + ".to");
    if (Days(h.to) < Days(h.from))
      return Status::Invalid("holiday ends before it starts", prefix + ".to");
    for (size_t j = 0; j < i; ++j) {
      const Holiday& o = s.holidays[j];
      if (Days(h.from) <= Days(o.to) && Days(o.from) <= Days(h.to))
        return Status::Invalid("overlaps holidays[" + std::to_string(j) + "]", prefix + ".from");
    }
  }
  for (size_t i = 0; i < s.make_up_workdays.size(); ++i) {
    Date d = s.make_up_workdays[i];
    const std::string field = "make_up_workdays[" + std::to_string(i) + "]";
    if (!in_year(d)) return Status::Invalid("date not in the schedule's year", field);
    if (!IsWeekend(d))
      return Status::Invalid("a make-up working day must be a Saturday or Sunday", field);
    for (size_t j = 0; j < i; ++j) {
      if (s.make_up_workdays[j] == d) return Status::Invalid("listed twice", field);
    }
    for (const Holiday& h : s.holidays) {
      if (Days(h.from) <= Days(d) && Days(d) <= Days(h.to))
        return Status::Invalid("falls inside the holiday " + h.name, field);
    }
  }
  return Status::Ok();
}

Result<YearSchedule> ParseYearSchedule(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) return Status::Invalid("not valid JSON: " + ec.message());
  const json::object* obj = root.if_object();
  if (obj == nullptr) return Status::Invalid("expected a JSON object");
  HOTLINE_RETURN_IF_ERROR(OnlyKeys(*obj, {"year", "source", "holidays", "make_up_workdays"}, ""));

  YearSchedule s;
  const json::value* year = obj->if_contains("year");
  if (year == nullptr || !year->is_int64())
    return Status::Invalid("expected an integer year", "year");
  if (year->get_int64() < 1970 || year->get_int64() > 9999)
    return Status::Invalid("year out of range", "year");
  s.year = int(year->get_int64());
  HOTLINE_ASSIGN_OR_RETURN(s.source, StringField(*obj, "source", "source", false));

  const json::value* holidays = obj->if_contains("holidays");
  if (holidays == nullptr || !holidays->is_array())
    return Status::Invalid("expected an array", "holidays");
  for (const json::value& h : holidays->get_array()) {
    const std::string prefix = "holidays[" + std::to_string(s.holidays.size()) + "]";
    HOTLINE_ASSIGN_OR_RETURN(Holiday parsed, HolidayFromJson(h, prefix));
    s.holidays.push_back(std::move(parsed));
  }

  const json::value* makeups = obj->if_contains("make_up_workdays");
  if (makeups == nullptr || !makeups->is_array())
    return Status::Invalid("expected an array", "make_up_workdays");
  for (const json::value& d : makeups->get_array()) {
    const std::string field = "make_up_workdays[" + std::to_string(s.make_up_workdays.size()) + "]";
    HOTLINE_ASSIGN_OR_RETURN(Date parsed, DateField(&d, field));
    s.make_up_workdays.push_back(parsed);
  }

  HOTLINE_RETURN_IF_ERROR(ValidateYearSchedule(s));
  return s;
}

std::string YearScheduleToJson(const YearSchedule& s) {
  json::object root;
  root["year"] = s.year;
  root["source"] = s.source;
  json::array holidays;
  for (const Holiday& h : s.holidays) {
    json::object o;
    o["name"] = h.name;
    o["name_en"] = h.name_en;
    o["from"] = FormatDate(h.from);
    o["to"] = FormatDate(h.to);
    holidays.push_back(std::move(o));
  }
  root["holidays"] = std::move(holidays);
  json::array makeups;
  for (Date d : s.make_up_workdays) makeups.push_back(json::string(FormatDate(d)));
  root["make_up_workdays"] = std::move(makeups);
  return json::serialize(root);
}

Status ValidateOfficeHours(const OfficeHours& hours) {
  if (hours.intervals.empty()) return Status::Invalid("no office hours", "office_hours");
  int prev_end = 0;
  for (size_t i = 0; i < hours.intervals.size(); ++i) {
    auto [begin, end] = hours.intervals[i];
    const std::string field = "office_hours[" + std::to_string(i) + "]";
    if (begin < 0 || end > 24 * 60 || begin >= end)
      return Status::Invalid("expected 0 <= begin < end <= 1440 minutes", field);
    if (begin < prev_end)
      return Status::Invalid("intervals must be ascending and must not overlap", field);
    prev_end = end;
  }
  return Status::Ok();
}

std::string_view Name(DayKind kind) {
  switch (kind) {
    case DayKind::kWorkday:
      return "workday";
    case DayKind::kWeekend:
      return "weekend";
    case DayKind::kHoliday:
      return "holiday";
    case DayKind::kMakeUpWorkday:
      return "make_up_workday";
  }
  return "workday";
}

WorkCalendar::WorkCalendar(TimeZone tz, OfficeHours hours) : tz_(tz), hours_(std::move(hours)) {
  assert(ValidateOfficeHours(hours_).ok());
  assert(tz_.offset_minutes > -24 * 60 && tz_.offset_minutes < 24 * 60);
  for (auto [begin, end] : hours_.intervals) {
    intervals_ms_.emplace_back(begin * kMinuteMs, end * kMinuteMs);
    day_ms_ += (end - begin) * kMinuteMs;
  }
}

void WorkCalendar::SetYear(YearSchedule schedule) {
  assert(ValidateYearSchedule(schedule).ok());
  const std::chrono::year y{schedule.year};
  const Days first{y / std::chrono::January / 1};
  const Days next{(y + std::chrono::years(1)) / std::chrono::January / 1};
  YearData data;
  data.marks.assign(size_t((next - first).count()), kNone);
  auto index = [&](Date d) -> std::optional<size_t> {
    if (!d.ok() || d.year() != y) return std::nullopt;  // unreachable for a valid schedule
    return size_t((Days(d) - first).count());
  };
  for (size_t i = 0; i < schedule.holidays.size(); ++i) {
    const Holiday& h = schedule.holidays[i];
    auto from = index(h.from), to = index(h.to);
    if (!from || !to) continue;
    for (size_t k = *from; k <= *to; ++k) data.marks[k] = int16_t(i);
  }
  for (Date d : schedule.make_up_workdays) {
    if (auto k = index(d); k && data.marks[*k] == kNone) data.marks[*k] = kMakeUp;
  }
  data.schedule = std::move(schedule);
  const int key = data.schedule.year;
  years_.insert_or_assign(key, std::move(data));
}

bool WorkCalendar::HasYear(int year) const { return years_.count(year) != 0; }

std::vector<int> WorkCalendar::Years() const {
  std::vector<int> out;
  for (const auto& [year, data] : years_) out.push_back(year);
  return out;
}

const YearSchedule* WorkCalendar::Year(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? nullptr : &it->second.schedule;
}

int16_t WorkCalendar::MarkOf(Date d) const {
  auto it = years_.find(int(d.year()));
  if (it == years_.end()) return kNone;
  const Days first{d.year() / std::chrono::January / 1};
  auto k = size_t((Days(d) - first).count());
  return k < it->second.marks.size() ? it->second.marks[k] : kNone;
}

DayKind WorkCalendar::KindOf(Date d) const {
  int16_t mark = MarkOf(d);
  if (mark >= 0) return DayKind::kHoliday;
  if (mark == kMakeUp) return DayKind::kMakeUpWorkday;
  return IsWeekend(d) ? DayKind::kWeekend : DayKind::kWorkday;
}

bool WorkCalendar::IsWorkingDay(Date d) const {
  DayKind k = KindOf(d);
  return k == DayKind::kWorkday || k == DayKind::kMakeUpWorkday;
}

std::optional<std::string> WorkCalendar::HolidayName(Date d) const {
  int16_t mark = MarkOf(d);
  if (mark < 0) return std::nullopt;
  return years_.at(int(d.year())).schedule.holidays[size_t(mark)].name;
}

Date WorkCalendar::NextWorkingDay(Date d) const {
  Days day = Days(d) + days(1);
  while (!IsWorkingDay(day)) day += days(1);
  return Date{day};
}

TimePoint WorkCalendar::Advance(TimePoint start, Millis d, ClockKind clock) const {
  if (clock == ClockKind::kNatural) return start + d;
  if (d.count() <= 0) return start;
  const Millis offset = std::chrono::minutes(tz_.offset_minutes);
  const TimePoint local = start + offset;  // local wall time, written as if it were UTC
  Days day = floor<days>(local);
  int64_t pos = (local - day).count();  // ms since local midnight
  int64_t remaining = d.count();
  for (;; day += days(1), pos = 0) {
    if (!IsWorkingDay(day)) continue;
    if (pos == 0 && remaining > day_ms_) {  // a whole office day is consumed
      remaining -= day_ms_;
      continue;
    }
    for (auto [begin, end] : intervals_ms_) {
      if (pos >= end) continue;
      const int64_t from = std::max(pos, begin);
      if (remaining <= end - from) return TimePoint(day) + Millis(from + remaining) - offset;
      remaining -= end - from;
    }
  }
}

Millis WorkCalendar::Elapsed(TimePoint a, TimePoint b, ClockKind clock) const {
  if (b <= a) return Millis(0);
  if (clock == ClockKind::kNatural) return b - a;
  const Millis offset = std::chrono::minutes(tz_.offset_minutes);
  const TimePoint la = a + offset, lb = b + offset;
  const Days first = floor<days>(la), last = floor<days>(lb);
  int64_t total = 0;
  for (Days day = first; day <= last; day += days(1)) {
    if (!IsWorkingDay(day)) continue;
    // The part of [a, b) that lies on this day, in ms since its local midnight.
    const int64_t lo = day == first ? (la - day).count() : 0;
    const int64_t hi = day == last ? (lb - day).count() : kDayMs;
    if (lo == 0 && hi == kDayMs) {
      total += day_ms_;
      continue;
    }
    for (auto [begin, end] : intervals_ms_) {
      const int64_t from = std::max(lo, begin), to = std::min(hi, end);
      if (from < to) total += to - from;
    }
  }
  return Millis(total);
}

TimePoint WorkCalendar::AddMinutes(TimePoint start, int64_t minutes, ClockKind clock) const {
  return Advance(start, std::chrono::minutes(minutes), clock);
}

int64_t WorkCalendar::MinutesBetween(TimePoint a, TimePoint b, ClockKind clock) const {
  return Elapsed(a, b, clock).count() / kMinuteMs;
}

TimePoint WorkCalendar::AddWorkingDays(TimePoint start, int64_t n) const {
  if (n <= 0) return start;
  const Date today = LocalDate(start, tz_);
  const int64_t pos = (start - LocalMidnight(today, tz_)).count();
  const int64_t open = intervals_ms_.front().first, close = intervals_ms_.back().second;
  if (IsWorkingDay(today) && pos >= open && pos < close) {
    Date d = today;
    for (int64_t i = 0; i < n; ++i) d = NextWorkingDay(d);
    return LocalMidnight(d, tz_) + Millis(pos);
  }
  Date d = IsWorkingDay(today) && pos < open ? today : NextWorkingDay(today);
  for (int64_t i = 1; i < n; ++i) d = NextWorkingDay(d);
  return LocalMidnight(d, tz_) + Millis(close);
}

}  // namespace hotline::workflow
