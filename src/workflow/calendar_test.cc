#include "src/workflow/calendar.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hotline::workflow {
namespace {

// Copies of data/calendar/cn-2025.json and cn-2026.json, so these unit tests need no files.
constexpr std::string_view k2025 = R"({
  "year": 2025,
  "source": "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）",
  "holidays": [
    {"name": "元旦", "name_en": "New Year's Day", "from": "2025-01-01", "to": "2025-01-01"},
    {"name": "春节", "name_en": "Spring Festival", "from": "2025-01-28", "to": "2025-02-04"},
    {"name": "清明节", "name_en": "Qingming Festival", "from": "2025-04-04", "to": "2025-04-06"},
    {"name": "劳动节", "name_en": "Labour Day", "from": "2025-05-01", "to": "2025-05-05"},
    {"name": "端午节", "name_en": "Dragon Boat Festival", "from": "2025-05-31", "to": "2025-06-02"},
    {"name": "国庆节、中秋节", "name_en": "National Day and Mid-Autumn Festival", "from": "2025-10-01", "to": "2025-10-08"}
  ],
  "make_up_workdays": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]
})";
constexpr std::string_view k2026 = R"({
  "year": 2026,
  "source": "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04，新华社）",
  "holidays": [
    {"name": "元旦", "name_en": "New Year's Day", "from": "2026-01-01", "to": "2026-01-03"},
    {"name": "春节", "name_en": "Spring Festival", "from": "2026-02-15", "to": "2026-02-23"},
    {"name": "清明节", "name_en": "Qingming Festival", "from": "2026-04-04", "to": "2026-04-06"},
    {"name": "劳动节", "name_en": "Labour Day", "from": "2026-05-01", "to": "2026-05-05"},
    {"name": "端午节", "name_en": "Dragon Boat Festival", "from": "2026-06-19", "to": "2026-06-21"},
    {"name": "中秋节", "name_en": "Mid-Autumn Festival", "from": "2026-09-25", "to": "2026-09-27"},
    {"name": "国庆节", "name_en": "National Day", "from": "2026-10-01", "to": "2026-10-07"}
  ],
  "make_up_workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
})";

Date D(std::string_view s) {
  auto d = ParseDate(s);
  EXPECT_TRUE(d.ok()) << s;
  return d.ok() ? *d : Date{};
}

// "2026-03-02T10:00" is city time (+08:00); a full RFC 3339 string is taken as is.
TimePoint T(std::string s) {
  if (s.size() == 16) s += ":00";
  if (s.size() == 19) s += "+08:00";
  auto t = ParseRfc3339(s);
  EXPECT_TRUE(t.ok()) << s;
  return t.ok() ? *t : TimePoint{};
}

WorkCalendar Cn() {
  WorkCalendar cal;
  for (std::string_view json : {k2025, k2026}) {
    auto s = ParseYearSchedule(json);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (s.ok()) cal.SetYear(*s);
  }
  return cal;
}

TEST(YearScheduleTest, ParsesTheOfficialFormat) {
  auto s = ParseYearSchedule(k2026);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->year, 2026);
  EXPECT_EQ(s->source, "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04，新华社）");
  ASSERT_EQ(s->holidays.size(), 7u);
  EXPECT_EQ(s->holidays[1], (Holiday{D("2026-02-15"), D("2026-02-23"), "春节", "Spring Festival"}));
  EXPECT_EQ(s->make_up_workdays,
            (std::vector<Date>{D("2026-01-04"), D("2026-02-14"), D("2026-02-28"), D("2026-05-09"),
                               D("2026-09-20"), D("2026-10-10")}));
}

TEST(YearScheduleTest, RoundTrips) {
  const std::string_view cases[] = {
      k2025,
      k2026,
      R"({"year": 2030, "holidays": [], "make_up_workdays": []})",
      R"({"year": 2030, "source": "", "holidays": [{"name": "x", "from": "2030-03-01",
          "to": "2030-03-01"}], "make_up_workdays": []})",
  };
  for (std::string_view json : cases) {
    auto first = ParseYearSchedule(json);
    ASSERT_TRUE(first.ok()) << first.status().ToString() << "\n" << json;
    const std::string out = YearScheduleToJson(*first);
    auto second = ParseYearSchedule(out);
    ASSERT_TRUE(second.ok()) << second.status().ToString() << "\n" << out;
    EXPECT_EQ(*second, *first) << out;
    EXPECT_EQ(YearScheduleToJson(*second), out);
  }
}

TEST(YearScheduleTest, WritesTheFileFormat) {
  YearSchedule s{2030,
                 "src",
                 {{D("2030-02-01"), D("2030-02-03"), "春节", "Spring Festival"}},
                 {D("2030-01-26")}};
  EXPECT_EQ(YearScheduleToJson(s),
            R"({"year":2030,"source":"src","holidays":[{"name":"春节","name_en":"Spring Festival",)"
            R"("from":"2030-02-01","to":"2030-02-03"}],"make_up_workdays":["2030-01-26"]})");
}

TEST(YearScheduleTest, RejectsBadInputNamingTheField) {
  struct Case {
    const char* what;
    std::string json;
    std::string field;
  };
  // A valid base: 2026-02-14 is a Saturday, 2026-03-01 a Sunday, 2026-03-02 a Monday.
  auto with = [](std::string holidays, std::string makeups, std::string year = "2026") {
    return R"({"year": )" + year + R"(, "holidays": [)" + holidays + R"(], "make_up_workdays": [)" +
           makeups + "]}";
  };
  const std::string spring = R"({"name": "春节", "from": "2026-02-15", "to": "2026-02-23"})";
  const Case cases[] = {
      {"not json", "{", ""},
      {"not an object", "[]", ""},
      {"missing year", R"({"holidays": [], "make_up_workdays": []})", "year"},
      {"string year", R"({"year": "2026", "holidays": [], "make_up_workdays": []})", "year"},
      {"year out of range", with("", "", "1969"), "year"},
      {"missing holidays", R"({"year": 2026, "make_up_workdays": []})", "holidays"},
      {"missing make-up days", R"({"year": 2026, "holidays": []})", "make_up_workdays"},
      {"unknown top field", R"({"year": 2026, "holidays": [], "make_up_workday": []})",
       "make_up_workday"},
      {"source not a string", R"({"year": 2026, "source": 1, "holidays": [],
         "make_up_workdays": []})",
       "source"},
      {"holiday not an object", with("1", ""), "holidays[0]"},
      {"holiday without name", with(R"({"from": "2026-02-15", "to": "2026-02-23"})", ""),
       "holidays[0].name"},
      {"holiday with empty name",
       with(R"({"name": "", "from": "2026-02-15", "to": "2026-02-15"})", ""), "holidays[0].name"},
      {"holiday unknown field",
       with(R"({"name": "a", "from": "2026-02-15", "to": "2026-02-15",
         "days": 1})",
            ""),
       "holidays[0].days"},
      {"holiday bad date", with(R"({"name": "a", "from": "2026-02-30", "to": "2026-03-01"})", ""),
       "holidays[0].from"},
      {"holiday missing to", with(R"({"name": "a", "from": "2026-02-15"})", ""), "holidays[0].to"},
      {"holiday reversed", with(R"({"name": "a", "from": "2026-02-16", "to": "2026-02-15"})", ""),
       "holidays[0].to"},
      {"holiday in another year",
       with(R"({"name": "a", "from": "2025-12-31", "to": "2026-01-01"})", ""), "holidays[0].from"},
      {"holiday ends next year",
       with(R"({"name": "a", "from": "2026-12-31", "to": "2027-01-01"})", ""), "holidays[0].to"},
      {"holidays overlap",
       with(spring + R"(, {"name": "b", "from": "2026-02-23", "to": "2026-02-24"})", ""),
       "holidays[1].from"},
      {"make-up day not a string", with("", "20260214"), "make_up_workdays[0]"},
      {"make-up day on a weekday", with("", R"("2026-03-02")"), "make_up_workdays[0]"},
      {"make-up day in another year", with("", R"("2025-09-28")"), "make_up_workdays[0]"},
      {"make-up day twice", with("", R"("2026-02-14", "2026-03-01", "2026-02-14")"),
       "make_up_workdays[2]"},
      {"make-up day inside a holiday", with(spring, R"("2026-02-14", "2026-02-21")"),
       "make_up_workdays[1]"},
  };
  for (const Case& c : cases) {
    auto s = ParseYearSchedule(c.json);
    ASSERT_FALSE(s.ok()) << c.what;
    EXPECT_TRUE(s.status().IsInvalid()) << c.what;
    EXPECT_EQ(s.status().field(), c.field) << c.what << ": " << s.status().ToString();
  }
}

TEST(OfficeHoursTest, Validates) {
  struct Case {
    OfficeHours hours;
    std::string field;  // empty: valid
  };
  const Case cases[] = {
      {OfficeHours{}, ""},
      {OfficeHours{{{0, 1440}}}, ""},
      {OfficeHours{{{540, 720}, {720, 1050}}}, ""},  // touching is fine
      {OfficeHours{{}}, "office_hours"},
      {OfficeHours{{{540, 540}}}, "office_hours[0]"},
      {OfficeHours{{{600, 540}}}, "office_hours[0]"},
      {OfficeHours{{{-1, 540}}}, "office_hours[0]"},
      {OfficeHours{{{540, 1441}}}, "office_hours[0]"},
      {OfficeHours{{{540, 720}, {700, 1050}}}, "office_hours[1]"},
      {OfficeHours{{{810, 1050}, {540, 720}}}, "office_hours[1]"},
  };
  for (const Case& c : cases) {
    Status st = ValidateOfficeHours(c.hours);
    EXPECT_EQ(st.ok(), c.field.empty()) << st.ToString();
    EXPECT_EQ(st.field(), c.field);
  }
}

TEST(WorkCalendarTest, KindOfDays) {
  const WorkCalendar cal = Cn();
  const std::pair<const char*, DayKind> cases[] = {
      {"2026-03-06", DayKind::kWorkday},        // Friday
      {"2026-03-07", DayKind::kWeekend},        // Saturday
      {"2026-03-08", DayKind::kWeekend},        // Sunday
      {"2026-01-01", DayKind::kHoliday},        // Thursday, 元旦
      {"2026-01-03", DayKind::kHoliday},        // Saturday inside 元旦
      {"2026-01-04", DayKind::kMakeUpWorkday},  // Sunday
      {"2026-02-14", DayKind::kMakeUpWorkday},  // Saturday before 春节
      {"2026-02-15", DayKind::kHoliday},
      {"2026-02-23", DayKind::kHoliday},  // Monday, last day of 春节
      {"2026-02-24", DayKind::kWorkday},
      {"2026-02-28", DayKind::kMakeUpWorkday},
      {"2026-05-09", DayKind::kMakeUpWorkday},
      {"2026-09-20", DayKind::kMakeUpWorkday},
      {"2026-09-25", DayKind::kHoliday},  // Friday, 中秋节
      {"2026-10-07", DayKind::kHoliday},
      {"2026-10-08", DayKind::kWorkday},
      {"2026-10-10", DayKind::kMakeUpWorkday},
      {"2026-10-11", DayKind::kWeekend},
      {"2025-09-28", DayKind::kMakeUpWorkday},
      {"2025-10-08", DayKind::kHoliday},
      {"2025-10-11", DayKind::kMakeUpWorkday},
      {"2025-12-31", DayKind::kWorkday},
      {"2024-12-31", DayKind::kWorkday},  // no 2024 schedule: Monday–Friday rule
      {"2027-01-01", DayKind::kWorkday},  // no 2027 schedule yet
      {"2027-01-02", DayKind::kWeekend},
  };
  for (auto [date, kind] : cases) {
    EXPECT_EQ(Name(cal.KindOf(D(date))), Name(kind)) << date;
    EXPECT_EQ(cal.IsWorkingDay(D(date)),
              kind == DayKind::kWorkday || kind == DayKind::kMakeUpWorkday)
        << date;
  }
}

TEST(WorkCalendarTest, HolidayNames) {
  const WorkCalendar cal = Cn();
  const std::pair<const char*, const char*> cases[] = {
      {"2025-10-05", "国庆节、中秋节"}, {"2026-02-17", "春节"},  {"2026-09-26", "中秋节"},
      {"2026-10-01", "国庆节"},         {"2026-01-02", "元旦"},  {"2026-01-04", nullptr},
      {"2026-03-02", nullptr},          {"2027-01-01", nullptr},
  };
  for (auto [date, name] : cases) {
    auto got = cal.HolidayName(D(date));
    if (name == nullptr) {
      EXPECT_FALSE(got.has_value()) << date;
    } else {
      EXPECT_EQ(got.value_or("<none>"), name) << date;
    }
  }
}

TEST(WorkCalendarTest, YearsAndReplacement) {
  WorkCalendar cal = Cn();
  EXPECT_EQ(cal.Years(), (std::vector<int>{2025, 2026}));
  EXPECT_TRUE(cal.HasYear(2026));
  EXPECT_FALSE(cal.HasYear(2027));
  EXPECT_EQ(cal.Year(2027), nullptr);
  ASSERT_NE(cal.Year(2026), nullptr);
  EXPECT_EQ(cal.Year(2026)->holidays.size(), 7u);

  // A copy is independent; replacing a year replaces all of its days.
  WorkCalendar copy = cal;
  copy.SetYear(YearSchedule{2026, "", {}, {}});
  EXPECT_EQ(copy.KindOf(D("2026-10-01")), DayKind::kWorkday);
  EXPECT_EQ(copy.KindOf(D("2026-10-10")), DayKind::kWeekend);
  EXPECT_EQ(cal.KindOf(D("2026-10-01")), DayKind::kHoliday);
  EXPECT_EQ(cal.KindOf(D("2026-10-10")), DayKind::kMakeUpWorkday);
}

TEST(WorkCalendarTest, NextWorkingDay) {
  const WorkCalendar cal = Cn();
  const std::pair<const char*, const char*> cases[] = {
      {"2026-03-06", "2026-03-09"}, {"2026-09-18", "2026-09-20"}, {"2026-09-24", "2026-09-28"},
      {"2026-09-30", "2026-10-08"}, {"2026-10-09", "2026-10-10"}, {"2026-10-10", "2026-10-12"},
      {"2025-12-31", "2026-01-04"}, {"2026-12-31", "2027-01-01"}, {"2026-02-14", "2026-02-24"},
  };
  for (auto [from, next] : cases) EXPECT_EQ(FormatDate(cal.NextWorkingDay(D(from))), next) << from;
}

TEST(WorkCalendarTest, AddMinutes) {
  const WorkCalendar cal = Cn();
  struct Case {
    const char* start;
    int64_t minutes;
    ClockKind clock;
    const char* want;
  };
  const auto W = ClockKind::kWorking;
  const Case cases[] = {
      {"2026-03-02T10:00", 60, W, "2026-03-02T11:00"},
      {"2026-03-02T11:30", 60, W, "2026-03-02T14:00"},  // across lunch
      {"2026-03-02T11:30", 30, W, "2026-03-02T12:00"},  // ends at the close, not at 13:30
      {"2026-03-02T12:30", 30, W, "2026-03-02T14:00"},  // starts in lunch
      {"2026-03-02T08:00", 1, W, "2026-03-02T09:01"},   // before opening
      {"2026-03-02T09:00", 420, W, "2026-03-02T17:30"},
      {"2026-03-02T09:00", 421, W, "2026-03-03T09:01"},
      {"2026-03-02T17:30", 1, W, "2026-03-03T09:01"},
      {"2026-03-06T17:00", 60, W, "2026-03-09T09:30"},  // Friday → Monday
      {"2026-03-02T20:00", 0, W, "2026-03-02T20:00"},
      {"2026-03-02T20:00", -5, W, "2026-03-02T20:00"},
      {"2026-03-02T09:00", 5 * 420, W, "2026-03-06T17:30"},
      {"2026-03-02T09:00", 5 * 420 + 1, W, "2026-03-09T09:01"},
      {"2026-09-30T16:00", 120, W, "2026-10-08T09:30"},  // 国庆节
      {"2026-02-13T17:00", 60, W, "2026-02-14T09:30"},   // Friday → make-up Saturday
      {"2026-02-14T17:00", 60, W, "2026-02-24T09:30"},   // make-up Saturday → after 春节
      {"2025-12-31T17:00", 60, W, "2026-01-04T09:30"},   // 元旦 → make-up Sunday
      {"2026-12-31T17:00", 60, W, "2027-01-01T09:30"},   // 2027 unknown: Friday counts
      {"2026-03-02T09:00:00.500+08:00", 1, W, "2026-03-02T09:01:00.500+08:00"},
      {"2026-03-06T17:00", 60, ClockKind::kNatural, "2026-03-06T18:00"},
      {"2026-03-06T17:00", -60, ClockKind::kNatural, "2026-03-06T16:00"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FormatRfc3339(cal.AddMinutes(T(c.start), c.minutes, c.clock)),
              FormatRfc3339(T(c.want)))
        << c.start << " + " << c.minutes;
    EXPECT_EQ(cal.AddMinutes(T(c.start), c.minutes, c.clock), T(c.want)) << c.start;
  }
}

TEST(WorkCalendarTest, MinutesBetween) {
  const WorkCalendar cal = Cn();
  struct Case {
    const char* a;
    const char* b;
    int64_t working;
    int64_t natural;
  };
  const Case cases[] = {
      {"2026-03-02T09:00", "2026-03-02T17:30", 420, 510},
      {"2026-03-02T11:00", "2026-03-02T14:00", 90, 180},
      {"2026-03-02T12:05", "2026-03-02T13:25", 0, 80},
      {"2026-03-06T16:00", "2026-03-09T10:00", 150, 3960},
      {"2026-03-02T00:00", "2026-03-09T00:00", 2100, 7 * 1440},
      {"2026-03-09T00:00", "2026-03-02T00:00", 0, 0},
      {"2026-03-02T10:00", "2026-03-02T10:00", 0, 0},
      {"2026-09-30T09:00", "2026-10-09T09:00", 840, 9 * 1440},
      {"2026-09-18T00:00", "2026-09-22T00:00", 1260, 4 * 1440},  // make-up Sunday 09-20
      {"2026-03-02T09:00:00+08:00", "2026-03-02T09:00:59+08:00", 0, 0},
      {"2026-03-02T09:00:30+08:00", "2026-03-02T09:02:00+08:00", 1, 1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(cal.MinutesBetween(T(c.a), T(c.b), ClockKind::kWorking), c.working)
        << c.a << " " << c.b;
    EXPECT_EQ(cal.MinutesBetween(T(c.a), T(c.b), ClockKind::kNatural), c.natural)
        << c.a << " " << c.b;
  }
}

// A per-minute reference, independent of Advance/Elapsed: is [t, t+1min) office time?
bool IsOfficeMinute(const WorkCalendar& cal, TimePoint t) {
  if (!cal.IsWorkingDay(LocalDate(t))) return false;
  int m = LocalMinuteOfDay(t);
  for (auto [begin, end] : cal.office_hours().intervals) {
    if (m >= begin && m < end) return true;
  }
  return false;
}

TEST(WorkCalendarTest, AgreesWithAPerMinuteReference) {
  const WorkCalendar cal = Cn();
  const char* anchors[] = {"2026-03-06T00:00", "2026-09-18T00:00", "2026-09-29T00:00",
                           "2026-02-12T00:00", "2025-12-30T00:00", "2025-09-25T00:00"};
  const int64_t amounts[] = {1, 29, 60, 179, 180, 181, 419, 420, 421, 1261};
  int checked = 0;
  for (const char* anchor : anchors) {
    // Starts every 71 minutes over four days: inside, before, after office hours and at lunch.
    for (int k = 0; k < 4 * 1440 / 71; ++k) {
      const TimePoint start = T(anchor) + std::chrono::minutes(71 * k);
      // One walk per start serves every amount (amounts are ascending).
      TimePoint t = start;
      int64_t counted = 0;
      for (int64_t m : amounts) {
        for (;; t += std::chrono::minutes(1)) {
          if (counted == m) break;
          if (IsOfficeMinute(cal, t) && ++counted == m) {
            t += std::chrono::minutes(1);
            break;
          }
        }
        const TimePoint want = t;
        const TimePoint got = cal.AddMinutes(start, m, ClockKind::kWorking);
        ASSERT_EQ(FormatRfc3339(got), FormatRfc3339(want)) << FormatRfc3339(start) << " + " << m;
        ASSERT_EQ(cal.MinutesBetween(start, got, ClockKind::kWorking), m) << FormatRfc3339(start);
        ASSERT_EQ(cal.MinutesBetween(start, got - Millis(1), ClockKind::kWorking), m - 1)
            << FormatRfc3339(start);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 4000);
}

TEST(WorkCalendarTest, AddWorkingDays) {
  const WorkCalendar cal = Cn();
  struct Case {
    const char* start;
    int64_t n;
    const char* want;
  };
  const Case cases[] = {
      // Inside the office day: the same time on the Nth following working day.
      {"2026-03-02T10:00", 1, "2026-03-03T10:00"},
      {"2026-03-02T09:00", 1, "2026-03-03T09:00"},
      {"2026-03-02T12:30", 1, "2026-03-03T12:30"},  // lunch is inside the office day
      {"2026-03-02T17:29", 1, "2026-03-03T17:29"},
      {"2026-03-06T16:00", 1, "2026-03-09T16:00"},
      {"2026-03-05T10:00", 3, "2026-03-10T10:00"},
      {"2026-09-18T10:00", 1, "2026-09-20T10:00"},  // make-up Sunday
      {"2026-09-24T10:00", 1, "2026-09-28T10:00"},  // 中秋节
      {"2026-09-24T10:00", 4, "2026-10-08T10:00"},
      {"2026-09-30T16:00", 3, "2026-10-10T16:00"},  // 国庆节, then make-up Saturday
      {"2026-02-13T10:00", 2, "2026-02-24T10:00"},  // make-up Saturday, then 春节
      // Outside it: close of office on the Nth working day, the next opening's day being day 1.
      {"2026-03-02T07:00", 1, "2026-03-02T17:30"},
      {"2026-03-02T17:30", 1, "2026-03-03T17:30"},
      {"2026-03-02T23:00", 2, "2026-03-04T17:30"},
      {"2026-03-07T10:00", 1, "2026-03-09T17:30"},
      {"2026-03-07T10:00", 3, "2026-03-11T17:30"},
      {"2026-10-03T10:00", 1, "2026-10-08T17:30"},
      {"2026-03-02T10:00", 0, "2026-03-02T10:00"},
  };
  for (const Case& c : cases) {
    const TimePoint got = cal.AddWorkingDays(T(c.start), c.n);
    EXPECT_EQ(FormatRfc3339(got), FormatRfc3339(T(c.want))) << c.start << " + " << c.n << "wd";
    EXPECT_EQ(cal.MinutesBetween(T(c.start), got, ClockKind::kWorking), c.n * 420) << c.start;
  }
}

TEST(WorkCalendarTest, OtherOfficeHoursAndTimeZone) {
  WorkCalendar cal(TimeZone{0}, OfficeHours{{{8 * 60, 18 * 60}}});
  EXPECT_EQ(cal.OfficeMinutesPerDay(), 600);
  struct Case {
    const char* start;
    int64_t minutes;
    const char* want;
  };
  const Case cases[] = {
      {"2026-03-02T17:00:00Z", 120, "2026-03-03T09:00:00Z"},
      {"2026-03-06T17:00:00Z", 120, "2026-03-09T09:00:00Z"},
      {"2026-03-02T07:00:00Z", 600, "2026-03-02T18:00:00Z"},
      // 09:00 at +08:00 is 01:00Z: before opening in this zone.
      {"2026-03-02T09:00:00+08:00", 60, "2026-03-02T09:00:00Z"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FormatRfc3339(cal.AddMinutes(T(c.start), c.minutes, ClockKind::kWorking)),
              FormatRfc3339(T(c.want)))
        << c.start;
  }
  EXPECT_EQ(cal.AddWorkingDays(T("2026-03-02T12:00:00Z"), 1), T("2026-03-03T12:00:00Z"));
  EXPECT_EQ(cal.AddWorkingDays(T("2026-03-02T19:00:00Z"), 1), T("2026-03-03T18:00:00Z"));
}

TEST(WorkCalendarTest, LongSpansAreFast) {
  const WorkCalendar cal = Cn();
  // 10000 working days is about 40 years; the loop is per day, so this is instant.
  const TimePoint start = T("2026-03-02T10:00");
  const TimePoint end = cal.AddWorkingDays(start, 10000);
  EXPECT_EQ(cal.MinutesBetween(start, end, ClockKind::kWorking), 10000 * 420);
  const TimePoint end2 = cal.AddMinutes(start, 10000 * 420 + 7, ClockKind::kWorking);
  EXPECT_EQ(cal.MinutesBetween(start, end2, ClockKind::kWorking), 10000 * 420 + 7);
}

}  // namespace
}  // namespace hotline::workflow
