// Personal data: who sees the phone in clear, masked, or not at all; never in the server log.
#include <regex>

#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

const char kPhone[] = "13898765678";
const char kName[] = "欧阳测试员";

class Privacy : public ApiTest {
 protected:
  static std::string PhoneAs(const std::string& user, const std::string& id) {
    auto r = Get(user, "/api/v1/cases/" + id);
    EXPECT_EQ(r.status, 200) << user << ": " << r.body;
    const auto* c = r.obj().if_contains("citizen");
    if (!c || !c->is_object()) return "<none>";
    return Str(c->as_object(), "phone");
  }
  static std::string Registered(bool confidential = false) {
    auto b = NewCaseBody("井盖缺失，很危险", kPhone, kName);
    b["confidential"] = confidential;
    return Str(Register(b), "id");
  }
};

TEST_F(Privacy, AgentClearCentreMasked) {
  std::string id = Registered();
  EXPECT_EQ(PhoneAs("agent", id), kPhone);
  EXPECT_EQ(PhoneAs("callback", id), kPhone);
  std::regex masked("^138\\*+5678$");
  for (const char* u : {"dispatcher", "reviewer", "leader"}) {
    std::string p = PhoneAs(u, id);
    EXPECT_TRUE(std::regex_match(p, masked)) << u << " sees " << p;
    auto c = Get(u, "/api/v1/cases/" + id).obj();
    EXPECT_NE(Str(c.at("citizen").as_object(), "name"), kName) << u;
    auto list = Get(u, "/api/v1/cases?limit=500");
    EXPECT_EQ(list.body.find(kPhone), std::string::npos) << u << " list leaks the phone";
  }
}

TEST_F(Privacy, UnitSeesPhoneOnlyWhileItHoldsTheCase) {
  std::string id = Registered();
  auto d = Act("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}});
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(PhoneAs("zjj.handler", id), kPhone);
  ASSERT_EQ(Act("zjj.handler", id, "return", {{"reason", "非本单位职责"}}).status, 200);
  ASSERT_EQ(Act("dispatcher", id, "approve_return").status, 200);
  ASSERT_EQ(Act("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("cgj")}}).status, 200);
  EXPECT_EQ(PhoneAs("cgj.handler", id), kPhone);
  auto r = Get("zjj.handler", "/api/v1/cases/" + id);
  if (r.status == 200) {
    EXPECT_EQ(r.body.find(kPhone), std::string::npos) << "zjj no longer holds the case";
  } else {
    EXPECT_EQ(r.status, 403) << r.body;
  }
}

TEST_F(Privacy, ConfidentialCaseHidesCitizenFromUnit) {
  std::string id = Registered(true);
  ASSERT_EQ(Act("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("zjj")}}).status, 200);
  auto r = Get("zjj.handler", "/api/v1/cases/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.obj().at("citizen").is_null()) << r.body;
  EXPECT_EQ(r.body.find(kPhone), std::string::npos);
  EXPECT_EQ(PhoneAs("agent", id), kPhone);
}

TEST_F(Privacy, AdminAndAuditorCannotReadCases) {
  std::string id = Registered();
  for (const char* u : {"admin", "auditor"}) {
    auto r = Get(u, "/api/v1/cases/" + id);
    EXPECT_EQ(r.status, 403) << u << ": " << r.body.substr(0, 300);
    EXPECT_EQ(r.body.find(kPhone), std::string::npos);
    auto l = Get(u, "/api/v1/cases");
    EXPECT_EQ(l.status, 403) << u << " list: " << l.body.substr(0, 300);
  }
}

TEST_F(Privacy, AuditIsForAuditorOnly) {
  auto a = Get("auditor", "/api/v1/audit");
  EXPECT_EQ(a.status, 200) << a.body.substr(0, 300);
  for (const char* u : {"admin", "agent", "dispatcher", "supervisor", "leader", "zjj.admin"}) {
    auto r = Get(u, "/api/v1/audit");
    EXPECT_EQ(r.status, 403) << u;
  }
  EXPECT_EQ(Raw(http::verb::get, "/api/v1/audit").status, 401);
}

// Runs last in this suite (declaration order): the log so far must not hold personal data.
TEST_F(Privacy, ZzServerLogHasNoPersonalData) {
  Registered();
  Get("agent", "/api/v1/callers/" + std::string(kPhone) + "/cases");
  Get("agent", "/api/v1/cases?phone=" + std::string(kPhone));
  std::string log = server_->Log();
  EXPECT_FALSE(log.empty()) << "expected at least the startup line";
  EXPECT_EQ(log.find(kPhone), std::string::npos) << "the log holds the phone number";
  EXPECT_EQ(log.find(kName), std::string::npos) << "the log holds the citizen's name";
}

}  // namespace
}  // namespace hotline::apitest
