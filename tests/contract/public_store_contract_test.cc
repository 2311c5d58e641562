// Store contract for the public site (issue 4): uploads from the mailbox form, published letters
// and reply timeliness. Typed over the backend factory like store_contract_test.cc (only SQLite
// today).
#include <gtest/gtest.h>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;
using store::WriteTx;

struct SqlitePublicFactory {
  static std::unique_ptr<store::Store> Open(const std::string& dir) {
    return OpenTestStore(dir + "/hotline.db");
  }
};

TimePoint At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

template <typename Factory>
class PublicStoreContract : public ::testing::Test {
 protected:
  void SetUp() override { store_ = Factory::Open(dir_.path()); }
  store::Store& store() { return *store_; }

  // A case with one lead assignment; replied `reply_after` after creation (none if negative) and
  // due 240 hours after creation.
  std::string InsertCase(const char* created, CaseStatus status, int reply_after_hours,
                         CaseType type = CaseType::kComplaint) {
    Case c;
    c.type = type;
    c.channel = Channel::kWeb;
    c.title = "路灯不亮";
    c.content = "路灯不亮。";
    c.status = status;
    c.created_at = At(created);
    c.updated_at = c.created_at;
    Assignment a;
    a.id = "a1";
    a.unit_id = "5";
    a.role = AssignmentRole::kLead;
    a.status = reply_after_hours >= 0 ? AssignmentStatus::kReplied : AssignmentStatus::kSigned;
    a.assigned_at = c.created_at;
    a.due_at = c.created_at + std::chrono::hours(240);
    if (reply_after_hours >= 0) a.replied_at = c.created_at + std::chrono::hours(reply_after_hours);
    c.assignments = {a};
    EXPECT_TRUE(store_->Write([&](WriteTx& tx) { return tx.InsertCase(c, 480); }).ok());
    return c.id;
  }
  store::PublishedLetter Letter(const std::string& case_id, const char* published,
                                const std::string& type = "complaint") {
    store::PublishedLetter l;
    l.case_id = case_id;
    l.type = type;
    l.category_id = "7";
    l.title = "标题 " + case_id;
    l.question = "问题";
    l.reply = "答复";
    l.received_at = At("2026-11-01T09:00:00+08:00");
    l.replied_at = At("2026-11-05T09:00:00+08:00");
    l.published_at = At(published);
    l.published_by = "u1";
    return l;
  }
  Status Put(store::PublishedLetter& l) {
    return store_->Write([&](WriteTx& tx) { return tx.PutPublishedLetter(l); });
  }
  store::LetterPage List(store::LetterQuery q) {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    auto p = (*tx)->ListPublishedLetters(q);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : store::LetterPage{};
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

using PublicFactories = ::testing::Types<SqlitePublicFactory>;
TYPED_TEST_SUITE(PublicStoreContract, PublicFactories);

TYPED_TEST(PublicStoreContract, UploadsBindOnce) {
  store::PublicUpload u{
      "hash1", "sha", "照片.png", "image/png", 10, "1.2.3.4", At("2026-11-25T10:00:00+08:00"), ""};
  ASSERT_TRUE(this->store().Write([&](WriteTx& tx) { return tx.PutPublicUpload(u); }).ok());
  Status dup = this->store().Write([&](WriteTx& tx) { return tx.PutPublicUpload(u); });
  EXPECT_EQ(dup.code(), Code::kConflict);
  EXPECT_TRUE(
      this->store().Write([&](WriteTx& tx) { return tx.BindPublicUpload("hash1", "42"); }).ok());
  EXPECT_TRUE(
      this->store().Write([&](WriteTx& tx) { return tx.BindPublicUpload("hash1", "42"); }).ok())
      << "binding to the same case again is fine (a replay)";
  Status other =
      this->store().Write([&](WriteTx& tx) { return tx.BindPublicUpload("hash1", "43"); });
  EXPECT_EQ(other.code(), Code::kConflict);
  EXPECT_EQ(other.reason(), "upload_already_used");
  Status unknown =
      this->store().Write([&](WriteTx& tx) { return tx.BindPublicUpload("nope", "42"); });
  EXPECT_EQ(unknown.code(), Code::kNotFound);
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  auto got = (*tx)->GetPublicUpload("hash1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->case_id, "42");
  EXPECT_EQ(got->name, "照片.png");
  EXPECT_EQ(got->created_at, u.created_at);
}

TYPED_TEST(PublicStoreContract, LettersUpsertListAndHide) {
  std::string c1 = this->InsertCase("2026-11-01T09:00:00+08:00", CaseStatus::kClosed, 10);
  std::string c2 =
      this->InsertCase("2026-11-02T09:00:00+08:00", CaseStatus::kClosed, 10, CaseType::kPraise);
  std::string c3 = this->InsertCase("2026-11-03T09:00:00+08:00", CaseStatus::kClosed, 10);
  std::string open = this->InsertCase("2026-11-04T09:00:00+08:00", CaseStatus::kInProgress, -1);
  auto l1 = this->Letter(c1, "2026-11-20T10:00:00+08:00");
  auto l2 = this->Letter(c2, "2026-11-21T10:00:00+08:00", "praise");
  auto l3 = this->Letter(c3, "2026-11-21T10:00:00+08:00");
  auto lo = this->Letter(open, "2026-11-22T10:00:00+08:00");
  for (auto* l : {&l1, &l2, &l3, &lo}) ASSERT_TRUE(this->Put(*l).ok());
  EXPECT_EQ(l1.version, 1);

  // Newest first, ties by id; the open case's letter is not listed.
  auto all = this->List({});
  ASSERT_EQ(all.total, 3);
  ASSERT_EQ(all.items.size(), 3u);
  EXPECT_EQ(all.items[0].id, l3.id);
  EXPECT_EQ(all.items[1].id, l2.id);
  EXPECT_EQ(all.items[2].id, l1.id);
  // Paging returns every letter once.
  store::LetterQuery q;
  q.limit = 2;
  auto p1 = this->List(q);
  ASSERT_EQ(p1.items.size(), 2u);
  ASSERT_FALSE(p1.next_cursor.empty());
  q.cursor = p1.next_cursor;
  auto p2 = this->List(q);
  ASSERT_EQ(p2.items.size(), 1u);
  EXPECT_EQ(p2.items[0].id, l1.id);
  EXPECT_TRUE(p2.next_cursor.empty());
  store::LetterQuery bad;
  bad.cursor = "x";
  auto tx = this->store().Read();
  EXPECT_FALSE((*tx)->ListPublishedLetters(bad).ok());
  // Filters.
  store::LetterQuery praise;
  praise.type = "praise";
  EXPECT_EQ(this->List(praise).total, 1);
  store::LetterQuery cat;
  cat.category_ids = {"99"};
  EXPECT_EQ(this->List(cat).total, 0);

  // Re-publishing keeps the id and bumps the version; unpublishing hides it from the list.
  auto again = this->Letter(c1, "2026-11-23T10:00:00+08:00");
  again.title = "新标题";
  ASSERT_TRUE(this->Put(again).ok());
  EXPECT_EQ(again.id, l1.id);
  EXPECT_EQ(again.version, 2);
  again.unpublished_at = At("2026-11-24T10:00:00+08:00");
  ASSERT_TRUE(this->Put(again).ok());
  EXPECT_EQ(this->List({}).total, 2);
  auto rtx = this->store().Read();
  auto got = (*rtx)->GetPublishedLetter(l1.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "新标题");
  ASSERT_TRUE(got->unpublished_at.has_value());
  EXPECT_TRUE((*rtx)->GetPublishedLetterByCase(c1).ok());
  EXPECT_EQ((*rtx)->GetPublishedLetter("999").status().code(), Code::kNotFound);
}

TYPED_TEST(PublicStoreContract, ReplyTimelinessCountsLeadRepliesByDueTime) {
  this->InsertCase("2026-11-01T09:00:00+08:00", CaseStatus::kClosed, 10);  // on time
  this->InsertCase("2026-11-02T09:00:00+08:00", CaseStatus::kClosed,
                   300);  // late (due after 240 h)
  this->InsertCase("2026-11-03T09:00:00+08:00", CaseStatus::kInProgress,
                   -1);  // not replied: not counted
  this->InsertCase("2026-10-31T09:00:00+08:00", CaseStatus::kClosed, 10);  // another month
  auto tx = this->store().Read();
  ASSERT_TRUE(tx.ok());
  auto r =
      (*tx)->GetReplyTimeliness(At("2026-11-01T00:00:00+08:00"), At("2026-12-01T00:00:00+08:00"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->replied, 2);
  EXPECT_EQ(r->on_time, 1);
}

}  // namespace
}  // namespace hotline::testing
