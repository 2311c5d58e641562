// User management: admins manage everyone; a unit admin only its own subtree's unit users, and
// it can never take over a centre account (regression: moving the admin into its unit).
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class Users : public ApiTest {
 protected:
  static std::string UserId(const std::string& username) {
    auto r = Get("admin", "/api/v1/users");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& u : r.obj().at("items").as_array())
      if (Str(u.as_object(), "username") == username) return Str(u.as_object(), "id");
    ADD_FAILURE() << "no user " << username;
    return "";
  }
  static HttpResult Patch(const std::string& as, const std::string& id, const std::string& body) {
    return Raw(http::verb::patch, "/api/v1/users/" + id, body,
               {{"Authorization", "Bearer " + Login(as)}});
  }
};

TEST_F(Users, UnitAdminCannotTakeOverACentreAccount) {
  std::string admin_id = UserId("admin");
  std::string jd = UnitId("jd");
  auto r = Patch("jd.admin", admin_id,
                 R"({"unit_id":")" + jd + R"(","roles":["handler"],"password":"hijacked-123"})");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(LoginRaw("admin", "hijacked-123").status, 401);
  EXPECT_EQ(LoginRaw("admin", "demo").status, 200) << "the admin account must be unchanged";
}

TEST_F(Users, UnitAdminManagesOnlyItsSubtree) {
  auto own = Patch("jd.admin", UserId("jd-mwd.handler"), R"({"name":"马王堆街道值班员"})");
  EXPECT_EQ(own.status, 200) << own.body;
  auto other = Patch("jd.admin", UserId("zjj.handler"), R"({"name":"x"})");
  EXPECT_EQ(other.status, 403) << other.body;
  auto grant = Patch("jd.admin", UserId("jd-mwd.handler"), R"({"roles":["dispatcher"]})");
  EXPECT_EQ(grant.status, 403) << grant.body;
  EXPECT_EQ(Patch("agent", UserId("jd-mwd.handler"), R"({"name":"y"})").status, 403);
}

}  // namespace
}  // namespace hotline::apitest
