// The store contract for Open311 (issue 4): API keys, the per-case Open311 record, the
// double-submit lookup, the public-listing filters of CaseQuery and the update-feed query.
#include <gtest/gtest.h>

#include <set>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;
using store::CaseQuery;
using store::Open311Key;
using store::Open311Request;
using store::WriteTx;

TimePoint T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

class Open311Store : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenTestStore(dir_.path() + "/hotline.db"); }

  Case Insert(const std::string& content, TimePoint at, bool confidential = false,
              const std::string& category = "7") {
    Case c;
    c.type = CaseType::kComplaint;
    c.channel = Channel::kOpen311;
    c.title = content;
    c.content = content;
    c.category_id = category;
    c.confidential = confidential;
    c.created_at = at;
    c.updated_at = at;
    c.query_code = "123456";
    Status st = store_->Write([&](WriteTx& tx) -> Status {
      HOTLINE_RETURN_IF_ERROR(tx.InsertCase(c, 480));
      Event e;
      e.case_id = c.id;
      e.at = at;
      e.actor_id = "public";
      e.actor_name = "市民";
      e.action = "register";
      e.data = {{"number", c.number}};
      return tx.AppendEvent(e);
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return c;
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(Open311Store, KeysAreStoredByHashAndRevokedOnce) {
  Open311Key k{
      "", "江城随手拍", std::string(64, 'a'), "o311_abcdefg", "9", T("2026-11-25T10:00:00+08:00"),
      {}};
  ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.PutOpen311Key(k); }).ok());
  ASSERT_FALSE(k.id.empty());
  // The same hash twice is refused (a secret maps to one key).
  Open311Key dup = k;
  dup.id.clear();
  EXPECT_FALSE(store_->Write([&](WriteTx& tx) { return tx.PutOpen311Key(dup); }).ok());

  auto tx = store_->Read();
  auto got = (*tx)->GetOpen311KeyByHash(std::string(64, 'a'));
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->name, "江城随手拍");
  EXPECT_FALSE((*got)->revoked_at);
  EXPECT_FALSE((*(*tx)->GetOpen311KeyByHash(std::string(64, 'b'))).has_value());
  tx->reset();

  const TimePoint first = T("2026-11-26T10:00:00+08:00");
  ASSERT_TRUE(store_->Write([&](WriteTx& w) { return w.RevokeOpen311Key(k.id, first); }).ok());
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& w) {
                    return w.RevokeOpen311Key(k.id, first + std::chrono::hours(1));
                  })
                  .ok());
  EXPECT_TRUE(
      store_->Write([&](WriteTx& w) { return w.RevokeOpen311Key("999", first); }).IsNotFound());
  auto tx2 = store_->Read();
  auto keys = (*tx2)->ListOpen311Keys();
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  ASSERT_TRUE((*keys)[0].revoked_at);
  EXPECT_EQ(*(*keys)[0].revoked_at, first);  // the first revocation time stays
}

TEST_F(Open311Store, RequestRecordsTokensAndDuplicates) {
  const TimePoint at = T("2026-11-25T10:00:00+08:00");
  Case c = Insert("路灯不亮", at);
  Open311Request r{c.id,
                   "tok123",
                   "1",
                   "fp1",
                   "010204",
                   "A-7",
                   "https://x.test/a.jpg",
                   "dev",
                   "acct",
                   R"({"facility":"street_light"})",
                   at};
  ASSERT_TRUE(store_->Write([&](WriteTx& tx) { return tx.PutOpen311Request(r); }).ok());
  Open311Request same_token = r;
  same_token.case_id = Insert("另一件", at).id;
  EXPECT_FALSE(store_->Write([&](WriteTx& tx) { return tx.PutOpen311Request(same_token); }).ok());

  auto tx = store_->Read();
  auto by_case = (*tx)->GetOpen311Request(c.id);
  ASSERT_TRUE(by_case.ok() && by_case->has_value());
  EXPECT_EQ((*by_case)->token, "tok123");
  EXPECT_EQ((*by_case)->media_url, "https://x.test/a.jpg");
  EXPECT_EQ((*by_case)->attributes_json, R"({"facility":"street_light"})");
  auto by_token = (*tx)->GetOpen311RequestByToken("tok123");
  ASSERT_TRUE(by_token.ok() && by_token->has_value());
  EXPECT_EQ((*by_token)->case_id, c.id);
  EXPECT_FALSE((*(*tx)->GetOpen311RequestByToken("nope")).has_value());

  auto dup = (*tx)->FindOpen311Duplicate("1", "fp1", at - std::chrono::minutes(10));
  ASSERT_TRUE(dup.ok() && dup->has_value());
  EXPECT_EQ(**dup, c.id);
  EXPECT_FALSE(
      (*(*tx)->FindOpen311Duplicate("1", "fp1", at + std::chrono::minutes(1))).has_value());
  EXPECT_FALSE(
      (*(*tx)->FindOpen311Duplicate("2", "fp1", at - std::chrono::minutes(10))).has_value());
  EXPECT_FALSE(
      (*(*tx)->FindOpen311Duplicate("1", "fp2", at - std::chrono::minutes(10))).has_value());
}

TEST_F(Open311Store, PublicListingFiltersAndOffset) {
  const TimePoint at = T("2026-11-25T10:00:00+08:00");
  Case a = Insert("一", at);
  Case b = Insert("二", at + std::chrono::hours(1), /*confidential=*/true);
  Case c = Insert("三", at + std::chrono::hours(2), false, "");
  Case d = Insert("四", at + std::chrono::hours(3));
  // A later update of a.
  Status st = store_->Write([&](WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(Case x, tx.GetCase(a.id));
    x.updated_at = at + std::chrono::hours(10);
    const int64_t read = x.version;
    x.version = read + 1;
    return tx.UpdateCase(x, read);
  });
  ASSERT_TRUE(st.ok()) << st.ToString();

  auto ids = [&](CaseQuery q) {
    std::vector<std::string> out;
    auto tx = store_->Read();
    auto p = (*tx)->ListCases(q);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    if (p.ok())
      for (const auto& x : p->items) out.push_back(x.number);
    return out;
  };
  CaseQuery q;
  q.exclude_confidential = true;
  q.require_category = true;
  EXPECT_EQ(ids(q), (std::vector<std::string>{d.number, a.number}));
  q.numbers = {a.number, b.number, c.number};
  EXPECT_EQ(ids(q), (std::vector<std::string>{a.number}));
  q.numbers.clear();
  q.updated_from = at + std::chrono::hours(5);
  EXPECT_EQ(ids(q), (std::vector<std::string>{a.number}));
  q.updated_from.reset();
  q.updated_to = at + std::chrono::hours(5);
  EXPECT_EQ(ids(q), (std::vector<std::string>{d.number}));
  q.updated_to.reset();
  q.offset = 1;
  q.limit = 1;
  EXPECT_EQ(ids(q), (std::vector<std::string>{a.number}));
  q.offset = 2;
  EXPECT_TRUE(ids(q).empty());
}

TEST_F(Open311Store, UpdateFeedSkipsConfidentialUncategorisedAndOtherActions) {
  const TimePoint at = T("2026-11-25T10:00:00+08:00");
  Case a = Insert("一", at);
  Insert("二", at + std::chrono::minutes(1), /*confidential=*/true);
  Insert("三", at + std::chrono::minutes(2), false, "");
  Case d = Insert("四", at + std::chrono::minutes(3));
  store::Open311UpdateQuery q;
  q.from = at;
  q.to = at + std::chrono::hours(1);
  q.actions = {"register"};
  auto tx = store_->Read();
  auto got = (*tx)->ListOpen311Updates(q);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].case_number, a.number);
  EXPECT_EQ((*got)[1].case_number, d.number);
  EXPECT_LT((*got)[0].id, (*got)[1].id);
  q.offset = 1;
  EXPECT_EQ((*(*tx)->ListOpen311Updates(q)).size(), 1u);
  q.offset = 0;
  q.actions = {"dispatch"};
  EXPECT_TRUE((*(*tx)->ListOpen311Updates(q)).empty());
  q.actions = {"register"};
  q.from = at + std::chrono::minutes(3) + std::chrono::milliseconds(1);
  EXPECT_TRUE((*(*tx)->ListOpen311Updates(q)).empty());
}

}  // namespace
}  // namespace hotline::testing
