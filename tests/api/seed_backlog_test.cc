// A bulk load with `hotline seed --index background` (the default) writes its cases without
// search index entries and records them in the search backlog; `hotline serve` then indexes them
// in the background. Black box: the real seed and server; every seeded case becomes findable by
// its number and its words, and the list response says how many cases were still waiting.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

TEST(SeedBacklog, ServeIndexesABulkLoadInTheBackground) {
  Server s;
  s.create = {"seed", "--cases", "800", "--batch", "100", "--assets", "data"};
  ASSERT_TRUE(s.Start(0)) << s.Log();
  {
    std::ifstream in(s.dir + "/demo.log");
    std::string log((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(log.find("800 cases wait in the search backlog"), std::string::npos) << log;
  }
  auto login = DoRequest(s.port, http::verb::post, "/api/v1/auth/login",
                         R"({"username":"agent","password":"demo"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token = std::string(login.json.at("token").as_string());
  auto get = [&](const std::string& path) {
    return DoRequest(s.port, http::verb::get, path, "", {{"Authorization", "Bearer " + token}});
  };
  // The dashboard counts, recounted once at the end of the load (the triggers stood idle), count
  // every seeded case in every dimension.
  auto all = get("/api/v1/cases?limit=1");
  ASSERT_EQ(all.status, 200) << all.body;
  const int64_t cases = all.json.at("total").as_int64();
  EXPECT_GE(cases, 800);
  for (const char* by : {"status", "type", "channel", "category", "district", "day"}) {
    auto r = get(std::string("/api/v1/stats?by=") + by + "&from=2000-01-01T00:00:00%2B08:00");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json.at("total").as_int64(), cases) << by;
  }
  // Wait for the backlog to drain (800 cases: well under a second of indexing).
  bool drained = false;
  for (int i = 0; i < 600 && !drained; ++i) {
    auto r = get("/api/v1/cases?q=%E9%97%AE%E9%A2%98&limit=1");  // 问题
    ASSERT_EQ(r.status, 200) << r.body;
    drained = !r.json.as_object().contains("search_pending");
    if (!drained) {
      EXPECT_GT(r.json.at("search_pending").as_int64(), 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ASSERT_TRUE(drained) << s.Log();
  // Every sampled case is found by its number, and by a word of its title.
  std::mt19937 rng(7);
  for (int i = 0; i < 25; ++i) {
    const std::string id = std::to_string(1 + rng() % 800);
    auto c = get("/api/v1/cases/" + id);
    ASSERT_EQ(c.status, 200) << c.body;
    const std::string number(c.json.at("number").as_string());
    auto hit = get("/api/v1/cases?q=" + number);
    ASSERT_EQ(hit.status, 200) << hit.body;
    bool found = false;
    for (const auto& item : hit.json.at("items").as_array())
      found |= item.at("id").as_string() == id;
    EXPECT_TRUE(found) << "case " << id << " (" << number << ") not found by its number";
  }
  EXPECT_NE(s.Log().find("search backlog: 0 cases left"), std::string::npos) << s.Log();
  // Then the index's segments are merged in short steps.
  bool merged = false;
  for (int i = 0; i < 300 && !merged; ++i) {
    merged = s.Log().find("search backlog: index merged") != std::string::npos;
    if (!merged) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(merged) << s.Log();
  s.Stop();
  s.Remove();
}

}  // namespace
}  // namespace hotline::apitest
