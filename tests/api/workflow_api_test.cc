// The real workflow paths over HTTP, against a running `hotline serve`.
#include "tests/api/harness.h"

namespace hotline::apitest {
namespace {

class WorkflowApi : public ApiTest {
 protected:
  static std::string Dispatched(const std::string& unit_code) {
    auto c = Register();
    std::string id = Str(c, "id");
    auto d = ActOk("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId(unit_code)}});
    EXPECT_EQ(Str(d, "status"), "dispatched");
    return id;
  }
  static std::string InProgress(const std::string& unit_code) {
    std::string id = Dispatched(unit_code);
    auto s = ActOk(unit_code + ".handler", id, "sign");
    EXPECT_EQ(Str(s, "status"), "in_progress");
    return id;
  }
};

TEST_F(WorkflowApi, RegisterReturnsNumberAndQueryCodeAndIdempotencyKeyReplays) {
  auto before = Get("dispatcher", "/api/v1/cases?limit=1");
  ASSERT_EQ(before.status, 200);
  int64_t total = Int(before.obj(), "total");
  auto body = bj::serialize(NewCaseBody());
  auto r1 = Post("agent", "/api/v1/cases", body, {{"Idempotency-Key", "idem-key-1"}});
  ASSERT_EQ(r1.status, 201) << r1.body;
  EXPECT_FALSE(Str(r1.obj(), "id").empty());
  EXPECT_FALSE(Str(r1.obj(), "number").empty());
  EXPECT_FALSE(Str(r1.obj(), "query_code").empty());
  EXPECT_EQ(Str(r1.obj(), "status"), "new");
  auto r2 = Post("agent", "/api/v1/cases", body, {{"Idempotency-Key", "idem-key-1"}});
  EXPECT_TRUE(r2.status == 200 || r2.status == 201) << r2.body;
  EXPECT_EQ(Str(r2.obj(), "id"), Str(r1.obj(), "id"));
  EXPECT_EQ(Str(r2.obj(), "number"), Str(r1.obj(), "number"));
  auto after = Get("dispatcher", "/api/v1/cases?limit=1");
  EXPECT_EQ(Int(after.obj(), "total"), total + 1) << "the replay created a second case";
  auto ev = Events(Str(r1.obj(), "id"));
  ASSERT_FALSE(ev.empty());
}

TEST_F(WorkflowApi, FullPathDispatchSignContactReplyApproveCallbackClosed) {
  std::string id = Dispatched("zjj");
  auto c = Case(id);
  ASSERT_EQ(c.at("assignments").as_array().size(), 1u);
  EXPECT_EQ(Str(c.at("assignments").as_array()[0].as_object(), "unit_id"), UnitId("zjj"));
  EXPECT_EQ(Str(ActOk("zjj.handler", id, "sign"), "status"), "in_progress");
  EXPECT_EQ(Str(ActOk("zjj.handler", id, "record_contact", {{"note", "已电话联系市民"}}), "status"),
            "in_progress");
  EXPECT_EQ(Str(ActOk("zjj.handler", id, "reply", {{"reply", "路灯已修复"}, {"resolved", true}}), "status"),
            "replied");
  EXPECT_EQ(Str(ActOk("reviewer", id, "approve_reply"), "status"), "callback_pending");
  auto closed = ActOk("callback", id, "callback",
                      {{"satisfaction", "satisfied"}, {"resolved", true}, {"note", "满意"}});
  EXPECT_EQ(Str(closed, "status"), "closed");
  EXPECT_EQ(Str(closed.at("rating").as_object(), "satisfaction"), "satisfied");
  std::vector<std::string> actions;
  for (const auto& e : Events(id)) actions.push_back(Str(e.as_object(), "action"));
  for (const char* a : {"dispatch", "sign", "record_contact", "reply", "approve_reply", "callback"})
    EXPECT_NE(std::find(actions.begin(), actions.end(), a), actions.end()) << a;
}

TEST_F(WorkflowApi, DirectAnswerThenCallbackCloses) {
  std::string id = Str(Register(), "id");
  EXPECT_EQ(Str(ActOk("agent", id, "answer", {{"reply", "请拨打供电热线95598"}}), "status"), "answered");
  EXPECT_EQ(Str(ActOk("callback", id, "callback", {{"satisfaction", "satisfied"}, {"resolved", true}}), "status"),
            "closed");
}

TEST_F(WorkflowApi, ReturnApprovedGoesBackToNewAndCanBeRedispatched) {
  std::string id = Dispatched("zjj");
  EXPECT_EQ(Str(ActOk("zjj.handler", id, "return", {{"reason", "不属于本单位职责"}}), "status"),
            "return_requested");
  EXPECT_EQ(Str(ActOk("dispatcher", id, "approve_return", {{"note", "同意"}}), "status"), "new");
  auto d = ActOk("dispatcher", id, "dispatch", {{"lead_unit_id", UnitId("cgj")}});
  EXPECT_EQ(Str(d, "status"), "dispatched");
  bool cgj_active = false;
  for (const auto& a : d.at("assignments").as_array())
    if (Str(a.as_object(), "unit_id") == UnitId("cgj")) cgj_active = true;
  EXPECT_TRUE(cgj_active);
  EXPECT_EQ(Str(ActOk("cgj.handler", id, "sign"), "status"), "in_progress");
}

TEST_F(WorkflowApi, ExtensionApprovedMovesDueAt) {
  std::string id = InProgress("zjj");
  auto c = Case(id);
  std::string due_before = Str(c.at("assignments").as_array()[0].as_object(), "due_at");
  ASSERT_GE(due_before.size(), 19u);
  // until = the current due date + 7 days, same time of day and offset.
  using namespace std::chrono;
  year_month_day ymd{year{std::stoi(due_before.substr(0, 4))}, month{unsigned(std::stoi(due_before.substr(5, 2)))},
                     day{unsigned(std::stoi(due_before.substr(8, 2)))}};
  year_month_day later{sys_days{ymd} + days{7}};
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", int(later.year()), unsigned(later.month()),
                unsigned(later.day()));
  std::string until = std::string(date) + due_before.substr(10);
  ActOk("zjj.handler", id, "request_extension", {{"until", until}, {"reason", "需要协调施工单位"}});
  auto ext = Case(id).at("assignments").as_array()[0].as_object().at("extension");
  ASSERT_TRUE(ext.is_object());
  EXPECT_EQ(Str(ext.as_object(), "status"), "pending");
  auto a = ActOk("dispatcher", id, "approve_extension");
  auto as = a.at("assignments").as_array()[0].as_object();
  EXPECT_EQ(Str(as.at("extension").as_object(), "status"), "approved");
  EXPECT_NE(Str(as, "due_at"), due_before);
  EXPECT_EQ(Str(as, "due_at").substr(0, 10), std::string(date));
}

TEST_F(WorkflowApi, RejectReplyReturnsToInProgress) {
  std::string id = InProgress("zjj");
  ActOk("zjj.handler", id, "reply", {{"reply", "已处理"}, {"resolved", true}});
  EXPECT_EQ(Str(ActOk("reviewer", id, "reject_reply", {{"note", "答复过于简单"}}), "status"), "in_progress");
  EXPECT_EQ(Str(ActOk("zjj.handler", id, "reply", {{"reply", "已处理，详情如下"}, {"resolved", true}}), "status"),
            "replied");
}

TEST_F(WorkflowApi, UnsatisfiedCallbackThenReopen) {
  std::string id = InProgress("zjj");
  ActOk("zjj.handler", id, "reply", {{"reply", "已处理"}, {"resolved", false}});
  ActOk("reviewer", id, "approve_reply");
  auto cb = ActOk("callback", id, "callback", {{"satisfaction", "unsatisfied"}, {"resolved", false}});
  EXPECT_EQ(Str(cb, "status"), "closed");
  auto re = ActOk("callback", id, "reopen", {{"reason", "市民不满意，问题仍未解决"}});
  EXPECT_EQ(Str(re, "status"), "in_progress");
  EXPECT_EQ(Int(re, "reopen_count"), 1);
}

TEST_F(WorkflowApi, MergeIntoParent) {
  std::string parent = Str(Register(), "id");
  std::string child = Str(Register(), "id");
  auto m = ActOk("dispatcher", child, "merge", {{"parent_id", parent}});
  EXPECT_EQ(Str(m, "status"), "merged");
  EXPECT_EQ(Str(m, "parent_id"), parent);
}

TEST_F(WorkflowApi, TransferTo110) {
  std::string id = Str(Register(), "id");
  auto t = ActOk("agent", id, "transfer", {{"to", "110"}, {"note", "涉及治安，转110"}});
  EXPECT_EQ(Str(t, "status"), "transferred");
  EXPECT_EQ(Str(t, "transfer_to"), "110");
}

TEST_F(WorkflowApi, Invalidate) {
  std::string id = Str(Register(), "id");
  EXPECT_EQ(Str(ActOk("dispatcher", id, "invalidate", {{"reason", "骚扰电话"}}), "status"), "invalid");
}

TEST_F(WorkflowApi, SubCentreSecondLevelDispatchToStreet) {
  std::string id = Dispatched("jd");
  ActOk("jd.admin", id, "sign");
  auto d = ActOk("jd.admin", id, "dispatch", {{"lead_unit_id", UnitId("jd-mwd")}, {"note", "请街道处理"}});
  EXPECT_EQ(Str(d, "status"), "in_progress");
  bool street = false;
  for (const auto& a : d.at("assignments").as_array())
    if (Str(a.as_object(), "unit_id") == UnitId("jd-mwd")) {
      street = true;
      EXPECT_EQ(Str(a.as_object(), "dispatched_by_unit_id"), UnitId("jd"));
    }
  EXPECT_TRUE(street);
  ActOk("jd-mwd.handler", id, "sign");
  ActOk("jd-mwd.handler", id, "reply", {{"reply", "街道已处理完毕"}, {"resolved", true}});
  auto c = Case(id);
  // The street's reply goes back up: either the case is replied, or jd replies onward.
  if (Str(c, "status") == "in_progress") {
    EXPECT_EQ(Str(ActOk("jd.admin", id, "reply", {{"reply", "区里已核实"}, {"resolved", true}}), "status"),
              "replied");
  }
  EXPECT_EQ(StatusOf(id), "replied");
}

}  // namespace
}  // namespace hotline::apitest
