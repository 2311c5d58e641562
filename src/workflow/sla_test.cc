#include "src/workflow/sla.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace hotline::workflow {
namespace {

namespace json = boost::json;
using domain::CaseType;
using domain::SlaState;
using U = DurationUnit;

constexpr std::string_view k2026 = R"({"year": 2026, "holidays": [
    {"name": "元旦", "from": "2026-01-01", "to": "2026-01-03"},
    {"name": "春节", "from": "2026-02-15", "to": "2026-02-23"},
    {"name": "中秋节", "from": "2026-09-25", "to": "2026-09-27"},
    {"name": "国庆节", "from": "2026-10-01", "to": "2026-10-07"}],
  "make_up_workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10"]})";

// "2026-03-02T10:00" is city time (+08:00); a full RFC 3339 string is taken as is.
TimePoint T(std::string s) {
  if (s.size() == 16) s += ":00";
  if (s.size() == 19) s += "+08:00";
  auto t = ParseRfc3339(s);
  EXPECT_TRUE(t.ok()) << s;
  return t.ok() ? *t : TimePoint{};
}

std::string F(TimePoint t) { return FormatRfc3339(t); }

WorkCalendar Cal() {
  WorkCalendar cal;
  auto s = ParseYearSchedule(k2026);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (s.ok()) cal.SetYear(*s);
  return cal;
}

TEST(SlaDurationTest, ParsesAndFormats) {
  const std::pair<const char*, SlaDuration> cases[] = {
      {"30m", {30, U::kMinutes}},
      {"24h", {24, U::kHours}},
      {"2wh", {2, U::kWorkingHours}},
      {"3wd", {3, U::kWorkingDays}},
      {"7d", {7, U::kDays}},
      {"0m", {0, U::kMinutes}},
      {"10000wd", {10000, U::kWorkingDays}},
  };
  for (auto [text, want] : cases) {
    auto d = ParseDuration(text);
    ASSERT_TRUE(d.ok()) << text << ": " << d.status().ToString();
    EXPECT_EQ(*d, want) << text;
    EXPECT_EQ(FormatDuration(*d), text);
  }
}

TEST(SlaDurationTest, RejectsBadText) {
  const char* cases[] = {"",
                         "m",
                         "wd",
                         "-1h",
                         "+1h",
                         "1.5h",
                         "10001m",
                         "1 h",
                         " 1h",
                         "1H",
                         "1w",
                         "1hw",
                         "1dd",
                         "h1",
                         "1wdd",
                         "100000m",
                         "99999999999999999999m",
                         "3 wd",
                         "3WD"};
  for (const char* text : cases) {
    auto d = ParseDuration(text);
    EXPECT_FALSE(d.ok()) << '"' << text << '"';
    EXPECT_TRUE(d.ok() || d.status().IsInvalid());
  }
}

TEST(SlaDurationTest, AddDuration) {
  const WorkCalendar cal = Cal();
  struct Case {
    const char* start;
    const char* duration;
    bool clock_24x7;
    const char* want;
  };
  const Case cases[] = {
      {"2026-03-06T17:20", "30m", false, "2026-03-06T17:50"},  // natural even off hours
      {"2026-03-06T17:20", "24h", false, "2026-03-07T17:20"},
      {"2026-09-30T16:00", "7d", false, "2026-10-07T16:00"},
      {"2026-03-06T16:30", "2wh", false, "2026-03-09T10:00"},  // Friday → Monday
      {"2026-03-02T11:00", "2wh", false, "2026-03-02T14:30"},  // across lunch
      {"2026-03-02T10:00", "2wh", false, "2026-03-02T12:00"},  // ends at the close
      {"2026-03-06T16:30", "2wh", true, "2026-03-06T18:30"},
      {"2026-09-30T16:00", "3wd", false, "2026-10-10T16:00"},  // make-up Saturday 10-10
      {"2026-09-30T16:00", "3wd", true, "2026-10-03T16:00"},
      {"2026-10-02T09:00", "1wd", false, "2026-10-08T17:30"},
      {"2026-03-02T10:00", "0wd", false, "2026-03-02T10:00"},
      {"2026-03-02T10:00", "0wh", false, "2026-03-02T10:00"},
  };
  for (const Case& c : cases) {
    auto d = ParseDuration(c.duration);
    ASSERT_TRUE(d.ok()) << c.duration;
    EXPECT_EQ(F(AddDuration(cal, T(c.start), *d, c.clock_24x7)), F(T(c.want)))
        << c.start << " + " << c.duration << (c.clock_24x7 ? " 24x7" : "");
  }
}

TEST(SlaPolicyTest, DefaultsFollowTheDesign) {
  const std::vector<SlaPolicy> defaults = DefaultPolicies();
  for (const SlaPolicy& p : defaults) EXPECT_TRUE(ValidatePolicy(p).ok()) << p.id;
  const PolicyTable table(defaults);
  EXPECT_EQ(table.policies().size(), defaults.size()) << "defaults carry their own catch-all";
  struct Case {
    CaseType type;
    bool urgent;
    const char* id;
    const char* sign;
    const char* contact;
    const char* resolve;
    const char* callback;
    bool clock_24x7;
  };
  const Case cases[] = {
      {CaseType::kConsultation, false, "consultation", "2wh", "24h", "3wd", "2wd", false},
      {CaseType::kHelp, false, "help", "2wh", "24h", "3wd", "2wd", false},
      {CaseType::kComplaint, false, "complaint", "2wh", "24h", "10wd", "2wd", false},
      {CaseType::kReport, false, "report", "2wh", "24h", "10wd", "2wd", false},
      {CaseType::kSuggestion, false, "suggestion", "2wh", "24h", "15wd", "2wd", false},
      {CaseType::kPraise, false, "praise", "2wh", "24h", "5wd", "2wd", false},
      {CaseType::kConsultation, true, "urgent", "30m", "2h", "24h", "2wd", true},
      {CaseType::kComplaint, true, "urgent", "30m", "2h", "24h", "2wd", true},
      {CaseType::kPraise, true, "urgent", "30m", "2h", "24h", "2wd", true},
  };
  for (const Case& c : cases) {
    const SlaPolicy& p = table.Select(c.type, c.urgent, {"leaf", "root"});
    EXPECT_EQ(p.id, c.id) << domain::Name(c.type) << " urgent=" << c.urgent;
    EXPECT_EQ(FormatDuration(p.sign), c.sign) << p.id;
    EXPECT_EQ(FormatDuration(p.contact), c.contact) << p.id;
    EXPECT_EQ(FormatDuration(p.resolve), c.resolve) << p.id;
    EXPECT_EQ(FormatDuration(p.callback), c.callback) << p.id;
    EXPECT_EQ(p.clock_24x7, c.clock_24x7) << p.id;
  }
  ASSERT_NE(table.Find("default"), nullptr);
  EXPECT_EQ(FormatDuration(table.Find("default")->resolve), "10wd");
}

SlaPolicy Row(std::string id, std::optional<CaseType> type, std::optional<bool> urgent,
              std::string category) {
  return SlaPolicy{id,
                   type,
                   urgent,
                   std::move(category),
                   {2, U::kWorkingHours},
                   {24, U::kHours},
                   {5, U::kWorkingDays},
                   {2, U::kWorkingDays},
                   false,
                   id};
}

TEST(SlaPolicyTest, MostSpecificWins) {
  const PolicyTable table({
      Row("any", std::nullopt, std::nullopt, ""),
      Row("complaint", CaseType::kComplaint, std::nullopt, ""),
      Row("urgent", std::nullopt, true, ""),
      Row("complaint-urgent", CaseType::kComplaint, true, ""),
      Row("water", std::nullopt, std::nullopt, "water"),
      Row("water-leak", std::nullopt, std::nullopt, "water-leak"),
      Row("water-complaint", CaseType::kComplaint, std::nullopt, "water"),
      Row("water-urgent", std::nullopt, true, "water"),
      Row("tie-1", CaseType::kPraise, false, "roads"),
      Row("tie-2", CaseType::kPraise, false, "roads"),
  });
  struct Case {
    CaseType type;
    bool urgent;
    std::vector<std::string> path;
    const char* want;
  };
  const Case cases[] = {
      {CaseType::kHelp, false, {}, "any"},
      {CaseType::kComplaint, false, {}, "complaint"},
      {CaseType::kHelp, true, {}, "urgent"},
      {CaseType::kComplaint, true, {}, "complaint-urgent"},  // type first, then urgency
      {CaseType::kHelp, false, {"parks"}, "any"},
      {CaseType::kHelp, false, {"water"}, "water"},
      {CaseType::kHelp, false, {"water-leak", "water", "utilities"}, "water-leak"},
      // A deeper category beats an exact type on its ancestor.
      {CaseType::kComplaint, false, {"water-leak", "water"}, "water-leak"},
      {CaseType::kComplaint, false, {"water-pressure", "water"}, "water-complaint"},
      {CaseType::kComplaint, true, {"water"}, "water-complaint"},  // type beats urgency
      {CaseType::kHelp, true, {"water"}, "water-urgent"},
      {CaseType::kHelp, true, {"parks", "water"}, "water-urgent"},  // subtree match
      {CaseType::kComplaint, true, {"parks"}, "complaint-urgent"},  // any category beats none
      {CaseType::kPraise, false, {"roads"}, "tie-1"},               // ties: earlier row
      {CaseType::kPraise, true, {"roads"}, "urgent"},
  };
  for (const Case& c : cases) {
    std::string path;
    for (const auto& p : c.path) path += p + "/";
    EXPECT_EQ(table.Select(c.type, c.urgent, c.path).id, c.want)
        << domain::Name(c.type) << " urgent=" << c.urgent << " " << path;
  }
}

TEST(SlaPolicyTest, AlwaysHasAFallback) {
  const PolicyTable table({Row("complaint", CaseType::kComplaint, std::nullopt, "")});
  ASSERT_EQ(table.policies().size(), 2u);
  EXPECT_EQ(table.Select(CaseType::kComplaint, true, {}).id, "complaint");
  const SlaPolicy& fallback = table.Select(CaseType::kPraise, false, {"x"});
  EXPECT_EQ(fallback.id, "fallback");
  EXPECT_TRUE(ValidatePolicy(fallback).ok());
  EXPECT_EQ(table.Find("fallback"), &fallback);
  EXPECT_EQ(table.Find("nope"), nullptr);

  const PolicyTable empty({});
  EXPECT_EQ(empty.Select(CaseType::kHelp, true, {}).id, "fallback");
}

TEST(SlaPolicyTest, Validates) {
  struct Case {
    const char* what;
    void (*mutate)(SlaPolicy&);
    std::string field;  // empty: valid
  };
  const Case cases[] = {
      {"valid", [](SlaPolicy&) {}, ""},
      {"category", [](SlaPolicy& p) { p.category_id = "cat.water-1_x"; }, ""},
      {"empty id", [](SlaPolicy& p) { p.id = ""; }, "id"},
      {"id with space", [](SlaPolicy& p) { p.id = "a b"; }, "id"},
      {"long id", [](SlaPolicy& p) { p.id = std::string(65, 'a'); }, "id"},
      {"empty name", [](SlaPolicy& p) { p.name = ""; }, "name"},
      {"long name", [](SlaPolicy& p) { p.name = std::string(201, 'a'); }, "name"},
      {"bad category", [](SlaPolicy& p) { p.category_id = "水"; }, "category_id"},
      {"zero sign", [](SlaPolicy& p) { p.sign.amount = 0; }, "sign"},
      {"zero contact", [](SlaPolicy& p) { p.contact.amount = 0; }, "contact"},
      {"huge resolve", [](SlaPolicy& p) { p.resolve.amount = 10001; }, "resolve"},
      {"negative callback", [](SlaPolicy& p) { p.callback.amount = -1; }, "callback"},
  };
  for (const Case& c : cases) {
    SlaPolicy p = Row("p1", CaseType::kHelp, false, "");
    c.mutate(p);
    Status st = ValidatePolicy(p);
    EXPECT_EQ(st.ok(), c.field.empty()) << c.what << ": " << st.ToString();
    EXPECT_EQ(st.field(), c.field) << c.what;
  }
}

TEST(SlaPolicyTest, JsonRoundTrips) {
  std::vector<SlaPolicy> policies = DefaultPolicies();
  policies.push_back(Row("water", std::nullopt, false, "water"));
  for (const SlaPolicy& p : policies) {
    const json::value v = PolicyToJson(p);
    auto back = PolicyFromJson(v);
    ASSERT_TRUE(back.ok()) << p.id << ": " << back.status().ToString() << " " << json::serialize(v);
    EXPECT_EQ(*back, p) << json::serialize(v);
  }
  EXPECT_EQ(json::serialize(PolicyToJson(DefaultPolicies()[0])),
            R"({"id":"urgent","name":"紧急诉求","type":null,"urgent":true,"category_id":"",)"
            R"("sign":"30m","contact":"2h","resolve":"24h","callback":"2wd","clock_24x7":true})");
  EXPECT_EQ(
      json::serialize(PolicyToJson(DefaultPolicies()[3])),
      R"({"id":"complaint","name":"投诉类","type":"complaint","urgent":false,"category_id":"",)"
      R"("sign":"2wh","contact":"24h","resolve":"10wd","callback":"2wd","clock_24x7":false})");
}

TEST(SlaPolicyTest, JsonDefaultsForOptionalFields) {
  auto p = PolicyFromJson(json::parse(
      R"({"id": "x", "name": "X", "sign": "1wh", "contact": "4h", "resolve": "2wd",
          "callback": "1wd"})"));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_FALSE(p->type.has_value());
  EXPECT_FALSE(p->urgent.has_value());
  EXPECT_EQ(p->category_id, "");
  EXPECT_FALSE(p->clock_24x7);
  EXPECT_EQ(p->resolve, (SlaDuration{2, U::kWorkingDays}));
}

TEST(SlaPolicyTest, JsonRejectsBadInputNamingTheField) {
  const std::string base =
      R"("id": "x", "name": "X", "sign": "1wh", "contact": "4h", "resolve": "2wd")";
  struct Case {
    std::string json;
    std::string field;
  };
  const Case cases[] = {
      {"[]", ""},
      {"{" + base + "}", "callback"},
      {"{" + base + R"(, "callback": "1wd", "extra": 1})", "extra"},
      {"{" + base + R"(, "callback": "1wd", "type": "rumour"})", "type"},
      {"{" + base + R"(, "callback": "1wd", "type": 3})", "type"},
      {"{" + base + R"(, "callback": "1wd", "urgent": "yes"})", "urgent"},
      {"{" + base + R"(, "callback": "1wd", "clock_24x7": "true"})", "clock_24x7"},
      {"{" + base + R"(, "callback": "1wd", "clock_24x7": null})", "clock_24x7"},
      {"{" + base + R"(, "callback": "1 wd"})", "callback"},
      {"{" + base + R"(, "callback": 2})", "callback"},
      {"{" + base + R"(, "callback": "0wd"})", "callback"},
      {"{" + base + R"(, "callback": "1wd", "category_id": 5})", "category_id"},
      {"{" + base + R"(, "callback": "1wd", "category_id": "a/b"})", "category_id"},
      {R"({"name": "X", "sign": "1wh", "contact": "4h", "resolve": "2wd", "callback": "1wd"})",
       "id"},
      {R"({"id": "x", "sign": "1wh", "contact": "4h", "resolve": "2wd", "callback": "1wd"})",
       "name"},
      {R"({"id": "x", "name": "X", "sign": "1wx", "contact": "4h", "resolve": "2wd",
           "callback": "1wd"})",
       "sign"},
  };
  for (const Case& c : cases) {
    auto p = PolicyFromJson(json::parse(c.json));
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_TRUE(p.status().IsInvalid()) << c.json;
    EXPECT_EQ(p.status().field(), c.field) << c.json << ": " << p.status().ToString();
  }
}

TEST(SlaDeadlineTest, ComputeDeadlinesAndCallback) {
  const WorkCalendar cal = Cal();
  const PolicyTable table(DefaultPolicies());
  struct Case {
    CaseType type;
    bool urgent;
    const char* start;
    const char* sign;
    const char* contact;
    const char* due;
    const char* callback;  // counted from `due`
  };
  const Case cases[] = {
      // Wednesday before 国庆节: 1.5 h left that day, then nothing until Thursday 10-08.
      {CaseType::kComplaint, false, "2026-09-30T16:00", "2026-10-08T09:30", "2026-10-01T16:00",
       "2026-10-20T16:00", "2026-10-22T16:00"},
      {CaseType::kConsultation, false, "2026-09-30T16:00", "2026-10-08T09:30", "2026-10-01T16:00",
       "2026-10-10T16:00", "2026-10-13T16:00"},
      {CaseType::kPraise, false, "2026-09-30T16:00", "2026-10-08T09:30", "2026-10-01T16:00",
       "2026-10-13T16:00", "2026-10-15T16:00"},
      // Urgent: 24×7, including the callback (2 working days = 48 hours).
      {CaseType::kComplaint, true, "2026-09-30T16:00", "2026-09-30T16:30", "2026-09-30T18:00",
       "2026-10-01T16:00", "2026-10-03T16:00"},
      // Received on a Saturday evening: the working clock starts Monday 09:00.
      {CaseType::kSuggestion, false, "2026-03-07T20:00", "2026-03-09T11:00", "2026-03-08T20:00",
       "2026-03-27T17:30", "2026-03-31T17:30"},
  };
  for (const Case& c : cases) {
    const SlaPolicy& p = table.Select(c.type, c.urgent, {});
    const Deadlines d = ComputeDeadlines(cal, p, T(c.start));
    EXPECT_EQ(F(d.sign_due), F(T(c.sign))) << p.id << " " << c.start;
    EXPECT_EQ(F(d.contact_due), F(T(c.contact))) << p.id << " " << c.start;
    EXPECT_EQ(F(d.due), F(T(c.due))) << p.id << " " << c.start;
    EXPECT_EQ(F(CallbackDue(cal, p, d.due)), F(T(c.callback))) << p.id << " " << c.start;
  }
}

TEST(SlaStateTest, WarnAtAndState) {
  const WorkCalendar cal = Cal();
  struct Case {
    bool clock_24x7;
    const char* start;
    const char* due;
    const char* warn_at;
  };
  const Case cases[] = {
      {true, "2026-03-02T10:00", "2026-03-03T10:00", "2026-03-03T04:00"},
      {true, "2026-03-02T10:00", "2026-03-02T10:30", "2026-03-02T10:22:30+08:00"},
      {false, "2026-03-02T09:00", "2026-03-02T17:30", "2026-03-02T15:45"},  // 315 of 420
      {false, "2026-03-06T16:30", "2026-03-09T10:00", "2026-03-09T09:30"},  // 90 of 120
      {false, "2026-03-02T11:30", "2026-03-02T14:00", "2026-03-02T13:45"},  // across lunch
      {false, "2026-09-30T16:00", "2026-10-10T16:00", "2026-10-10T09:15"},  // 945 of 1260
      {false, "2026-09-30T16:00", "2026-10-20T16:00", "2026-10-16T11:00"},  // 3150 of 4200
      // No working time at all between start and due: measured on the natural clock.
      {false, "2026-03-07T10:00", "2026-03-08T10:00", "2026-03-08T04:00"},
      // One working minute: 45 s, to the millisecond.
      {false, "2026-03-02T09:00", "2026-03-02T09:01", "2026-03-02T09:00:45+08:00"},
      {false, "2026-03-02T09:00", "2026-03-02T09:00", "2026-03-02T09:00"},
  };
  for (const Case& c : cases) {
    const TimePoint start = T(c.start), due = T(c.due), warn = T(c.warn_at);
    EXPECT_EQ(F(WarnAt(cal, c.clock_24x7, start, due)), F(warn)) << c.start << " → " << c.due;
    EXPECT_EQ(WarnAt(cal, c.clock_24x7, start, due), warn) << c.start << " → " << c.due;
    // The state flips exactly at the warning instant and just after the due instant.
    const Millis ms(1);
    if (warn > start) {
      EXPECT_EQ(SlaStateAt(cal, c.clock_24x7, start, due, warn - ms), SlaState::kOk) << c.start;
    }
    EXPECT_EQ(SlaStateAt(cal, c.clock_24x7, start, due, warn), SlaState::kWarning) << c.start;
    EXPECT_EQ(SlaStateAt(cal, c.clock_24x7, start, due, due), SlaState::kWarning) << c.start;
    EXPECT_EQ(SlaStateAt(cal, c.clock_24x7, start, due, due + ms), SlaState::kOverdue) << c.start;
  }
}

TEST(SlaStateTest, StateAtInstants) {
  const WorkCalendar cal = Cal();
  struct Case {
    bool clock_24x7;
    const char* start;
    const char* due;
    const char* now;
    SlaState want;
  };
  const Case cases[] = {
      {false, "2026-09-30T16:00", "2026-10-10T16:00", "2026-10-05T12:00", SlaState::kOk},
      {false, "2026-09-30T16:00", "2026-10-10T16:00", "2026-10-10T09:14", SlaState::kOk},
      {false, "2026-09-30T16:00", "2026-10-10T16:00", "2026-10-10T09:15", SlaState::kWarning},
      {false, "2026-09-30T16:00", "2026-10-10T16:00", "2026-10-11T09:00", SlaState::kOverdue},
      {true, "2026-09-30T16:00", "2026-10-01T16:00", "2026-10-01T09:59", SlaState::kOk},
      {true, "2026-09-30T16:00", "2026-10-01T16:00", "2026-10-01T10:00", SlaState::kWarning},
      {false, "2026-03-02T11:30", "2026-03-02T14:00", "2026-03-02T13:00", SlaState::kOk},
      {false, "2026-03-02T11:30", "2026-03-02T14:00", "2026-03-02T12:59", SlaState::kOk},
      {false, "2026-03-02T10:00", "2026-03-03T10:00", "2026-03-02T09:00", SlaState::kOk},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(domain::Name(SlaStateAt(cal, c.clock_24x7, T(c.start), T(c.due), T(c.now))),
              domain::Name(c.want))
        << c.start << " → " << c.due << " at " << c.now;
  }
}

TEST(SlaStateTest, ExtendByPause) {
  const WorkCalendar cal = Cal();
  struct Case {
    bool clock_24x7;
    const char* due;
    const char* paused;
    const char* resumed;
    const char* want;
  };
  const Case cases[] = {
      // Friday 16:30 → Monday 10:00 is 2 working hours; a due at Monday's close moves to Tuesday.
      {false, "2026-03-09T17:30", "2026-03-06T16:30", "2026-03-09T10:00", "2026-03-10T11:00"},
      {false, "2026-03-09T17:30", "2026-03-07T09:00", "2026-03-08T18:00", "2026-03-09T17:30"},
      {false, "2026-03-09T17:30", "2026-03-06T16:30", "2026-03-06T16:00", "2026-03-09T17:30"},
      {false, "2026-03-02T11:30", "2026-03-02T09:00", "2026-03-02T10:00", "2026-03-02T14:00"},
      {false, "2026-10-20T16:00", "2026-09-30T17:00", "2026-10-08T09:30", "2026-10-20T17:00"},
      {true, "2026-10-01T16:00", "2026-09-30T20:00", "2026-09-30T23:00", "2026-10-01T19:00"},
      {true, "2026-10-01T16:00", "2026-09-30T20:00", "2026-09-30T20:00", "2026-10-01T16:00"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(F(ExtendByPause(cal, c.clock_24x7, T(c.due), T(c.paused), T(c.resumed))),
              F(T(c.want)))
        << c.due << " paused " << c.paused << " → " << c.resumed;
  }
}

}  // namespace
}  // namespace hotline::workflow
