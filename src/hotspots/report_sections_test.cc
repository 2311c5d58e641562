// The hot sections of the reports, built from hand-made cases on a real store.
#include "src/hotspots/report_sections.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "src/analytics/report.h"
#include "src/hotspots/watcher.h"
#include "tests/fakes/test_city.h"

namespace hotline::hotspots {
namespace {

namespace bj = boost::json;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

class ReportSectionsTest : public ::testing::Test {
 protected:
  std::string Register(const std::string& content, const std::string& street_code, TimePoint at,
                       const std::string& category = "c3") {
    city_.clock().Set(at);
    workflow::NewCase in;
    in.type = domain::CaseType::kHelp;
    in.channel = domain::Channel::kPhone;
    in.content = content;
    in.category_id = city_.category(category);
    in.citizen.name = "王五";
    in.citizen.phone = "13812345678";
    in.location.district_id = city_.unit("jd");
    in.location.address = "江城市江东区" + street_code + "单位幸福小区";
    auto c = city_.engine().Register(city_.actor("agent"), in);
    testing::Check(c.status(), "register");
    return c->id;
  }
  std::string Number(const std::string& id) {
    auto tx = city_.store().Read();
    testing::Check(tx.status(), "read");
    auto c = (*tx)->GetCase(id);
    testing::Check(c.status(), "case");
    return c->number;
  }
  static const bj::object* Section(const bj::object& rep, std::string_view id) {
    for (const auto& s : rep.at("sections").as_array())
      if (s.as_object().at("id").as_string() == id) return &s.as_object();
    return nullptr;
  }
  static std::string Cell(const bj::object& sec, size_t row, std::string_view key) {
    const auto& cols = sec.at("columns").as_array();
    for (size_t i = 0; i < cols.size(); ++i)
      if (cols[i].as_object().at("key").as_string() == key) {
        const auto& v = sec.at("rows").as_array()[row].as_array()[i];
        return v.is_string() ? std::string(v.as_string()) : bj::serialize(v);
      }
    return "<no column " + std::string(key) + ">";
  }
  testing::TestCity city_;
};

TEST_F(ReportSectionsTest, DailyReportHasTheDaysHotIssuesPlacesAndSurges) {
  const TimeZone tz = city_.directory().Get()->tz();
  const Date day = LocalDate(testing::TestCityStart(), tz);  // the report's day
  const TimePoint midnight = LocalMidnight(day, tz);
  HotConfig cfg;
  cfg.surge_min_cases = 5;
  cfg.surge_window_minutes = 60;
  testing::Check(city_.store().Write([&](store::WriteTx& tx) { return SaveConfig(tx, cfg); }),
                 "config");
  // Eight quiet days before it: a little of everything, two streets.
  const char* usual[] = {"路灯不亮，晚上出行不便", "夜宵摊油烟扰民", "公交站台破损需要维修",
                         "垃圾清运不及时有异味"};
  for (int d = 8; d >= 1; --d)
    for (int k = 0; k < 6; ++k)
      Register(usual[k % 4], k % 2 ? "s1" : "s2", midnight - days(d) + hours(9 + k), "c1");
  // The day: the usual, and a run of water cuts in street s1 that raises a surge.
  SurgeWatcher watcher(city_.store(), city_.directory(), [](const auto&, const auto&) {});
  ASSERT_TRUE(watcher.Poll(midnight + hours(8)).ok());
  for (int k = 0; k < 6; ++k)
    Register(usual[k % 4], k % 2 ? "s1" : "s2", midnight + hours(9) + minutes(k), "c1");
  std::vector<std::string> water;
  for (int k = 0; k < 12; ++k)
    water.push_back(Register("幸福小区三栋从昨晚开始停水，至今没有来水", "s1",
                             midnight + hours(10) + minutes(2 * k)));
  ASSERT_TRUE(watcher.Poll(midnight + hours(11)).ok());
  // The centre escalates the surge to the leaders.
  const TimePoint escalated_at = midnight + hours(11) + minutes(30);
  std::string surge_id;
  testing::Check(city_.store().Write([&](store::WriteTx& tx) -> Status {
    store::SurgeQuery q;
    HOTLINE_ASSIGN_OR_RETURN(auto list, tx.ListSurges(q));
    if (list.size() != 1) return Status::Internal("expected one surge");
    auto s = list[0];
    surge_id = s.id;
    const int64_t v = s.version;
    s.status = "escalated";
    s.version += 1;
    s.updated_at = escalated_at;
    HOTLINE_RETURN_IF_ERROR(tx.UpdateSurge(s, v));
    store::SurgeTrailEntry e;
    e.surge_id = s.id;
    e.at = escalated_at;
    e.actor_name = "值班长";
    e.action = "escalated";
    e.note = "涉及多栋楼";
    return tx.AppendSurgeTrail(e);
  }),
                 "escalate");

  analytics::ReportBuilder builder;
  for (auto& s : ReportSections(city_.store(), city_.clock())) builder.AddSection(std::move(s));
  city_.clock().Set(midnight + days(1) + hours(7));  // the next morning
  auto rep = analytics::GetOrBuildReport(city_.store(), *city_.directory().Get(), builder,
                                         analytics::PeriodOf(analytics::ReportKind::kDaily, day),
                                         city_.clock().Now());
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();

  // Hot issues: the water cut leads, with its 12 cases and their numbers.
  const auto* hot = Section(*rep, "hot_issues");
  ASSERT_NE(hot, nullptr);
  EXPECT_EQ(hot->at("title").as_string(), "热点问题");
  ASSERT_FALSE(hot->at("rows").as_array().empty());
  EXPECT_NE(Cell(*hot, 0, "label").find("停水"), std::string::npos) << Cell(*hot, 0, "label");
  EXPECT_EQ(Cell(*hot, 0, "count"), "12");
  EXPECT_GE(std::stod(Cell(*hot, 0, "burst")), 3.0);
  EXPECT_NE(Cell(*hot, 0, "cases").find(Number(water[0])), std::string::npos);
  const auto& links = hot->at("links").as_array();
  ASSERT_EQ(links.size(), hot->at("rows").as_array().size());
  const auto& cases = links[0].as_object().at("cases").as_array();
  ASSERT_EQ(cases.size(), kReportCaseSamples);
  EXPECT_EQ(cases[0].as_object().at("id").as_string(), water[0]);
  EXPECT_EQ(cases[0].as_object().at("number").as_string(), Number(water[0]));
  bool cluster = false;
  for (size_t i = 0; i < hot->at("rows").as_array().size(); ++i)
    cluster |= Cell(*hot, i, "kind") == "相似诉求" && Cell(*hot, i, "count") == "12";
  EXPECT_TRUE(cluster) << "the near-identical messages are reported as a cluster";

  // Places: street s1, in its district.
  const auto* places = Section(*rep, "hot_places");
  ASSERT_NE(places, nullptr);
  bool street = false;
  for (size_t i = 0; i < places->at("rows").as_array().size(); ++i)
    if (Cell(*places, i, "place") == city_.directory().Get()->FindUnit(city_.unit("s1"))->name) {
      street = true;
      EXPECT_EQ(Cell(*places, i, "level"), "街道");
      EXPECT_EQ(Cell(*places, i, "district"),
                city_.directory().Get()->FindUnit(city_.unit("jd"))->name);
      EXPECT_EQ(Cell(*places, i, "count"), "15");  // 12 water cuts + 3 usual
    }
  EXPECT_TRUE(street) << bj::serialize(*places);

  // Surges: the one raised that day, escalated.
  const auto* surges = Section(*rep, "surges");
  ASSERT_NE(surges, nullptr);
  ASSERT_EQ(surges->at("rows").as_array().size(), 1u);
  EXPECT_EQ(Cell(*surges, 0, "term"), "停水");
  EXPECT_EQ(Cell(*surges, 0, "street"), city_.directory().Get()->FindUnit(city_.unit("s1"))->name);
  EXPECT_EQ(Cell(*surges, 0, "district"),
            city_.directory().Get()->FindUnit(city_.unit("jd"))->name);
  EXPECT_GE(std::stoi(Cell(*surges, 0, "count")), 5);
  EXPECT_EQ(Cell(*surges, 0, "status"), "已上报领导");
  EXPECT_EQ(Cell(*surges, 0, "escalation"),
            "已上报领导 " + FormatRfc3339(escalated_at, tz).substr(0, 10) + " " +
                FormatRfc3339(escalated_at, tz).substr(11, 5));
  EXPECT_EQ(Cell(*surges, 0, "raised_at").substr(0, 10), FormatDate(day));
  const auto& link = surges->at("links").as_array()[0].as_object();
  EXPECT_EQ(link.at("surge_id").as_string(), surge_id);
  EXPECT_EQ(link.at("status").as_string(), "escalated");
  EXPECT_EQ(link.at("escalated_at").as_string(), FormatRfc3339(escalated_at, tz).substr(0, 10) +
                                                     " " +
                                                     FormatRfc3339(escalated_at, tz).substr(11, 5));
  EXPECT_EQ(links[0].as_object().at("kind").as_string(), "term");

  // No personal data anywhere in the report.
  const std::string text = bj::serialize(*rep);
  EXPECT_EQ(text.find("王五"), std::string::npos);
  EXPECT_EQ(text.find("13812345678"), std::string::npos);
  EXPECT_EQ(text.find("江城市江东区"), std::string::npos) << "no address";

  // The day before had neither hot issues nor surges.
  auto before =
      analytics::GetOrBuildReport(city_.store(), *city_.directory().Get(), builder,
                                  analytics::PeriodOf(analytics::ReportKind::kDaily,
                                                      Date(std::chrono::sys_days(day) - days(1))),
                                  city_.clock().Now());
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(Section(*before, "surges")->at("rows").as_array().empty());
  EXPECT_TRUE(Section(*before, "hot_issues")->at("rows").as_array().empty());
}

TEST_F(ReportSectionsTest, WeeklyReportCoversTheWholeWeek) {
  const TimeZone tz = city_.directory().Get()->tz();
  const Date day = LocalDate(testing::TestCityStart(), tz);
  const auto week = analytics::PeriodOf(analytics::ReportKind::kWeekly, day);
  const TimePoint monday = LocalMidnight(week.from, tz);
  for (int w = 4; w >= 1; --w)
    for (int k = 0; k < 6; ++k)
      Register(k % 2 ? "路灯不亮，晚上出行不便" : "垃圾清运不及时有异味", "s2",
               monday - days(7 * w) + hours(9 + k), "c1");
  for (int k = 0; k < 8; ++k)  // spread over two days of the week
    Register("小区电梯故障，老人上下楼困难", "s2", monday + days(k % 2) + hours(9) + minutes(k),
             "c1");
  analytics::ReportBuilder builder;
  for (auto& s : ReportSections(city_.store(), city_.clock())) builder.AddSection(std::move(s));
  city_.clock().Set(monday + days(2) + hours(12));
  auto rep = analytics::GetOrBuildReport(city_.store(), *city_.directory().Get(), builder, week,
                                         city_.clock().Now());
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  const auto* hot = Section(*rep, "hot_issues");
  ASSERT_NE(hot, nullptr);
  ASSERT_FALSE(hot->at("rows").as_array().empty());
  EXPECT_EQ(Cell(*hot, 0, "count"), "8");  // the lift failures, all eight over two days
  bool lift = false;
  for (size_t i = 0; i < hot->at("rows").as_array().size(); ++i)
    lift |= Cell(*hot, i, "label").find("电梯") != std::string::npos;
  EXPECT_TRUE(lift) << bj::serialize(*hot);
  EXPECT_NE(hot->at("note").as_string().find("前 4 周"), std::string::npos)
      << hot->at("note").as_string();
}

}  // namespace
}  // namespace hotline::hotspots
