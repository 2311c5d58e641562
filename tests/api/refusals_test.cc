// Every refusal: its HTTP status, its error.code, and no change to the case.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class Refusals : public ApiTest {
 protected:
  struct Snap {
    int64_t version;
    size_t events;
  };
  static Snap Snapshot(const std::string& id) { return {Int(Case(id), "version"), Events(id).size()}; }
  static void ExpectUnchanged(const std::string& id, const Snap& s) {
    EXPECT_EQ(Int(Case(id), "version"), s.version) << "the refusal changed the case";
    EXPECT_EQ(Events(id).size(), s.events) << "the refusal appended an event";
  }
  static std::string ActionPath(const std::string& id, const std::string& action) {
    return "/api/v1/cases/" + id + "/actions/" + action;
  }
  static std::string DispatchedToZjj() {
    std::string id = Str(Register(), "id");
    auto r = Act("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}});
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }
};

TEST_F(Refusals, NoTokenIs401) {
  std::string id = Str(Register(), "id");
  auto s = Snapshot(id);
  auto r = Raw(http::verb::post, ActionPath(id, "invalidate"),
               bj::serialize(bj::object{{"version", s.version}, {"reason", "x"}}));
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_FALSE(r.ErrorCode().empty());
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/cases/" + id).status, 401);
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/cases", "", {{"Authorization", "Bearer not-a-token"}}).status, 401);
  ExpectUnchanged(id, s);
}

TEST_F(Refusals, WrongPasswordIs401) {
  auto r = LoginRaw("agent", "wrong");
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(Str(r.obj(), "token").empty());
  EXPECT_EQ(LoginRaw("nobody-here", "demo").status, 401);
}

TEST_F(Refusals, WrongRoleIs403) {
  std::string id = Str(Register(), "id");
  auto s = Snapshot(id);
  auto r = Act("reviewer", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}});
  EXPECT_EQ(r.status, 403) << r.body;
  ExpectUnchanged(id, s);
  auto reg = Post("reviewer", "/api/v1/cases", NewCaseBody());
  EXPECT_EQ(reg.status, 403) << reg.body;
}

TEST_F(Refusals, AnotherUnitsCaseIs403) {
  std::string id = DispatchedToZjj();
  auto s = Snapshot(id);
  auto r = Act("cgj.handler", id, "sign");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_FALSE(r.ErrorCode().empty());
  ExpectUnchanged(id, s);
}

TEST_F(Refusals, StaleVersionIs409) {
  std::string id = Str(Register(), "id");
  auto s = Snapshot(id);
  auto r = Act("dispatcher", id, "invalidate", {{"version", s.version - 1}, {"reason", "x"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.ErrorCode(), "stale_version");
  ExpectUnchanged(id, s);
  auto im = Post("dispatcher", ActionPath(id, "invalidate"), bj::object{{"reason", "x"}},
                 {{"If-Match", "\"" + std::to_string(s.version + 5) + "\""}});
  EXPECT_EQ(im.status, 409) << im.body;
  EXPECT_EQ(im.ErrorCode(), "stale_version");
  ExpectUnchanged(id, s);
}

TEST_F(Refusals, IllegalTransitionIs409) {
  std::string id = Str(Register(), "id");
  auto s = Snapshot(id);
  auto r = Act("reviewer", id, "approve_reply");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.ErrorCode(), "invalid_transition");
  ExpectUnchanged(id, s);
}

TEST_F(Refusals, MalformedJsonIs400) {
  std::string id = Str(Register(), "id");
  auto s = Snapshot(id);
  for (std::string bad : {"{", "{\"version\": }", "[1,2]", "not json", "{\"version\":1,}"}) {
    auto r = Post("dispatcher", ActionPath(id, "invalidate"), bad);
    EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
    auto c = Post("agent", "/api/v1/cases", bad);
    EXPECT_EQ(c.status, 400) << bad << " -> " << c.body;
  }
  ExpectUnchanged(id, s);
}

TEST_F(Refusals, WrongTypesAre400WithField) {
  std::string id = Str(Register(), "id");
  auto s = Snapshot(id);
  auto r = Post("dispatcher", ActionPath(id, "invalidate"), bj::object{{"version", "abc"}, {"reason", "x"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.ErrorField(), "version");
  auto b = NewCaseBody();
  b["urgent"] = "yes";
  auto c = Post("agent", "/api/v1/cases", b);
  EXPECT_EQ(c.status, 400) << c.body;
  EXPECT_EQ(c.ErrorField(), "urgent");
  auto b2 = NewCaseBody();
  b2["content"] = 42;
  auto c2 = Post("agent", "/api/v1/cases", b2);
  EXPECT_EQ(c2.status, 400) << c2.body;
  EXPECT_EQ(c2.ErrorField(), "content");
  auto b3 = NewCaseBody();
  b3["type"] = "nonsense";
  auto c3 = Post("agent", "/api/v1/cases", b3);
  EXPECT_EQ(c3.status, 400) << c3.body;
  EXPECT_EQ(c3.ErrorField(), "type");
  ExpectUnchanged(id, s);
}

TEST_F(Refusals, OversizeBodyIs413) {
  auto before = Int(Get("dispatcher", "/api/v1/cases?limit=1").obj(), "total");
  auto b = NewCaseBody(std::string((1 << 20) + 1024, 'a'));
  auto r = Post("agent", "/api/v1/cases", b);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  EXPECT_EQ(r.ErrorCode(), "payload_too_large");
  EXPECT_EQ(Int(Get("dispatcher", "/api/v1/cases?limit=1").obj(), "total"), before);
}

TEST_F(Refusals, UnknownCaseAndUnknownActionAre404) {
  auto r = Get("dispatcher", "/api/v1/cases/no-such-case-id");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(r.ErrorCode(), "not_found");
  auto a = Post("dispatcher", ActionPath("no-such-case-id", "invalidate"),
                bj::object{{"version", 1}, {"reason", "x"}});
  EXPECT_EQ(a.status, 404) << a.body;
  std::string id = Str(Register(), "id");
  auto s = Snapshot(id);
  auto u = Act("dispatcher", id, "teleport");
  EXPECT_EQ(u.status, 404) << u.body;
  EXPECT_EQ(u.ErrorCode(), "not_found");
  ExpectUnchanged(id, s);
}

TEST_F(Refusals, HostileStringsStoredByteIdenticalAndTooLongRefused) {
  const std::string title = "<script>alert(\"x\")</script> 'q' \"dq\" \\ 😀 \u200F\u202Eعربي\u202C";
  const std::string content = "内容 <img src=x onerror=alert(1)> \"引号\" 🚧🔥 \u200E\u200Fend\n\ttab";
  auto b = NewCaseBody(content);
  b["title"] = title;
  auto r = Post("agent", "/api/v1/cases", b);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body.find("<script>alert(\"x\")"), std::string::npos) << "quotes not JSON-escaped";
  std::string id = Str(r.obj(), "id");
  auto c = Case(id, "agent");
  EXPECT_EQ(Str(c, "title"), title);
  EXPECT_EQ(Str(c, "content"), content);
  auto raw = Get("agent", "/api/v1/cases/" + id);
  EXPECT_NE(raw.body.find("\\\"x\\\""), std::string::npos) << "quotes must be escaped in JSON";
  EXPECT_NE(raw.Header("content-type").find("application/json"), std::string::npos);

  auto before = Int(Get("dispatcher", "/api/v1/cases?limit=1").obj(), "total");
  auto longt = NewCaseBody();
  longt["title"] = std::string(101, 'x');
  auto lr = Post("agent", "/api/v1/cases", longt);
  EXPECT_EQ(lr.status, 400) << lr.body;
  EXPECT_EQ(lr.ErrorField(), "title");
  auto longc = NewCaseBody(std::string(5001 * 3, 'y'));
  auto lc = Post("agent", "/api/v1/cases", longc);
  EXPECT_EQ(lc.status, 400) << lc.body;
  EXPECT_EQ(lc.ErrorField(), "content");
  EXPECT_EQ(Int(Get("dispatcher", "/api/v1/cases?limit=1").obj(), "total"), before);
}

TEST_F(Refusals, CookieSessionNeedsCsrfToken) {
  auto login = LoginRaw("dispatcher", "demo");
  ASSERT_EQ(login.status, 200);
  std::string session, csrf = Str(login.obj(), "csrf_token");
  for (auto [it, end] = login.headers.equal_range("set-cookie"); it != end; ++it) {
    const std::string& v = it->second;
    if (v.rfind("hotline_session=", 0) == 0) session = v.substr(16, v.find(';') - 16);
    if (v.rfind("hotline_csrf=", 0) == 0 && csrf.empty()) csrf = v.substr(13, v.find(';') - 13);
  }
  ASSERT_FALSE(session.empty());
  ASSERT_FALSE(csrf.empty());
  std::string cookie = "hotline_session=" + session + "; hotline_csrf=" + csrf;
  std::string id = Str(Register(), "id");
  auto s = Snapshot(id);
  std::string body = bj::serialize(bj::object{{"version", s.version}, {"note", "cookie comment"}});
  auto no = Raw(http::verb::post, ActionPath(id, "comment"), body, {{"Cookie", cookie}});
  EXPECT_EQ(no.status, 403) << no.body;
  EXPECT_EQ(no.ErrorCode(), "csrf");
  auto wrong = Raw(http::verb::post, ActionPath(id, "comment"), body,
                   {{"Cookie", cookie}, {"X-CSRF-Token", "wrong"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.ErrorCode(), "csrf");
  ExpectUnchanged(id, s);
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/cases/" + id, "", {{"Cookie", cookie}}).status, 200);
  auto ok = Raw(http::verb::post, ActionPath(id, "comment"), body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(Refusals, LoginLockoutAfterFiveWrongPasswords) {
  const std::string user = "cgj.admin";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(LoginRaw(user, "wrong" + std::to_string(i)).status, 401);
  auto r = LoginRaw(user, "demo");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.ErrorCode(), "locked");
  EXPECT_TRUE(Str(r.obj(), "token").empty());
}

}  // namespace
}  // namespace hotline::apitest
