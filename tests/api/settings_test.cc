// Centre settings: everyone reads, only the admin changes, bad values change nothing, and the
// reopen window the engine applies follows the setting.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class Settings : public ApiTest {};

TEST_F(Settings, EveryoneReadsOnlyAdminWrites) {
  auto r = Get("agent", "/api/v1/settings");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(r.obj(), "city_name"), "江城市");
  EXPECT_EQ(Int(r.obj(), "reopen_window_days"), 30);

  std::string token = Login("agent");
  auto refused = Raw(http::verb::put, "/api/v1/settings", R"({"reopen_window_days": 10})",
                     {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(refused.status, 403) << refused.body;

  std::string admin = Login("admin");
  auto bad = Raw(http::verb::put, "/api/v1/settings", R"({"reopen_window_days": 0, "city_name": "X"})",
                 {{"Authorization", "Bearer " + admin}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorField(), "reopen_window_days");
  auto unknown = Raw(http::verb::put, "/api/v1/settings", R"({"colour": "red"})",
                     {{"Authorization", "Bearer " + admin}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  auto after_bad = Get("agent", "/api/v1/settings");
  EXPECT_EQ(Str(after_bad.obj(), "city_name"), "江城市") << "a refused change must change nothing";

  auto ok = Raw(http::verb::put, "/api/v1/settings", R"({"reopen_window_days": 7})",
                {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Int(Get("leader", "/api/v1/settings").obj(), "reopen_window_days"), 7);
  auto restore = Raw(http::verb::put, "/api/v1/settings", R"({"reopen_window_days": 30})",
                     {{"Authorization", "Bearer " + admin}});
  EXPECT_EQ(restore.status, 200);
}

TEST_F(Settings, StatsBySatisfactionCountsRatedCases) {
  auto s = Get("leader", "/api/v1/stats?by=satisfaction");
  ASSERT_EQ(s.status, 200) << s.body;
  for (const auto& it : s.obj().at("items").as_array()) {
    std::string key = Str(it.as_object(), "key");
    EXPECT_TRUE(key == "satisfied" || key == "basically_satisfied" || key == "unsatisfied") << key;
  }
  EXPECT_EQ(Get("leader", "/api/v1/stats?by=mood").status, 400);
}

}  // namespace
}  // namespace hotline::apitest
