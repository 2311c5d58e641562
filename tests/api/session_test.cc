// Sessions are cached in the server for a few seconds (auth.cc), which must never outlive a
// revocation: a logged-out token and a disabled user's token are refused on the very next request,
// also on the inline case-read route that caches nothing else.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class Sessions : public ApiTest {
 protected:
  static std::string FreshToken(const std::string& user) {
    auto r = LoginRaw(user, "demo");
    EXPECT_EQ(r.status, 200) << r.body;
    return Str(r.obj(), "token");
  }
  static HttpResult GetWith(const std::string& token, const std::string& path) {
    return Raw(http::verb::get, path, "", {{"Authorization", "Bearer " + token}});
  }
};

TEST_F(Sessions, ALoggedOutTokenIsRefusedAtOnce) {
  const std::string token = FreshToken("agent");
  for (int i = 0; i < 3; ++i) {  // now cached
    auto r = GetWith(token, "/api/v1/cases/1");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  const std::string other = FreshToken("agent");  // a second session of the same user
  auto out =
      Raw(http::verb::post, "/api/v1/auth/logout", "", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(out.status, 200) << out.body;
  auto after = GetWith(token, "/api/v1/cases/1");
  EXPECT_EQ(after.status, 401) << after.body;
  EXPECT_EQ(after.ErrorCode(), "unauthenticated") << after.body;
  EXPECT_EQ(GetWith(token, "/api/v1/me").status, 401);
  // Only that session ended.
  EXPECT_EQ(GetWith(other, "/api/v1/cases/1").status, 200);
}

TEST_F(Sessions, ADisabledUsersTokenIsRefusedAtOnce) {
  const std::string token = FreshToken("callback");
  ASSERT_EQ(GetWith(token, "/api/v1/cases/1").status, 200);
  ASSERT_EQ(GetWith(token, "/api/v1/cases/1").status, 200);  // cached
  std::string id;
  auto users = Get("admin", "/api/v1/users");
  ASSERT_EQ(users.status, 200) << users.body;
  for (const auto& u : users.obj().at("items").as_array())
    if (Str(u.as_object(), "username") == "callback") id = Str(u.as_object(), "id");
  ASSERT_FALSE(id.empty());
  auto off = Raw(http::verb::patch, "/api/v1/users/" + id, R"({"disabled":true})",
                 {{"Authorization", "Bearer " + Login("admin")}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(GetWith(token, "/api/v1/cases/1").status, 401);
}

}  // namespace
}  // namespace hotline::apitest
