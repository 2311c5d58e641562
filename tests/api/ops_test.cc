// Health, readiness, metrics, OpenAPI, stats totals and cursor pagination.
#include <set>

#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class Ops : public ApiTest {};

TEST_F(Ops, Healthz) {
  auto r = Raw(http::verb::get, "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Str(r.obj(), "status"), "ok") << r.body;
}

TEST_F(Ops, Readyz) { EXPECT_EQ(Raw(http::verb::get, "/readyz").status, 200); }

TEST_F(Ops, MetricsCountsRequests) {
  Raw(http::verb::get, "/healthz");
  auto r = Raw(http::verb::get, "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("hotline_http_requests_total"), std::string::npos) << r.body.substr(0, 500);
  EXPECT_NE(r.body.find("hotline_store_commits "), std::string::npos);
  EXPECT_NE(r.body.find("hotline_store_writes "), std::string::npos);
}

TEST_F(Ops, OpenApiParses) {
  auto r = Raw(http::verb::get, "/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200);
  ASSERT_TRUE(r.json.is_object()) << r.body.substr(0, 200);
  EXPECT_TRUE(r.obj().contains("paths"));
}

TEST_F(Ops, StatsByStatusTotalEqualsCaseListTotal) {
  for (const char* u : {"dispatcher", "leader"}) {
    auto s = Get(u, "/api/v1/stats?by=status");
    ASSERT_EQ(s.status, 200) << s.body;
    int64_t sum = 0;
    for (const auto& it : s.obj().at("items").as_array()) sum += Int(it.as_object(), "count");
    EXPECT_EQ(sum, Int(s.obj(), "total"));
    auto l = Get(u, "/api/v1/cases?limit=1");
    ASSERT_EQ(l.status, 200);
    EXPECT_EQ(Int(s.obj(), "total"), Int(l.obj(), "total")) << u;
    EXPECT_GE(Int(l.obj(), "total"), 40);
  }
}

TEST_F(Ops, CursorPaginationReturnsEveryCaseOnce) {
  auto all = Get("dispatcher", "/api/v1/cases?limit=500");
  ASSERT_EQ(all.status, 200);
  int64_t total = Int(all.obj(), "total");
  std::set<std::string> seen;
  size_t pages = 0, items = 0;
  std::string cursor;
  for (;;) {
    std::string path = "/api/v1/cases?limit=7";
    if (!cursor.empty()) path += "&cursor=" + cursor;
    auto r = Get("dispatcher", path);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Int(r.obj(), "total"), total);
    for (const auto& c : r.obj().at("items").as_array()) {
      ++items;
      EXPECT_TRUE(seen.insert(Str(c.as_object(), "id")).second) << "duplicate " << Str(c.as_object(), "id");
    }
    ASSERT_LT(++pages, 100u);
    const auto& nc = r.obj().at("next_cursor");
    if (nc.is_null()) break;
    cursor = Str(nc);
    ASSERT_FALSE(cursor.empty());
  }
  EXPECT_EQ(int64_t(items), total);
  EXPECT_EQ(int64_t(seen.size()), total);
  std::set<std::string> once;
  for (const auto& c : all.obj().at("items").as_array()) once.insert(Str(c.as_object(), "id"));
  EXPECT_EQ(once, seen);
}

}  // namespace
}  // namespace hotline::apitest
