#include <gtest/gtest.h>

#include <algorithm>

#include "src/hotspots/analyzer.h"
#include "src/hotspots/burst.h"
#include "src/hotspots/cluster.h"
#include "src/hotspots/surge.h"
#include "src/hotspots/terms.h"
#include "src/hotspots/watcher.h"
#include "tests/fakes/test_city.h"

namespace hotline::hotspots {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// ---- burst score ----

TEST(BurstTest, WorkedExampleOfTheDocs) {
  // 40 of 1,000 cases this week; eight earlier weeks of 1,000 cases each.
  Burst b = BurstScore(40, 1000, {2, 3, 1, 4, 2, 3, 2, 3},
                       {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000});
  EXPECT_DOUBLE_EQ(b.expected, 2.5);
  EXPECT_NEAR(b.sd, std::sqrt(0.75), 1e-9);
  EXPECT_NEAR(b.score, 37.5 / std::sqrt(3.5), 1e-9);  // σ² < μ: the Poisson floor μ is used
  EXPECT_NEAR(b.ratio, 41.0 / 3.5, 1e-9);
  EXPECT_EQ(b.periods, 8);
}

TEST(BurstTest, ScalesTheBaselineToTheWindowVolume) {
  // Half a week so far (500 cases): 10 mentions where a whole week usually has 20 of 1,000 is
  // normal.
  Burst b = BurstScore(10, 500, {20, 20, 20}, {1000, 1000, 1000});
  EXPECT_DOUBLE_EQ(b.expected, 10);
  EXPECT_DOUBLE_EQ(b.score, 0);
}

TEST(BurstTest, VolatileBaselineDampsTheScore) {
  Burst calm = BurstScore(30, 100, {10, 10, 10, 10}, {100, 100, 100, 100});
  Burst wild = BurstScore(30, 100, {0, 20, 0, 20}, {100, 100, 100, 100});
  EXPECT_GT(calm.score, wild.score);
  EXPECT_DOUBLE_EQ(wild.sd, 10);
}

TEST(BurstTest, EmptyPeriodsAreLeftOutAndNoBaselineIsAllNew) {
  Burst b = BurstScore(6, 100, {0, 3}, {0, 100});
  EXPECT_EQ(b.periods, 1);
  EXPECT_DOUBLE_EQ(b.expected, 3);
  Burst none = BurstScore(6, 100, {}, {});
  EXPECT_EQ(none.periods, 0);
  EXPECT_DOUBLE_EQ(none.score, 6);
}

// ---- terms ----

TEST(TermsTest, BigramsWithoutBoilerplate) {
  TermFilter f;
  auto terms = f.Terms("您好，市民反映：小区停水三天了");
  std::vector<std::string> text;
  for (auto t : terms) text.push_back(TermText(t));
  EXPECT_NE(std::find(text.begin(), text.end(), "停水"), text.end());
  EXPECT_NE(std::find(text.begin(), text.end(), "小区"), text.end());
  EXPECT_EQ(std::find(text.begin(), text.end(), "市民"), text.end());
  EXPECT_EQ(std::find(text.begin(), text.end(), "反映"), text.end());
  EXPECT_EQ(std::find(text.begin(), text.end(), "您好"), text.end());
  EXPECT_EQ(std::find(text.begin(), text.end(), "天了"), text.end());  // 了 is a function character
  EXPECT_TRUE(std::is_sorted(terms.begin(), terms.end()));
}

TEST(TermsTest, ExtraStopTermsAndFolding) {
  TermFilter f({"小区"});
  auto terms = f.Terms("小區停水");  // traditional 區 folds to 区
  std::vector<std::string> text;
  for (auto t : terms) text.push_back(TermText(t));
  EXPECT_EQ(text, (std::vector<std::string>{"停水", "区停"}));  // 區 folded to 区; 小区 stopped
  EXPECT_EQ(TermText(TermOf("停水")), "停水");
  EXPECT_EQ(TermOf("停"), 0u);
  EXPECT_EQ(TermOf("停水了"), 0u);
}

// ---- clustering ----

TEST(ClusterTest, GroupsNearDuplicatesOnly) {
  TermFilter f;
  std::vector<std::vector<TermId>> sets = {
      f.Terms("幸福小区三栋从昨晚开始停水，至今没有来水"),
      f.Terms("幸福小区三栋昨晚开始停水，到现在还没有来水"),
      f.Terms("幸福小区三栋从昨晚停水，至今没有来水，请尽快"),
      f.Terms("建设路路灯不亮，晚上出行很不安全"),
      f.Terms("夜宵摊油烟扰民，影响周边住户休息"),
      f.Terms("幸福小区三栋从昨晚开始停水至今没有来水"),
  };
  auto groups = Cluster(sets, 0.5, 2);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0], (std::vector<int>{0, 1, 2, 5}));
  EXPECT_GT(Jaccard(sets[0], sets[5]), 0.5);
  EXPECT_LT(Jaccard(sets[0], sets[3]), 0.1);
  EXPECT_TRUE(Cluster(sets, 0.5, 5).empty());
}

// ---- surge window ----

TEST(SurgeDetectorTest, RaisedOnceThenLaterCasesJoin) {
  SurgeRules rules;
  rules.window = minutes(60);
  rules.min_cases = 3;
  rules.join_gap = minutes(120);
  SurgeDetector d(rules);
  FakeClock clock(testing::TestCityStart());
  auto at = [&](int m) { return clock.Now() + minutes(m); };
  EXPECT_EQ(d.Add({"1", at(0), {"t:停水|s:9"}}).kind, SurgeOutcome::Kind::kNone);
  EXPECT_EQ(d.Add({"2", at(20), {"t:停水|s:9"}}).kind, SurgeOutcome::Kind::kNone);
  EXPECT_EQ(d.Add({"x", at(25), {"t:停电|s:9"}}).kind, SurgeOutcome::Kind::kNone);  // another key
  auto raised = d.Add({"3", at(50), {"t:停水|s:9", "c:4|s:9"}});
  ASSERT_EQ(raised.kind, SurgeOutcome::Kind::kRaise);
  EXPECT_EQ(raised.key, "t:停水|s:9");
  EXPECT_EQ(raised.members, (std::vector<std::string>{"1", "2", "3"}));
  d.Opened(raised.keys, "S1", at(50));
  // A later case with any key of the raising case joins; it never raises a second surge.
  auto j1 = d.Add({"4", at(70), {"t:停水|s:9"}});
  EXPECT_EQ(j1.kind, SurgeOutcome::Kind::kJoin);
  EXPECT_EQ(j1.surge_id, "S1");
  EXPECT_EQ(d.Add({"5", at(80), {"c:4|s:9"}}).surge_id, "S1");
  // Past the join gap the event is over: counting starts afresh.
  EXPECT_EQ(d.Add({"6", at(80 + 121), {"t:停水|s:9"}}).kind, SurgeOutcome::Kind::kNone);
}

TEST(SurgeDetectorTest, CasesOutsideTheWindowDoNotCount) {
  SurgeRules rules;
  rules.window = minutes(60);
  rules.min_cases = 3;
  SurgeDetector d(rules);
  TimePoint t0 = testing::TestCityStart();
  EXPECT_EQ(d.Add({"1", t0, {"k"}}).kind, SurgeOutcome::Kind::kNone);
  EXPECT_EQ(d.Add({"2", t0 + minutes(40), {"k"}}).kind, SurgeOutcome::Kind::kNone);
  EXPECT_EQ(d.Add({"3", t0 + minutes(61), {"k"}}).kind, SurgeOutcome::Kind::kNone);  // 1 has left
  auto r = d.Add({"4", t0 + minutes(62), {"k"}});
  ASSERT_EQ(r.kind, SurgeOutcome::Kind::kRaise);
  EXPECT_EQ(r.members, (std::vector<std::string>{"2", "3", "4"}));
}

TEST(SurgeDetectorTest, WarmedCasesCountButNeverRaise) {
  SurgeRules rules;
  rules.min_cases = 2;
  SurgeDetector d(rules);
  TimePoint t0 = testing::TestCityStart();
  d.Warm({"1", t0, {"k"}});
  d.Warm({"2", t0 + minutes(1), {"k"}});
  auto r = d.Add({"3", t0 + minutes(2), {"k"}});
  ASSERT_EQ(r.kind, SurgeOutcome::Kind::kRaise);
  EXPECT_EQ(r.members.size(), 3u);
}

// ---- against a real store ----

class HotStoreTest : public ::testing::Test {
 protected:
  std::string Register(const std::string& content, const std::string& street_code, TimePoint at,
                       const std::string& category = "c3",
                       const std::string& phone = "13800000000") {
    city_.clock().Set(at);
    workflow::NewCase in;
    in.type = domain::CaseType::kHelp;
    in.channel = domain::Channel::kPhone;
    in.content = content;
    in.category_id = category.empty() ? "" : city_.category(category);
    in.citizen.name = "王五";
    in.citizen.phone = phone;
    in.location.district_id = city_.unit("jd");
    in.location.address = "江城市江东区" + street_code + "单位幸福小区";
    auto c = city_.engine().Register(city_.actor("agent"), in);
    testing::Check(c.status(), "register");
    return c->id;
  }
  void SetConfig(const HotConfig& cfg) {
    testing::Check(city_.store().Write([&](store::WriteTx& tx) { return SaveConfig(tx, cfg); }),
                   "config");
  }
  std::vector<store::Surge> Surges() {
    auto tx = city_.store().Read();
    testing::Check(tx.status(), "read");
    store::SurgeQuery q;
    auto s = (*tx)->ListSurges(q);
    testing::Check(s.status(), "list");
    return *s;
  }
  std::vector<store::SurgeMember> Members(const std::string& id) {
    auto tx = city_.store().Read();
    testing::Check(tx.status(), "read");
    auto m = (*tx)->ListSurgeCases(id);
    testing::Check(m.status(), "members");
    return *m;
  }
  testing::TestCity city_;
};

TEST_F(HotStoreTest, WatcherRaisesOnceAndLaterCasesJoinAcrossARestart) {
  HotConfig cfg;
  cfg.surge_min_cases = 3;
  cfg.surge_window_minutes = 60;
  SetConfig(cfg);
  TimePoint t0 = city_.clock().Now();
  std::vector<std::string> raised_events;
  auto listener = [&](const std::string& action, const store::Surge&) {
    raised_events.push_back(action);
  };
  {
    SurgeWatcher w(city_.store(), city_.directory(), listener);
    ASSERT_TRUE(w.Poll(t0).ok());  // nothing yet: the cursor starts at the present
    Register("幸福小区突然停水，没有任何通知", "s1", t0 + minutes(1));
    Register("停水了，家里老人做不了饭", "s1", t0 + minutes(5));
    Register("我们这栋楼停水一上午了", "s2", t0 + minutes(6));  // another street: another key
    auto n = w.Poll(t0 + minutes(6));
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 3);
    EXPECT_TRUE(Surges().empty());
    Register("小区停水，什么时候恢复供水？", "s1", t0 + minutes(9));
    ASSERT_TRUE(w.Poll(t0 + minutes(9)).ok());
    auto s = Surges();
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].term, "停水");
    EXPECT_EQ(s[0].place_unit_id, city_.unit("s1"));
    EXPECT_EQ(s[0].district_id, city_.unit("jd"));
    EXPECT_EQ(s[0].case_count, 3);
    EXPECT_EQ(s[0].status, "open");
    Register("还是停水，请尽快处理", "s1", t0 + minutes(15));
    ASSERT_TRUE(w.Poll(t0 + minutes(15)).ok());
  }
  // The server restarts: a new watcher takes over from the stored cursor.
  {
    SurgeWatcher w(city_.store(), city_.directory(), listener);
    ASSERT_TRUE(w.Poll(t0 + minutes(16)).ok());
    Register("停水第二天了", "s1", t0 + minutes(30));
    Register("停水影响营业", "s1", t0 + minutes(31));
    ASSERT_TRUE(w.Poll(t0 + minutes(31)).ok());
  }
  auto s = Surges();
  ASSERT_EQ(s.size(), 1u) << "raised exactly once";
  EXPECT_EQ(s[0].case_count, 6);
  EXPECT_EQ(Members(s[0].id).size(), 6u);
  EXPECT_EQ(raised_events, (std::vector<std::string>{"raised", "joined", "joined"}));
  {
    auto rtx = city_.store().Read();
    ASSERT_TRUE(rtx.ok());
    auto today = SurgesOfDay(**rtx, LocalDate(t0, TimeZone{}), TimeZone{});
    ASSERT_TRUE(today.ok());
    ASSERT_EQ(today->size(), 1u);
    auto yesterday = SurgesOfDay(**rtx, Date(std::chrono::sys_days(LocalDate(t0, TimeZone{})) - days(1)), TimeZone{});
    ASSERT_TRUE(yesterday.ok());
    EXPECT_TRUE(yesterday->empty());
  }
  auto tx = city_.store().Read();
  ASSERT_TRUE(tx.ok());
  auto trail = (*tx)->ListSurgeTrail(s[0].id);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), 1u);
  EXPECT_EQ((*trail)[0].action, "raised");
}

TEST_F(HotStoreTest, AnalyzerFindsTheRisingTermPlaceAndCluster) {
  TimePoint now = city_.clock().Now();
  // Eight quiet weeks: a little of everything.
  const char* usual[] = {"路灯不亮，晚上出行不便", "夜宵摊油烟扰民", "公交站台破损需要维修",
                         "垃圾清运不及时有异味"};
  for (int w = 1; w <= 8; ++w)
    for (int k = 0; k < 8; ++k)
      Register(usual[k % 4], k % 2 ? "s1" : "s2", now - days(7 * w) - hours(k + 1), "c1");
  // This week: the usual, and a run of water cuts in s1.
  for (int k = 0; k < 8; ++k) Register(usual[k % 4], k % 2 ? "s1" : "s2", now - hours(k + 1), "c1");
  for (int k = 0; k < 12; ++k)
    Register("幸福小区三栋从昨晚开始停水，至今没有来水", "s1", now - hours(2) - minutes(k), "c3");
  HotConfig cfg;
  cfg.min_term_cases = 5;
  auto rep =
      Analyze(city_.store(), *city_.directory().Get(), DefaultWindow(now, TimeZone{}, 7), cfg, now);
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_EQ(rep->cases, 20);
  EXPECT_EQ(rep->baseline_periods, 8);
  ASSERT_FALSE(rep->terms.empty());
  std::vector<std::string> all;
  for (const auto& t : rep->terms)
    for (const auto& x : t.terms) all.push_back(x);
  EXPECT_NE(std::find(all.begin(), all.end(), "停水"), all.end());
  EXPECT_EQ(rep->terms[0].case_ids.size(), 12u);
  EXPECT_GE(rep->terms[0].burst.score, 3.0);
  // The street where they concentrate.
  auto street = std::find_if(rep->places.begin(), rep->places.end(),
                             [&](const HotItem& p) { return p.place_unit_id == city_.unit("s1"); });
  ASSERT_NE(street, rep->places.end());
  EXPECT_EQ(street->place_kind, "street");
  EXPECT_EQ(street->case_ids.size(), 16u);
  // The near-identical messages form a cluster.
  ASSERT_FALSE(rep->clusters.empty());
  EXPECT_EQ(rep->clusters[0].case_ids.size(), 12u);
  EXPECT_NE(rep->Find(rep->clusters[0].id), nullptr);
  // The baseline days are cached: a second run reads them from the store and agrees.
  auto again =
      Analyze(city_.store(), *city_.directory().Get(), DefaultWindow(now, TimeZone{}, 7), cfg, now);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->terms[0].burst.score, rep->terms[0].burst.score);
  auto tx = city_.store().Read();
  ASSERT_TRUE(tx.ok());
  auto day = (*tx)->GetHotDay("", FormatDate(LocalDate(now - days(7), TimeZone{})));
  ASSERT_TRUE(day.ok());
  ASSERT_TRUE(day->has_value());
  EXPECT_EQ((*day)->cases, 8);
}

TEST_F(HotStoreTest, ScopeLimitsTheCases) {
  TimePoint now = city_.clock().Now();
  for (int k = 0; k < 6; ++k) Register("幸福小区停水", "s1", now - hours(1) - minutes(k), "c3");
  HotConfig cfg;
  HotQuery q = DefaultWindow(now, TimeZone{}, 7);
  q.scope_unit_ids = std::vector<std::string>{city_.unit("zjj")};  // no case was sent there
  auto rep = Analyze(city_.store(), *city_.directory().Get(), q, cfg, now);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->cases, 0);
  EXPECT_TRUE(rep->terms.empty());
}

TEST(HotConfigTest, ValidatesEveryField) {
  auto ok =
      ConfigFromJson({{"surge_min_cases", 12}, {"surge_watch_terms", boost::json::array{"停水"}}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->surge_min_cases, 12);
  EXPECT_EQ(ok->window_days, 7);
  auto bad = ConfigFromJson({{"surge_min_cases", 0}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "surge_min_cases");
  EXPECT_FALSE(ConfigFromJson({{"nonsense", 1}}).ok());
  EXPECT_FALSE(ConfigFromJson({{"min_burst", "high"}}).ok());
  auto round = ConfigFromJson(ConfigToJson(*ok));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->surge_min_cases, 12);
}

}  // namespace
}  // namespace hotline::hotspots
