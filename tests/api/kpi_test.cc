// KPIs, assessment, reports and Excel exports against the real binary: the rollups move in the
// same write as the case, units see only their subtree, bad input is a 400 naming the field, and
// the downloads are real .xlsx workbooks.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class Kpis : public ApiTest {
 protected:
  static int64_t Counter(const HttpResult& r, const char* name) {
    return Int(r.obj().at("total").as_object().at("counters").as_object(), name);
  }
  static std::string Today() {
    auto r = Get("leader", "/api/v1/kpis");
    return Str(r.obj(), "to");
  }
};

TEST_F(Kpis, RegistrationAndDispatchCountAtOnce) {
  const std::string range = "/api/v1/kpis?from=2024-01-01&to=" + Today();
  auto before = Get("leader", range);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_GE(Counter(before, "received"), 40) << "the demo city's cases are in the rollups";
  auto c = Register();
  auto after = Get("leader", range);
  EXPECT_EQ(Counter(after, "received"), Counter(before, "received") + 1);
  auto d = Post("dispatcher", "/api/v1/cases/" + Str(c, "id") + "/actions/dispatch",
                bj::object{{"version", Int(c, "version")}, {"lead_unit_id", UnitId("jd")}});
  ASSERT_EQ(d.status, 200) << d.body;
  auto dispatched = Get("leader", range + "&group_by=unit&unit_id=" + UnitId("jd"));
  ASSERT_EQ(dispatched.status, 200);
  EXPECT_EQ(Counter(dispatched, "dispatched"),
            Counter(Get("leader", range + "&unit_id=" + UnitId("jd")), "dispatched"));
  EXPECT_GE(Counter(dispatched, "dispatched"), 1);
  for (const auto& k : {"response_rate", "satisfaction_rate", "on_time_rate", "return_rate",
                        "direct_answer_rate", "repeat_rate", "avg_handling_hours"})
    EXPECT_TRUE(after.obj().at("total").as_object().at("kpis").as_object().contains(k)) << k;
}

TEST_F(Kpis, UnitsSeeOnlyTheirSubtree) {
  const std::string range = "/api/v1/kpis?from=2024-01-01&to=" + Today();
  auto mine = Get("jd.handler", range);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Counter(mine, "received"), 0) << "the centre's intake is not a unit's";
  auto theirs = Get("leader", range + "&unit_id=" + UnitId("jd"));
  EXPECT_EQ(Counter(mine, "dispatched"), Counter(theirs, "dispatched"));
  auto other = Get("jd.handler", range + "&unit_id=" + UnitId("gx"));
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(Get("auditor", range).status, 403);
}

TEST_F(Kpis, BadInputIsA400NamingTheField) {
  struct {
    const char* query;
    const char* field;
  } cases[] = {{"group_by=mood", "group_by"},
               {"from=2026-13-01", "from"},
               {"from=2026-11-02&to=2026-11-01", "from"},
               {"channel=pigeon", "channel"},
               {"type=rant", "type"},
               {"unit_id=999999", "unit_id"},
               {"category_id=999999", "category_id"},
               {"district_id=999999", "district_id"},
               {"format=pdf", "format"},
               {"from=2000-01-01&to=2026-01-01", "from"}};
  for (const auto& c : cases) {
    auto r = Get("leader", std::string("/api/v1/kpis?") + c.query);
    EXPECT_EQ(r.status, 400) << c.query << ": " << r.body;
    EXPECT_EQ(r.ErrorField(), c.field) << c.query;
  }
}

TEST_F(Kpis, GroupingsAndHeatTable) {
  const std::string range = "/api/v1/kpis?from=2024-01-01&to=" + Today();
  int64_t total = Counter(Get("leader", range), "received");
  for (const char* g :
       {"unit", "district", "category", "channel", "type", "day", "week", "month"}) {
    auto r = Get("leader", range + "&group_by=" + g);
    ASSERT_EQ(r.status, 200) << g << ": " << r.body;
    int64_t sum = 0;
    for (const auto& it : r.obj().at("items").as_array())
      sum += Int(it.as_object().at("counters").as_object(), "received");
    EXPECT_EQ(sum, total) << "group_by=" << g << " must split the same total";
  }
  auto heat = Get("leader", "/api/v1/kpis/overdue-heat?from=2026-10-01&to=2026-11-28");
  ASSERT_EQ(heat.status, 200) << heat.body;
  EXPECT_EQ(heat.obj().at("weeks").as_array().size(), 9u);
  EXPECT_EQ(Get("leader", "/api/v1/kpis/overdue-heat?from=2025-01-01&to=2026-11-28").status, 400);
}

TEST_F(Kpis, ExcelDownloads) {
  for (const char* path : {"/api/v1/kpis?group_by=month&from=2025-12-01&format=xlsx",
                           "/api/v1/cases?format=xlsx", "/api/v1/reports/monthly?format=xlsx"}) {
    auto r = Get("leader", path);
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
    EXPECT_EQ(r.Header("content-type"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        << path;
    EXPECT_EQ(r.body.substr(0, 2), "PK") << path;
    EXPECT_NE(r.Header("content-disposition").find("attachment"), std::string::npos);
  }
  EXPECT_EQ(Get("leader", "/api/v1/cases?format=csv").status, 400);
  // A unit's case export holds only its cases: smaller than the centre's.
  auto unit = Get("jd.handler", "/api/v1/cases?format=xlsx");
  ASSERT_EQ(unit.status, 200);
  EXPECT_LT(unit.body.size(), Get("leader", "/api/v1/cases?format=xlsx").body.size());
}

TEST_F(Kpis, AssessmentRankingDrillDownAndConfig) {
  auto r = Get("leader", "/api/v1/assessment");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Int(r.obj(), "config_version"), 0);
  EXPECT_EQ(Get("leader", "/api/v1/assessment?month=2026-13").status, 400);
  auto unit = Get("leader", "/api/v1/assessment/" + UnitId("jd"));
  ASSERT_EQ(unit.status, 200) << unit.body;
  EXPECT_TRUE(unit.obj().at("cases").is_array());
  EXPECT_TRUE(unit.obj().at("parts").is_array());
  EXPECT_EQ(Get("leader", "/api/v1/assessment/999999").status, 404);
  EXPECT_EQ(Get("jd.handler", "/api/v1/assessment/" + UnitId("gx")).status, 403);
  EXPECT_EQ(Get("jd.handler", "/api/v1/assessment/" + UnitId("jd")).status, 200);

  const std::string cfg =
      R"({"weights":{"satisfaction_rate":60,"on_time_rate":40},"tiers":[{"name":"A","min":85},{"name":"B","min":0}],"min_cases":2})";
  auto forbidden = Raw(http::verb::put, "/api/v1/admin/assessment-config", cfg,
                       {{"Authorization", "Bearer " + Login("leader")}});
  EXPECT_EQ(forbidden.status, 403);
  auto bad = Raw(http::verb::put, "/api/v1/admin/assessment-config",
                 R"({"weights":{"luck":1},"tiers":[{"name":"A","min":0}]})",
                 {{"Authorization", "Bearer " + Login("admin")}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "weights.luck");
  EXPECT_EQ(Int(Get("admin", "/api/v1/admin/assessment-config").obj(), "version"), 0)
      << "a refused config changes nothing";
  auto ok = Raw(http::verb::put, "/api/v1/admin/assessment-config", cfg,
                {{"Authorization", "Bearer " + Login("admin")}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Int(ok.obj(), "version"), 1);
  auto now = Get("leader", "/api/v1/assessment");
  EXPECT_EQ(Int(now.obj(), "config_version"), 1);
  for (const auto& u : now.obj().at("units").as_array()) {
    const auto& o = u.as_object();
    if (Int(o, "rank") > 0) {
      EXPECT_TRUE(Str(o, "tier") == "A" || Str(o, "tier") == "B");
    }
  }
}

TEST_F(Kpis, Reports) {
  auto d = Get("leader", "/api/v1/reports/daily");
  ASSERT_EQ(d.status, 200) << d.body;
  std::vector<std::string> ids;
  for (const auto& s : d.obj().at("sections").as_array()) ids.push_back(Str(s.as_object(), "id"));
  for (const char* want :
       {"volume", "top_categories", "top_districts", "overdue_units", "notable_cases"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), want), ids.end()) << want;
  EXPECT_EQ(Get("leader", "/api/v1/reports/weekly?date=2026-11-25").status, 200);
  EXPECT_EQ(Get("leader", "/api/v1/reports/yearly").status, 404);
  EXPECT_EQ(Get("leader", "/api/v1/reports/daily?date=2099-01-01").ErrorField(), "date");
  EXPECT_EQ(Get("leader", "/api/v1/reports/daily?date=yesterday").ErrorField(), "date");
  EXPECT_EQ(Get("jd.handler", "/api/v1/reports/daily").status, 403);
}

}  // namespace
}  // namespace hotline::apitest
