// The store::Store contract: every backend must pass this suite. It is a typed test over a
// factory; only SQLite exists today (a PostgreSQL backend adds its factory to StoreFactories).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;
using store::CaseQuery;
using store::Store;
using store::WriteTx;

// A factory opens the store kept under `dir` (creating it if needed). Opening the same dir again
// must see what an earlier, destroyed store wrote.
struct SqliteFactory {
  static std::unique_ptr<Store> Open(const std::string& dir) {
    return OpenTestStore(dir + "/hotline.db");
  }
};

TimePoint T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

Case SampleCase(TimePoint created) {
  Case c;
  c.type = CaseType::kComplaint;
  c.channel = Channel::kWeb;
  c.title = "噪音扰民";
  c.content = "楼下商铺夜间施工噪音扰民。";
  c.category_id = "7";
  c.status = CaseStatus::kInProgress;
  c.urgent = true;
  c.confidential = true;
  c.escalated = true;
  c.citizen = {"张三", "13800138000", "420100199001011234", "zhang@example.com"};
  c.location = {"江城市解放大道1号", "3", 30.5, 114.3};
  c.call_id = "call-1";
  c.query_code = "123456";
  Assignment a;
  a.id = "a1";
  a.unit_id = "5";
  a.role = AssignmentRole::kLead;
  a.status = AssignmentStatus::kSigned;
  a.dispatched_by_unit = "1";
  a.assigned_at = created + std::chrono::minutes(10);
  a.sign_due_at = created + std::chrono::hours(2);
  a.contact_due_at = created + std::chrono::hours(24);
  a.due_at = created + std::chrono::hours(240);
  a.warn_at = created + std::chrono::hours(180);
  a.signed_at = created + std::chrono::minutes(30);
  a.extension = Extension{created + std::chrono::hours(300), "需协调", ExtensionStatus::kPending, ""};
  a.urge_count = 2;
  a.sla_emitted = SlaState::kWarning;
  Assignment b;
  b.id = "a2";
  b.unit_id = "6";
  b.role = AssignmentRole::kCo;
  b.status = AssignmentStatus::kReplied;
  b.parent_assignment = "a1";
  b.dispatched_by_unit = "4";
  b.reply = "配合完成";
  b.replied_at = created + std::chrono::hours(5);
  b.due_at = created + std::chrono::hours(100);
  c.assignments = {a, b};
  c.due_at = a.due_at;
  c.callback_due_at = created + std::chrono::hours(400);
  c.rating = Rating{Satisfaction::kBasicallySatisfied, false, "一般", "phone"};
  c.reply = "已处理";
  c.reply_resolved = true;
  c.reply_to_citizen = "您好，已处理";
  c.kb_article_id = "kb9";
  c.transfer_to = "";
  c.supervisions = {{"督办", created + std::chrono::hours(48), created + std::chrono::hours(1)}};
  c.reopen_count = 1;
  c.urge_count = 2;
  c.created_by = "u1";
  c.created_at = created;
  c.updated_at = created + std::chrono::hours(1);
  return c;
}

template <typename Factory>
class StoreContract : public ::testing::Test {
 protected:
  void SetUp() override { store_ = Factory::Open(dir_.path()); }
  void Reopen() {
    store_.reset();
    store_ = Factory::Open(dir_.path());
  }
  Store& store() { return *store_; }

  Case Insert(Case c) {
    Status st = store_->Write([&](WriteTx& tx) { return tx.InsertCase(c, 480); });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return c;
  }
  Case Get(const std::string& id) {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    auto c = (*tx)->GetCase(id);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : Case{};
  }
  std::vector<Case> List(CaseQuery q) {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    auto p = (*tx)->ListCases(q);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? p->items : std::vector<Case>{};
  }
  std::set<std::string> ListIds(CaseQuery q) {
    std::set<std::string> out;
    for (const auto& c : List(q)) out.insert(c.id);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

using StoreFactories = ::testing::Types<SqliteFactory>;
TYPED_TEST_SUITE(StoreContract, StoreFactories);

TYPED_TEST(StoreContract, InsertAndGetRoundTripEveryField) {
  const TimePoint created = T("2026-11-25T10:00:00+08:00");
  Case in = SampleCase(created);
  Case c = this->Insert(in);
  ASSERT_FALSE(c.id.empty());
  Case got = this->Get(c.id);
  EXPECT_EQ(got.id, c.id);
  EXPECT_EQ(got.number, c.number);
  EXPECT_EQ(got.version, c.version);
  EXPECT_EQ(got.query_code, in.query_code);
  EXPECT_EQ(got.type, in.type);
  EXPECT_EQ(got.channel, in.channel);
  EXPECT_EQ(got.title, in.title);
  EXPECT_EQ(got.content, in.content);
  EXPECT_EQ(got.category_id, in.category_id);
  EXPECT_EQ(got.status, in.status);
  EXPECT_EQ(got.urgent, in.urgent);
  EXPECT_EQ(got.confidential, in.confidential);
  EXPECT_EQ(got.escalated, in.escalated);
  EXPECT_EQ(got.citizen.name, in.citizen.name);
  EXPECT_EQ(got.citizen.phone, in.citizen.phone);
  EXPECT_EQ(got.citizen.id_number, in.citizen.id_number);
  EXPECT_EQ(got.citizen.email, in.citizen.email);
  EXPECT_EQ(got.location.address, in.location.address);
  EXPECT_EQ(got.location.district_id, in.location.district_id);
  EXPECT_EQ(got.location.lat, in.location.lat);
  EXPECT_EQ(got.location.lng, in.location.lng);
  EXPECT_EQ(got.call_id, in.call_id);
  ASSERT_EQ(got.assignments.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const Assignment &g = got.assignments[i], &w = in.assignments[i];
    EXPECT_EQ(g.id, w.id);
    EXPECT_EQ(g.unit_id, w.unit_id);
    EXPECT_EQ(g.role, w.role);
    EXPECT_EQ(g.status, w.status);
    EXPECT_EQ(g.dispatched_by_unit, w.dispatched_by_unit);
    EXPECT_EQ(g.parent_assignment, w.parent_assignment);
    EXPECT_EQ(g.assigned_at, w.assigned_at);
    EXPECT_EQ(g.sign_due_at, w.sign_due_at);
    EXPECT_EQ(g.contact_due_at, w.contact_due_at);
    EXPECT_EQ(g.due_at, w.due_at);
    EXPECT_EQ(g.warn_at, w.warn_at);
    EXPECT_EQ(g.signed_at, w.signed_at);
    EXPECT_EQ(g.replied_at, w.replied_at);
    EXPECT_EQ(g.reply, w.reply);
    EXPECT_EQ(g.sla_emitted, w.sla_emitted);
    EXPECT_EQ(g.urge_count, w.urge_count);
    ASSERT_EQ(g.extension.has_value(), w.extension.has_value());
    if (g.extension) {
      EXPECT_EQ(g.extension->until, w.extension->until);
      EXPECT_EQ(g.extension->reason, w.extension->reason);
      EXPECT_EQ(g.extension->status, w.extension->status);
    }
  }
  EXPECT_EQ(got.due_at, in.due_at);
  EXPECT_EQ(got.callback_due_at, in.callback_due_at);
  ASSERT_TRUE(got.rating.has_value());
  EXPECT_EQ(got.rating->satisfaction, in.rating->satisfaction);
  EXPECT_EQ(got.rating->resolved, in.rating->resolved);
  EXPECT_EQ(got.rating->note, in.rating->note);
  EXPECT_EQ(got.reply, in.reply);
  EXPECT_EQ(got.reply_resolved, in.reply_resolved);
  EXPECT_EQ(got.reply_to_citizen, in.reply_to_citizen);
  EXPECT_EQ(got.kb_article_id, in.kb_article_id);
  ASSERT_EQ(got.supervisions.size(), 1u);
  EXPECT_EQ(got.supervisions[0].note, "督办");
  EXPECT_EQ(got.supervisions[0].due_at, in.supervisions[0].due_at);
  EXPECT_EQ(got.reopen_count, in.reopen_count);
  EXPECT_EQ(got.urge_count, in.urge_count);
  EXPECT_EQ(got.created_by, in.created_by);
  EXPECT_EQ(got.created_at, in.created_at);
  EXPECT_EQ(got.updated_at, in.updated_at);
  // The number reads back too.
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  auto by_number = (*tx)->GetCaseByNumber(c.number);
  ASSERT_TRUE(by_number.ok()) << by_number.status().ToString();
  EXPECT_EQ(by_number->id, c.id);
  EXPECT_EQ((*tx)->GetCase("999999").status().reason(), "not_found");
}

TYPED_TEST(StoreContract, PersonalDataIsSealedOnDisk) {
  Case c = SampleCase(T("2026-11-25T10:00:00+08:00"));
  c.citizen.phone = "13912345678";
  c.citizen.id_number = "110101199912310099";
  this->Insert(c);
  this->Reopen();  // checkpoint-independent: look at every file of the store
  for (const auto& e : std::filesystem::directory_iterator(this->dir_.path())) {
    std::ifstream in(e.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("13912345678"), std::string::npos) << e.path();
    EXPECT_EQ(bytes.find("110101199912310099"), std::string::npos) << e.path();
  }
}

TYPED_TEST(StoreContract, NumbersAreDayPlusSequenceInCityTime) {
  std::vector<std::string> numbers;
  for (const char* t : {"2026-11-25T10:00:00+08:00", "2026-11-25T11:00:00+08:00",
                        "2026-11-25T23:59:00+08:00", "2026-11-26T00:05:00+08:00",
                        "2026-11-25T12:00:00+08:00"})
    numbers.push_back(this->Insert(SampleCase(T(t))).number);
  // 23:59 and 00:05 city time are 15:59Z and 16:05Z on the 25th: the day is the city's.
  EXPECT_EQ(numbers, (std::vector<std::string>{"2611250001", "2611250002", "2611250003",
                                               "2611260001", "2611250004"}));
  for (const auto& n : numbers) {
    EXPECT_EQ(n.size(), 10u);
    EXPECT_EQ(n.find_first_not_of("0123456789"), std::string::npos);
  }
}

TYPED_TEST(StoreContract, UpdateWithStaleVersionChangesNothing) {
  Case c = this->Insert(SampleCase(T("2026-11-25T10:00:00+08:00")));
  const int64_t v = c.version;
  Case first = c;
  first.title = "first";
  first.version = v + 1;
  ASSERT_TRUE(this->store().Write([&](WriteTx& tx) { return tx.UpdateCase(first, v); }).ok());
  Case second = c;
  second.title = "second";
  second.status = CaseStatus::kClosed;
  second.version = v + 1;
  Status st = this->store().Write([&](WriteTx& tx) { return tx.UpdateCase(second, v); });
  EXPECT_EQ(st.reason(), "stale_version") << st.ToString();
  Case got = this->Get(c.id);
  EXPECT_EQ(got.title, "first");
  EXPECT_EQ(got.version, v + 1);
  EXPECT_EQ(got.status, c.status);
}

TYPED_TEST(StoreContract, AppendEventChainsHashesAndAdvancesHead) {
  Case c = this->Insert(SampleCase(T("2026-11-25T10:00:00+08:00")));
  std::vector<Event> appended;
  for (int i = 0; i < 4; ++i) {
    Event e;
    e.case_id = c.id;
    e.at = T("2026-11-25T10:00:00+08:00") + std::chrono::minutes(i);
    e.actor_id = "u1";
    e.actor_name = "甲";
    e.action = "comment";
    e.data = {{"note", "n" + std::to_string(i)}};
    ASSERT_TRUE(this->store().Write([&](WriteTx& tx) { return tx.AppendEvent(e); }).ok());
    appended.push_back(e);
  }
  for (size_t i = 0; i < appended.size(); ++i) {
    EXPECT_EQ(appended[i].seq, int64_t(i + 1));
    EXPECT_FALSE(appended[i].hash.empty());
    EXPECT_EQ(appended[i].prev_hash, i == 0 ? "" : appended[i - 1].hash);
  }
  Case got = this->Get(c.id);
  EXPECT_EQ(got.last_seq, 4);
  EXPECT_EQ(got.last_hash, appended.back().hash);
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  auto events = (*tx)->ListEvents(c.id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ((*events)[i].seq, appended[i].seq);
    EXPECT_EQ((*events)[i].hash, appended[i].hash);
    EXPECT_EQ((*events)[i].prev_hash, appended[i].prev_hash);
    EXPECT_EQ((*events)[i].data, appended[i].data);
    EXPECT_EQ((*events)[i].at, appended[i].at);
  }
}

TYPED_TEST(StoreContract, FailedWriteLeavesNoTraceAmongConcurrentWrites) {
  constexpr int kWrites = 50;
  std::vector<Status> results(kWrites);
  std::vector<std::string> ids(kWrites);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWrites; ++i) {
    threads.emplace_back([&, i] {
      results[i] = this->store().Write([&](WriteTx& tx) -> Status {
        Case c = SampleCase(T("2026-11-25T10:00:00+08:00"));
        c.title = "w" + std::to_string(i);
        HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
        Event e;
        e.case_id = c.id;
        e.at = c.created_at;
        e.action = "register";
        HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
        HOTLINE_RETURN_IF_ERROR(tx.PutSetting("w" + std::to_string(i), "x"));
        ids[i] = c.id;
        if (i % 5 == 4) return Status::Invalid("deliberate failure " + std::to_string(i));
        return Status::Ok();
      });
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0;
  for (int i = 0; i < kWrites; ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(results[i].reason(), "invalid_argument") << i;
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].ToString();
      ++ok;
    }
  }
  EXPECT_EQ(ok, 40);
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(*(*tx)->CountCases(), 40);
  std::set<std::string> titles, numbers;
  CaseQuery q;
  q.limit = 100;
  for (const auto& c : this->List(q)) {
    titles.insert(c.title);
    numbers.insert(c.number);
    EXPECT_EQ(c.last_seq, 1) << c.title;
  }
  EXPECT_EQ(numbers.size(), 40u);  // unique numbers
  for (int i = 0; i < kWrites; ++i) {
    const std::string key = "w" + std::to_string(i);
    auto setting = (*tx)->GetSetting(key);
    ASSERT_TRUE(setting.ok());
    if (i % 5 == 4) {
      EXPECT_EQ(titles.count(key), 0u) << key;
      EXPECT_FALSE(setting->has_value()) << key;
    } else {
      EXPECT_EQ(titles.count(key), 1u) << key;
      EXPECT_TRUE(setting->has_value()) << key;
      auto events = (*tx)->ListEvents(ids[i]);
      ASSERT_TRUE(events.ok());
      EXPECT_EQ(events->size(), 1u) << key;
    }
  }
  // Numbers of the day stay contiguous: the failed writes consumed none.
  for (int n = 1; n <= 40; ++n) {
    char want[16];
    std::snprintf(want, sizeof want, "261125%04d", n);
    EXPECT_EQ(numbers.count(want), 1u) << want;
  }
}

TYPED_TEST(StoreContract, ListCasesFilters) {
  const TimePoint t0 = T("2026-11-20T10:00:00+08:00");
  auto make = [&](int i, CaseStatus st, CaseType ty, const std::string& phone,
                  const std::string& district, const std::string& unit, const std::string& text) {
    Case c = SampleCase(t0 + std::chrono::hours(24 * i));
    c.status = st;
    c.type = ty;
    c.citizen.phone = phone;
    c.location.district_id = district;
    c.title = "标题" + std::to_string(i);
    c.content = text;
    c.assignments.clear();
    if (!unit.empty()) {
      Assignment a;
      a.id = "a1";
      a.unit_id = unit;
      a.due_at = t0 + std::chrono::hours(500);
      c.assignments.push_back(a);
    }
    return this->Insert(c).id;
  };
  std::string a = make(0, CaseStatus::kNew, CaseType::kComplaint, "13800000001", "3", "", "路灯不亮");
  std::string b = make(1, CaseStatus::kInProgress, CaseType::kHelp, "13800000002", "3", "5", "井盖缺失");
  std::string c = make(2, CaseStatus::kClosed, CaseType::kComplaint, "13800000001", "4", "6", "噪音扰民");
  std::string d = make(3, CaseStatus::kInProgress, CaseType::kReport, "13800000003", "4", "5", "路灯闪烁");

  using S = std::set<std::string>;
  CaseQuery q;
  EXPECT_EQ(this->ListIds(q), (S{a, b, c, d}));
  q = {};
  q.statuses = {CaseStatus::kInProgress};
  EXPECT_EQ(this->ListIds(q), (S{b, d}));
  q.statuses = {CaseStatus::kNew, CaseStatus::kClosed};
  EXPECT_EQ(this->ListIds(q), (S{a, c}));
  q = {};
  q.type = CaseType::kComplaint;
  EXPECT_EQ(this->ListIds(q), (S{a, c}));
  q = {};
  q.phone = "13800000001";
  EXPECT_EQ(this->ListIds(q), (S{a, c}));
  q.phone = "13800000009";
  EXPECT_EQ(this->ListIds(q), S{});
  q = {};
  q.district_id = "4";
  EXPECT_EQ(this->ListIds(q), (S{c, d}));
  q = {};
  q.scope_unit_ids = std::vector<std::string>{"5"};
  EXPECT_EQ(this->ListIds(q), (S{b, d}));
  q.scope_unit_ids = std::vector<std::string>{"6", "7"};
  EXPECT_EQ(this->ListIds(q), (S{c}));
  q.scope_unit_ids = std::vector<std::string>{};
  EXPECT_EQ(this->ListIds(q), S{});
  q = {};
  q.unit_ids = {"5"};
  EXPECT_EQ(this->ListIds(q), (S{b, d}));
  q = {};
  q.from = t0 + std::chrono::hours(24);
  q.to = t0 + std::chrono::hours(72);  // exclusive
  EXPECT_EQ(this->ListIds(q), (S{b, c}));
  q = {};
  q.text = "路灯";
  EXPECT_EQ(this->ListIds(q), (S{a, d}));
  q.statuses = {CaseStatus::kInProgress};
  EXPECT_EQ(this->ListIds(q), (S{d}));
  q = {};
  q.count_total = true;
  q.type = CaseType::kComplaint;
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  auto page = (*tx)->ListCases(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
}

TYPED_TEST(StoreContract, KeysetPaginationReturnsEveryRowOnce) {
  const TimePoint t0 = T("2026-11-20T10:00:00+08:00");
  std::set<std::string> all;
  for (int i = 0; i < 23; ++i)  // groups of equal created_at, to exercise the tie-breaker
    all.insert(this->Insert(SampleCase(t0 + std::chrono::hours(i / 4))).id);
  for (auto sort : {CaseQuery::Sort::kCreatedDesc, CaseQuery::Sort::kCreatedAsc,
                    CaseQuery::Sort::kDueAsc, CaseQuery::Sort::kUpdatedDesc}) {
    std::vector<std::string> seen;
    CaseQuery q;
    q.sort = sort;
    q.limit = 5;
    for (int pages = 0; pages < 20; ++pages) {
      auto tx = this->store().Read();
      ASSERT_TRUE(tx.ok());
      auto page = (*tx)->ListCases(q);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      EXPECT_LE(page->items.size(), 5u);
      for (const auto& c : page->items) seen.push_back(c.id);
      if (page->next_cursor.empty()) break;
      q.cursor = page->next_cursor;
    }
    EXPECT_EQ(seen.size(), all.size()) << int(sort);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), all) << int(sort);
  }
}

TYPED_TEST(StoreContract, IdempotencyRecords) {
  store::IdempotencyRecord r{"user1", "key-1", "42", T("2026-11-25T10:00:00+08:00")};
  ASSERT_TRUE(this->store().Write([&](WriteTx& tx) { return tx.PutIdempotency(r); }).ok());
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  auto got = (*tx)->GetIdempotency("user1", "key-1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->result_id, "42");
  EXPECT_EQ((*got)->created_at, r.created_at);
  EXPECT_FALSE((*(*tx)->GetIdempotency("user2", "key-1")).has_value());
  EXPECT_FALSE((*(*tx)->GetIdempotency("user1", "key-2")).has_value());
}

TYPED_TEST(StoreContract, DataSurvivesReopen) {
  Case c = this->Insert(SampleCase(T("2026-11-25T10:00:00+08:00")));
  Event e;
  e.case_id = c.id;
  e.at = c.created_at;
  e.action = "register";
  ASSERT_TRUE(this->store().Write([&](WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
    return tx.PutSetting("city_name", "江城市");
  }).ok());
  this->Reopen();
  Case got = this->Get(c.id);
  EXPECT_EQ(got.number, c.number);
  EXPECT_EQ(got.citizen.phone, c.citizen.phone);
  EXPECT_EQ(got.last_hash, e.hash);
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(**(*tx)->GetSetting("city_name"), "江城市");
  // The number sequence continues after a reopen.
  EXPECT_EQ(this->Insert(SampleCase(T("2026-11-25T12:00:00+08:00"))).number, "2611250002");
}

TYPED_TEST(StoreContract, UsersSessionsSettingsCalendarRoundTrip) {
  User u;
  u.username = "alice";
  u.name = "爱丽丝";
  u.password_hash = "$argon2id$x";
  u.roles = {Role::kAgent, Role::kCallback};
  u.unit_id = "1";
  u.failed_logins = 2;
  u.locked_until = T("2026-11-25T11:00:00+08:00");
  u.created_at = T("2026-01-01T00:00:00+08:00");
  ASSERT_TRUE(this->store().Write([&](WriteTx& tx) { return tx.PutUser(u); }).ok());
  ASSERT_FALSE(u.id.empty());
  store::Session s{"abcd", u.id, "csrf", T("2026-11-25T10:00:00+08:00"),
                   T("2026-11-26T10:00:00+08:00")};
  std::ifstream in("data/calendar/cn-2026.json");
  std::string cal((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(cal.empty());
  ASSERT_TRUE(this->store().Write([&](WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(tx.PutSession(s));
    HOTLINE_RETURN_IF_ERROR(tx.PutSetting("k", "v1"));
    HOTLINE_RETURN_IF_ERROR(tx.PutSetting("k", "v2"));
    return tx.PutCalendarYear({2026, cal});
  }).ok());
  {
    auto tx = this->store().Read();
    ASSERT_TRUE(tx.ok());
    for (auto got : {(*tx)->GetUser(u.id), (*tx)->GetUserByUsername("alice")}) {
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      EXPECT_EQ(got->id, u.id);
      EXPECT_EQ(got->username, "alice");
      EXPECT_EQ(got->name, u.name);
      EXPECT_EQ(got->password_hash, u.password_hash);
      EXPECT_EQ(got->roles, u.roles);
      EXPECT_EQ(got->unit_id, "1");
      EXPECT_EQ(got->failed_logins, 2);
      EXPECT_EQ(got->locked_until, u.locked_until);
      EXPECT_EQ(got->created_at, u.created_at);
      EXPECT_FALSE(got->disabled);
    }
    EXPECT_FALSE((*tx)->GetUserByUsername("bob").ok());
    auto sess = (*tx)->GetSession("abcd");
    ASSERT_TRUE(sess.ok());
    EXPECT_EQ(sess->user_id, u.id);
    EXPECT_EQ(sess->csrf_token, "csrf");
    EXPECT_EQ(sess->expires_at, s.expires_at);
    EXPECT_EQ(**(*tx)->GetSetting("k"), "v2");
    EXPECT_FALSE((*(*tx)->GetSetting("missing")).has_value());
    auto years = (*tx)->ListCalendarYears();
    ASSERT_TRUE(years.ok());
    ASSERT_EQ(years->size(), 1u);
    EXPECT_EQ((*years)[0].year, 2026);
    EXPECT_EQ((*years)[0].json, cal);
  }
  u.disabled = true;
  ASSERT_TRUE(this->store().Write([&](WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(tx.PutUser(u));
    return tx.DeleteSession("abcd");
  }).ok());
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  EXPECT_TRUE((*tx)->GetUser(u.id)->disabled);
  EXPECT_EQ((*tx)->ListUsers()->size(), 1u);
  EXPECT_FALSE((*tx)->GetSession("abcd").ok());
}

}  // namespace
}  // namespace hotline::testing
