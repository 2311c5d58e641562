// The planner inside the engine's transactions (TestCity: a real SQLite store), and the
// dispatcher's claim / retry / lease rules with a recording sender.
#include "src/notify/planner.h"

#include <gtest/gtest.h>

#include "src/notify/dispatcher.h"
#include "tests/fakes/test_city.h"

namespace hotline::notify {
namespace {
namespace bj = boost::json;
using hotline::testing::TestCity;

class PlannerTest : public ::testing::Test {
 protected:
  PlannerTest() : planner_(city_.directory(), city_.clock()) {
    InitCrypto().ok();
    city_.engine().SetInTxHook(
        [this](store::WriteTx& tx, const auto& done) { return planner_.Plan(tx, done); });
  }

  std::vector<store::OutboxMessage> Outbox(const std::string& case_id = "") {
    auto tx = city_.store().Read();
    store::OutboxQuery q;
    q.case_id = case_id;
    q.limit = 500;
    auto list = (*tx)->ListOutbox(q);
    EXPECT_TRUE(list.ok());
    std::reverse(list->begin(), list->end());  // oldest first
    return *list;
  }

  void AddContact(const std::string& unit, const std::string& role, const std::string& phone,
                  const std::string& email, const std::string& lang = "zh-CN") {
    store::NotifyContact c{"", city_.unit(unit), role, "值班员", phone, email, lang, false};
    ASSERT_TRUE(
        city_.store().Write([&](store::WriteTx& tx) { return tx.PutNotifyContact(c); }).ok());
  }

  domain::Case Register(const std::string& phone, const std::string& email = "") {
    workflow::NewCase in;
    in.type = domain::CaseType::kComplaint;
    in.content = "路灯不亮，已经三天了。晚上很黑";
    in.citizen = {"张三", phone, "", email};
    auto c = city_.engine().Register(city_.actor("agent"), in);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return *c;
  }

  Result<domain::Case> Act(const domain::Case& c, const std::string& user,
                           const std::string& action, bj::object body) {
    return city_.engine().Act(city_.actor(user), c.id, action, c.version, body);
  }

  TestCity city_;
  NotificationPlanner planner_;
};

TEST_F(PlannerTest, RegistrationQueuesTheCitizensSmsInTheSameWrite) {
  auto c = Register("13812345678");
  auto out = Outbox(c.id);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "sms");
  EXPECT_EQ(out[0].audience, "citizen");
  EXPECT_EQ(out[0].recipient, "13812345678");
  EXPECT_EQ(out[0].recipient_hint, "138****5678");
  EXPECT_EQ(out[0].template_key, "case_received");
  EXPECT_EQ(out[0].state, "pending");
  EXPECT_NE(out[0].body.find(c.number), std::string::npos);
  EXPECT_NE(out[0].body.find(c.query_code), std::string::npos);
  EXPECT_EQ(out[0].event_seq, 1);
  EXPECT_EQ(out[0].id.rfind("ntf-", 0), 0u);
}

TEST_F(PlannerTest, ACitizenWithoutAMobileGetsEmailOrNothing) {
  EXPECT_EQ(Outbox(Register("0799-86001234").id).size(), 0u);  // a landline cannot take SMS
  auto out = Outbox(Register("", "zhang@example.cn").id);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, "email");
  EXPECT_NE(out[0].subject.find("已受理"), std::string::npos);
  EXPECT_EQ(out[0].recipient_hint, "z***@example.cn");
}

TEST_F(PlannerTest, DispatchTellsEveryUnitsDutyOfficersOrFallsBackToTheUnitsEmail) {
  AddContact("zjj", "duty", "13900000001", "duty@zjj.gov.cn");
  AddContact("zjj", "duty", "13900000002", "", "en");
  domain::Unit cgj = *city_.directory().Get()->FindUnit(city_.unit("cgj"));
  cgj.contact_phone = "0799-86000000";
  cgj.contact_email = "cgj@jc.gov.cn";
  ASSERT_TRUE(city_.store().Write([&](store::WriteTx& tx) { return tx.PutUnit(cgj); }).ok());
  ASSERT_TRUE(city_.directory().Reload().ok());
  auto c = Register("13812345678");
  auto d =
      Act(c, "dispatcher", "dispatch",
          {{"lead_unit_id", city_.unit("zjj")}, {"co_unit_ids", bj::array{city_.unit("cgj")}}});
  ASSERT_TRUE(d.ok()) << d.status().message();
  std::vector<std::string> got;
  for (const auto& m : Outbox(c.id))
    if (m.template_key == "unit_dispatched")
      got.push_back(m.kind + ":" + m.recipient + ":" + m.lang);
  // cgj has no duty contact: its own contact email is used (its landline cannot take SMS).
  std::vector<std::string> want = {"sms:13900000001:zh-CN", "email:duty@zjj.gov.cn:zh-CN",
                                   "sms:13900000002:en", "email:cgj@jc.gov.cn:zh-CN"};
  EXPECT_EQ(got, want);
  for (const auto& m : Outbox(c.id)) {
    if (m.template_key != "unit_dispatched") continue;
    EXPECT_NE(m.body.find(c.number), std::string::npos);
    if (m.lang == "en") {
      EXPECT_NE(m.body.find("lead unit"), std::string::npos) << m.body;
      EXPECT_NE(m.body.find("2026-"), std::string::npos) << m.body;
    } else {
      EXPECT_NE(m.body.find(m.unit_id == city_.unit("zjj") ? "主办" : "协办"), std::string::npos)
          << m.body;
      EXPECT_NE(m.body.find("月"), std::string::npos) << m.body;
    }
  }
}

TEST_F(PlannerTest, EscalationTellsTheLeadersConcernedOnly) {
  AddContact("centre", "leader", "13900000009", "mayor@jc.gov.cn");
  AddContact("jd", "leader", "13900000010", "");   // district leader: not concerned (zjj case)
  AddContact("zjj", "leader", "13900000011", "");  // the lead unit's own leader
  AddContact("zjj", "leader", "13900000012", "");
  {
    store::NotifyContact off{"", city_.unit("zjj"), "leader", "离任", "13900000013",
                             "", "zh-CN",           true};
    ASSERT_TRUE(
        city_.store().Write([&](store::WriteTx& tx) { return tx.PutNotifyContact(off); }).ok());
  }
  auto c = Register("13812345678");
  c = *Act(c, "dispatcher", "dispatch", {{"lead_unit_id", city_.unit("zjj")}});
  ASSERT_TRUE(Act(c, "supervisor", "escalate", {{"note", "涉及群众安全"}}).ok());
  std::vector<std::string> got;
  for (const auto& m : Outbox(c.id))
    if (m.audience == "leader") got.push_back(m.recipient);
  EXPECT_EQ(got, (std::vector<std::string>{"13900000009", "mayor@jc.gov.cn", "13900000011",
                                           "13900000012"}));
}

TEST_F(PlannerTest, ARolledBackCommandLeavesNoMessage) {
  AddContact("zjj", "duty", "13900000001", "");
  auto c = Register("13812345678");
  size_t before = Outbox().size();
  // A stale version: the dispatch is refused and its messages never exist.
  auto stale = city_.engine().Act(city_.actor("dispatcher"), c.id, "dispatch", c.version + 5,
                                  {{"lead_unit_id", city_.unit("zjj")}});
  EXPECT_FALSE(stale.ok());
  EXPECT_EQ(Outbox().size(), before);
  // A hook failure rolls the command back too: no event, no case change.
  city_.engine().SetInTxHook(
      [](store::WriteTx&, const auto&) { return Status::Unavailable("boom"); });
  auto failed = Act(c, "dispatcher", "dispatch", {{"lead_unit_id", city_.unit("zjj")}});
  EXPECT_FALSE(failed.ok());
  auto tx = city_.store().Read();
  EXPECT_EQ((*tx)->GetCase(c.id)->status, domain::CaseStatus::kNew);
  EXPECT_EQ(Outbox().size(), before);
}

TEST_F(PlannerTest, SlaWarningAndOverdueTellTheUnitOnce) {
  AddContact("zjj", "duty", "13900000001", "");
  auto c = Register("13812345678");
  ASSERT_TRUE(Act(c, "dispatcher", "dispatch", {{"lead_unit_id", city_.unit("zjj")}}).ok());
  for (int day = 0; day < 40; ++day) {
    city_.clock().Advance(std::chrono::hours(24));
    ASSERT_TRUE(city_.engine().SweepSla().ok());
  }
  std::vector<std::string> got;
  for (const auto& m : Outbox(c.id))
    if (m.audience == "unit") got.push_back(m.template_key);
  EXPECT_EQ(got, (std::vector<std::string>{"unit_dispatched", "unit_warning", "unit_overdue"}));
}

TEST_F(PlannerTest, TheApprovedReplyTellsTheCitizen) {
  auto c = Register("13812345678");
  c = *Act(c, "agent", "answer", {{"reply", "请拨打供电热线95598。"}});
  auto out = Outbox(c.id);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].template_key, "reply_ready");
  EXPECT_NE(out[1].body.find(c.number), std::string::npos);
}

// ---- the dispatcher ----

class RecordingSender final : public Sender {
 public:
  std::vector<SendResult> script;  // answers in order; then Sent
  std::vector<std::string> seen;   // message ids
  SendResult Send(const store::OutboxMessage& m) override {
    seen.push_back(m.id);
    if (seen.size() <= script.size()) return script[seen.size() - 1];
    return SendResult::Sent();
  }
};

TEST_F(PlannerTest, DispatcherRetriesWithBackoffThenSendsOnce) {
  auto c = Register("13812345678");
  RecordingSender sms;
  sms.script = {SendResult::Retry("HTTP 503"), SendResult::Retry("HTTP 503")};
  DispatcherOptions o;
  o.backoff = std::chrono::seconds(30);
  Dispatcher d(city_.store(), city_.clock(), &sms, nullptr, o);
  EXPECT_EQ(*d.RunOnce(), 1);
  auto m = Outbox(c.id)[0];
  EXPECT_EQ(m.state, "pending");
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.last_error, "HTTP 503");
  EXPECT_EQ(m.next_attempt_at, city_.clock().Now() + std::chrono::seconds(30));
  EXPECT_EQ(*d.RunOnce(), 0);  // not due yet
  city_.clock().Advance(std::chrono::seconds(30));
  EXPECT_EQ(*d.RunOnce(), 1);
  EXPECT_EQ(Outbox(c.id)[0].next_attempt_at, city_.clock().Now() + std::chrono::seconds(60));
  city_.clock().Advance(std::chrono::seconds(60));
  EXPECT_EQ(*d.RunOnce(), 1);
  m = Outbox(c.id)[0];
  EXPECT_EQ(m.state, "sent");
  EXPECT_EQ(m.attempts, 3);
  ASSERT_TRUE(m.sent_at.has_value());
  city_.clock().Advance(std::chrono::hours(10));
  EXPECT_EQ(*d.RunOnce(), 0);
  EXPECT_EQ(sms.seen.size(), 3u);
  EXPECT_EQ(d.counters().sent.load(), 1u);
}

TEST_F(PlannerTest, APermanentRefusalOrTooManyAttemptsFails) {
  auto a = Register("13812345678");
  auto b = Register("13812345679");
  RecordingSender sms;
  sms.script = {SendResult::Permanent("HTTP 400"), SendResult::Retry("down"),
                SendResult::Retry("down")};
  DispatcherOptions o;
  o.max_attempts = 2;
  o.backoff = std::chrono::seconds(1);
  Dispatcher d(city_.store(), city_.clock(), &sms, nullptr, o);
  EXPECT_EQ(*d.RunOnce(), 2);
  EXPECT_EQ(Outbox(a.id)[0].state, "failed");
  city_.clock().Advance(std::chrono::seconds(5));
  EXPECT_EQ(*d.RunOnce(), 1);
  EXPECT_EQ(Outbox(b.id)[0].state, "failed");
  EXPECT_EQ(Outbox(b.id)[0].attempts, 2);
  // An admin's retry puts it back.
  ASSERT_TRUE(city_.store()
                  .Write([&](store::WriteTx& tx) {
                    return tx.RetryOutbox(Outbox(b.id)[0].id, city_.clock().Now());
                  })
                  .ok());
  EXPECT_EQ(*d.RunOnce(), 1);
  EXPECT_EQ(Outbox(b.id)[0].state, "sent");
}

TEST_F(PlannerTest, AnExpiredLeaseIsTakenAgainAndTheLateOwnerCannotFinish) {
  auto c = Register("13812345678");
  std::vector<store::OutboxMessage> claimed;
  auto now = city_.clock().Now();
  ASSERT_TRUE(city_.store()
                  .Write([&](store::WriteTx& tx) -> Status {
                    HOTLINE_ASSIGN_OR_RETURN(
                        claimed, tx.ClaimOutbox(now, now + std::chrono::seconds(60), {"sms"}, 10));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(claimed.size(), 1u);
  // The claimer "dies". Within the lease nobody takes it; after it, the next round does.
  RecordingSender sms;
  Dispatcher d(city_.store(), city_.clock(), &sms, nullptr);
  EXPECT_EQ(*d.RunOnce(), 0);
  city_.clock().Advance(std::chrono::seconds(61));
  EXPECT_EQ(*d.RunOnce(), 1);
  EXPECT_EQ(sms.seen, std::vector<std::string>{claimed[0].id});
  EXPECT_EQ(Outbox(c.id)[0].attempts, 2);
  // The first claimer wakes up late: its outcome is refused, the recorded one stands.
  Status late = city_.store().Write([&](store::WriteTx& tx) {
    return tx.FinishOutbox(claimed[0].id, claimed[0].attempts, "failed", now, now, "late");
  });
  EXPECT_TRUE(late.IsConflict());
  EXPECT_EQ(Outbox(c.id)[0].state, "sent");
}

TEST_F(PlannerTest, AKindWithoutASenderStaysPending) {
  auto c = Register("", "zhang@example.cn");
  RecordingSender sms;
  Dispatcher d(city_.store(), city_.clock(), &sms, nullptr);
  EXPECT_EQ(*d.RunOnce(), 0);
  EXPECT_EQ(Outbox(c.id)[0].state, "pending");
  EXPECT_EQ(Outbox(c.id)[0].attempts, 0);
}

}  // namespace
}  // namespace hotline::notify
