// The hot-issue block of the store::Store contract (issue 6, migration 0008): lean case scans, the
// day cache, surges with members and trail under optimistic concurrency, caller flags and activity.
// Typed over a factory like store_contract_test.cc; only SQLite exists today.
#include <gtest/gtest.h>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;

struct SqliteHotFactory {
  static std::unique_ptr<store::Store> Open(const std::string& dir) {
    return OpenTestStore(dir + "/hotline.db");
  }
};

template <typename F>
class HotStoreContract : public ::testing::Test {
 protected:
  void SetUp() override { store_ = F::Open(dir_.path()); }
  std::string Insert(const std::string& content, const std::string& phone, TimePoint at,
                     CaseStatus st = CaseStatus::kNew, const std::string& district = "2") {
    Case c;
    c.type = CaseType::kHelp;
    c.channel = Channel::kPhone;
    c.title = "标题";
    c.content = content;
    c.category_id = "5";
    c.status = st;
    c.citizen.name = "王五";
    c.citizen.phone = phone;
    c.location.district_id = district;
    c.location.address = "江城市江东区马王堆街道1号";
    c.created_at = at;
    c.updated_at = at;
    c.version = 1;
    Check(store_->Write([&](store::WriteTx& tx) { return tx.InsertCase(c, 480); }), "insert");
    return c.id;
  }
  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};
using Factories = ::testing::Types<SqliteHotFactory>;
TYPED_TEST_SUITE(HotStoreContract, Factories);

TYPED_TEST(HotStoreContract, ScanReturnsLeanRowsInIdOrderWithFilters) {
  TimePoint t0 = TestCityStart();
  std::string a = this->Insert("停水", "13800000001", t0);
  std::string b =
      this->Insert("停电", "13800000002", t0 + std::chrono::minutes(1), CaseStatus::kNew, "3");
  this->Insert("积水", "13800000003", t0 + std::chrono::hours(2));
  auto tx = this->store_->Read();
  ASSERT_TRUE(tx.ok());
  std::vector<store::HotCaseRow> rows;
  store::HotCaseQuery q;
  q.from = t0;
  q.to = t0 + std::chrono::hours(1);
  ASSERT_TRUE((*tx)->ScanHotCases(q, [&](const store::HotCaseRow& r) { rows.push_back(r); }).ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::to_string(rows[0].id), a);
  EXPECT_EQ(rows[0].content, "停水");
  EXPECT_EQ(rows[0].address, "江城市江东区马王堆街道1号");
  q.district_id = "3";
  rows.clear();
  ASSERT_TRUE((*tx)->ScanHotCases(q, [&](const store::HotCaseRow& r) { rows.push_back(r); }).ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::to_string(rows[0].id), b);
  store::HotCaseQuery after;
  after.after_id = std::stoll(a);
  after.limit = 1;
  rows.clear();
  ASSERT_TRUE(
      (*tx)->ScanHotCases(after, [&](const store::HotCaseRow& r) { rows.push_back(r); }).ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(std::to_string(rows[0].id), b);
  store::HotCaseQuery none;
  none.scope_unit_ids = std::vector<std::string>{};
  rows.clear();
  ASSERT_TRUE(
      (*tx)->ScanHotCases(none, [&](const store::HotCaseRow& r) { rows.push_back(r); }).ok());
  EXPECT_TRUE(rows.empty());
  auto max = (*tx)->MaxCaseId();
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(*max, std::stoll(a) + 2);
}

TYPED_TEST(HotStoreContract, DayCacheReplacesAndReadsTermsByRange) {
  store::HotDay d{"", "2026-11-20", 100, TestCityStart(), {{"停水", 7}, {"@d:2", 40}}};
  ASSERT_TRUE(this->store_->Write([&](store::WriteTx& tx) { return tx.PutHotDay(d); }).ok());
  store::HotDay e{"", "2026-11-21", 90, TestCityStart(), {{"停水", 3}}};
  ASSERT_TRUE(this->store_->Write([&](store::WriteTx& tx) { return tx.PutHotDay(e); }).ok());
  d.terms = {{"停电", 2}};
  d.cases = 101;
  ASSERT_TRUE(
      this->store_->Write([&](store::WriteTx& tx) { return tx.PutHotDay(d); }).ok());  // a recount
  auto tx = this->store_->Read();
  ASSERT_TRUE(tx.ok());
  auto day = (*tx)->GetHotDay("", "2026-11-20");
  ASSERT_TRUE(day.ok() && day->has_value());
  EXPECT_EQ((*day)->cases, 101);
  EXPECT_FALSE((*(*tx)->GetHotDay("d:2", "2026-11-20")).has_value());
  auto rows = (*tx)->HotTermCounts("", "2026-11-19", "2026-11-21", {"停水", "停电", "@d:2"});
  ASSERT_TRUE(rows.ok());
  std::map<std::string, int64_t> got;
  for (const auto& r : *rows) got[r.term + "@" + r.day] = r.n;
  EXPECT_EQ(got, (std::map<std::string, int64_t>{{"停水@2026-11-21", 3}, {"停电@2026-11-20", 2}}));
}

TYPED_TEST(HotStoreContract, SurgesKeepMembersTrailAndVersions) {
  store::Surge s;
  s.key = "t:停水|s:3";
  s.label = "停水 · 马王堆街道";
  s.term = "停水";
  s.place_unit_id = "3";
  s.district_id = "2";
  s.case_count = 2;
  s.first_case_at = s.last_case_at = s.raised_at = s.updated_at = TestCityStart();
  ASSERT_TRUE(this->store_
                  ->Write([&](store::WriteTx& tx) -> Status {
                    HOTLINE_RETURN_IF_ERROR(tx.InsertSurge(s));
                    HOTLINE_RETURN_IF_ERROR(tx.AddSurgeCase(s.id, "10", s.raised_at));
                    HOTLINE_RETURN_IF_ERROR(tx.AddSurgeCase(s.id, "11", s.raised_at));
                    HOTLINE_RETURN_IF_ERROR(tx.AddSurgeCase(s.id, "11", s.raised_at));  // once only
                    store::SurgeTrailEntry e{0, s.id, s.raised_at, "system", "系统", "raised", ""};
                    return tx.AppendSurgeTrail(e);
                  })
                  .ok());
  ASSERT_FALSE(s.id.empty());
  store::Surge changed = s;
  changed.status = "acknowledged";
  changed.version = 2;
  ASSERT_TRUE(
      this->store_->Write([&](store::WriteTx& tx) { return tx.UpdateSurge(changed, 1); }).ok());
  Status stale =
      this->store_->Write([&](store::WriteTx& tx) { return tx.UpdateSurge(changed, 1); });
  EXPECT_EQ(stale.reason(), "stale_version");
  store::Surge ghost = s;
  ghost.id = "999";
  EXPECT_TRUE(this->store_->Write([&](store::WriteTx& tx) { return tx.UpdateSurge(ghost, 1); })
                  .IsNotFound());
  auto tx = this->store_->Read();
  ASSERT_TRUE(tx.ok());
  auto got = (*tx)->GetSurge(s.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, "acknowledged");
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ((*(*tx)->ListSurgeCases(s.id)).size(), 2u);
  EXPECT_EQ((*(*tx)->ListSurgeTrail(s.id)).size(), 1u);
  store::SurgeQuery open;
  open.statuses = {"open"};
  EXPECT_TRUE((*(*tx)->ListSurges(open)).empty());
  store::SurgeQuery scoped;
  scoped.place_unit_ids = std::vector<std::string>{"2"};
  EXPECT_EQ((*(*tx)->ListSurges(scoped)).size(), 1u);
  scoped.place_unit_ids = std::vector<std::string>{"7"};
  EXPECT_TRUE((*(*tx)->ListSurges(scoped)).empty());
  EXPECT_TRUE((*tx)->GetSurge("abc").status().IsNotFound());
}

TYPED_TEST(HotStoreContract, CallerFlagsAndActivityByKeyedPhoneHash) {
  TimePoint t0 = TestCityStart();
  for (int i = 0; i < 4; ++i)
    this->Insert("来电", "13900001111", t0 + std::chrono::minutes(i),
                 i < 3 ? CaseStatus::kInvalid : CaseStatus::kNew);
  std::string other = this->Insert("来电", "13900002222", t0);
  store::CallerFlag f;
  f.case_id = other;
  f.reason = "辱骂话务员";
  f.flagged_by = "6";
  f.flagged_by_name = "赵强";
  f.flagged_at = t0;
  ASSERT_TRUE(this->store_
                  ->Write([&](store::WriteTx& tx) {
                    f.phone_hash = tx.PhoneHash("13900002222");
                    return tx.PutCallerFlag(f);
                  })
                  .ok());
  auto tx = this->store_->Read();
  ASSERT_TRUE(tx.ok());
  EXPECT_NE((*tx)->PhoneHash("13900002222"), "13900002222");  // never the phone itself
  EXPECT_EQ((*(*tx)->CallerFlagsByPhone("13900002222")).size(), 1u);
  EXPECT_TRUE((*(*tx)->CallerFlagsByPhone("13900001111")).empty());
  auto activity = (*tx)->CallerActivitySince(t0 - std::chrono::hours(1), 4, 100, 10);
  ASSERT_TRUE(activity.ok());
  ASSERT_EQ(activity->size(), 1u);
  EXPECT_EQ((*activity)[0].cases, 4);
  EXPECT_EQ((*activity)[0].invalid, 3);
  EXPECT_EQ((*activity)[0].phone_hash, (*tx)->PhoneHash("13900001111"));
  auto abuse = (*tx)->CallerActivitySince(t0 - std::chrono::hours(1), 100, 3, 10);
  ASSERT_TRUE(abuse.ok());
  EXPECT_EQ(abuse->size(), 1u);
  auto one = (*tx)->CallerActivityOf("13900001111", t0 + std::chrono::minutes(2));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->cases, 2);
  auto never = (*tx)->CallerActivityOf("13000000000", t0);
  ASSERT_TRUE(never.ok());
  EXPECT_EQ(never->cases, 0);
  // Clearing a flag keeps it (with who and why), no longer active.
  f.active = false;
  f.cleared_by = "赵强";
  f.cleared_at = t0 + std::chrono::hours(1);
  f.clear_reason = "误标";
  ASSERT_TRUE(this->store_->Write([&](store::WriteTx& w) { return w.PutCallerFlag(f); }).ok());
  auto tx2 = this->store_->Read();
  ASSERT_TRUE(tx2.ok());
  EXPECT_TRUE((*(*tx2)->CallerFlagsByPhone("13900002222")).empty());
  EXPECT_TRUE((*(*tx2)->ListCallerFlags(true)).empty());
  auto all = (*(*tx2)->ListCallerFlags(false));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].clear_reason, "误标");
  EXPECT_TRUE((*tx2)->GetCallerFlag("42").status().IsNotFound());
}

TYPED_TEST(HotStoreContract, StateSurvivesReopening) {
  ASSERT_TRUE(
      this->store_->Write([&](store::WriteTx& tx) { return tx.PutHotState("surge_cursor", "41"); })
          .ok());
  ASSERT_TRUE(
      this->store_->Write([&](store::WriteTx& tx) { return tx.PutHotState("surge_cursor", "42"); })
          .ok());
  this->store_.reset();
  this->store_ = TypeParam::Open(this->dir_.path());
  auto tx = this->store_->Read();
  ASSERT_TRUE(tx.ok());
  auto v = (*tx)->GetHotState("surge_cursor");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ(**v, "42");
  EXPECT_FALSE((*(*tx)->GetHotState("nothing")).has_value());
}

}  // namespace
}  // namespace hotline::testing
