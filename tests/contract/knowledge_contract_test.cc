// The knowledge part of the store::Store contract (store.h, "Knowledge base" blocks): every
// backend must keep articles, revisions, versions, usage counts, reminders and the full-text
// index consistent. SQLite today.
#include <gtest/gtest.h>

#include "src/search/query.h"
#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;

class KnowledgeContract : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenTestStore(dir_.db()); }

  Article Insert(const std::string& title, const std::string& body, const std::string& unit = "5") {
    Article a;
    a.unit_id = unit;
    a.status = ArticleStatus::kPublished;
    a.content.title = title;
    a.content.body = body;
    a.content.tags = {"标签一", "tag two"};
    a.live_rev = 1;
    a.created_by = "u1";
    a.created_by_name = "作者";
    a.created_at = a.updated_at = TestCityStart();
    ArticleRevision r;
    r.rev = 1;
    r.status = RevisionStatus::kPublished;
    r.content = a.content;
    r.author_id = "u1";
    r.created_at = r.updated_at = a.created_at;
    Check(store_->Write([&](store::WriteTx& tx) { return tx.InsertArticle(a, r); }), "insert");
    return a;
  }
  std::vector<std::string> Search(const std::string& q) {
    store::ArticleQuery query;
    query.match = *search::BuildMatchExpression(q);
    auto tx = store_->Read();
    auto page = (*tx)->ListArticles(query);
    EXPECT_TRUE(page.ok()) << page.status().message();
    std::vector<std::string> ids;
    for (const auto& h : page->items) ids.push_back(h.article.id);
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(KnowledgeContract, InsertGetAndRevisionsRoundTrip) {
  Article a = Insert("社保卡补办", "带上**身份证**");
  EXPECT_FALSE(a.id.empty());
  EXPECT_EQ(a.version, 1);
  auto tx = store_->Read();
  auto got = (*tx)->GetArticle(a.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->content, a.content);
  EXPECT_EQ(got->usage_count, 0);
  auto revs = (*tx)->ListArticleRevisions(a.id);
  ASSERT_TRUE(revs.ok());
  ASSERT_EQ(revs->size(), 1u);
  EXPECT_EQ((*revs)[0].content, a.content);
  EXPECT_TRUE((*tx)->GetArticle("999").status().IsNotFound());
  EXPECT_TRUE((*tx)->GetArticle("abc").status().IsNotFound());
  EXPECT_TRUE((*tx)->GetArticleRevision(a.id, 7).status().IsNotFound());
}

TEST_F(KnowledgeContract, UpdateIsOptimisticAndKeepsTheIndexInStep) {
  Article a = Insert("停水报修", "提供地址");
  EXPECT_EQ(Search("停水"), (std::vector<std::string>{a.id}));
  a.content.title = "停电报修";
  a.version = 2;
  Check(store_->Write([&](store::WriteTx& tx) { return tx.UpdateArticle(a, 1); }), "update");
  EXPECT_TRUE(Search("停水").empty());
  EXPECT_EQ(Search("停电"), (std::vector<std::string>{a.id}));
  a.version = 3;
  Status st = store_->Write([&](store::WriteTx& tx) { return tx.UpdateArticle(a, 1); });
  EXPECT_EQ(st.reason(), "stale_version");
}

TEST_F(KnowledgeContract, UsageCountDoesNotChangeTheVersion) {
  Article a = Insert("t", "b");
  Check(store_->Write([&](store::WriteTx& tx) { return tx.IncrementArticleUsage(a.id); }), "use");
  Check(store_->Write([&](store::WriteTx& tx) { return tx.IncrementArticleUsage(a.id); }), "use");
  auto tx = store_->Read();
  EXPECT_EQ((*tx)->GetArticle(a.id)->usage_count, 2);
  EXPECT_EQ((*tx)->GetArticle(a.id)->version, 1);
  Status st = store_->Write([&](store::WriteTx& tx) { return tx.IncrementArticleUsage("424242"); });
  EXPECT_TRUE(st.IsNotFound());
}

TEST_F(KnowledgeContract, FailedWriteLeavesNoArticleAndNoIndexEntry) {
  Status st = store_->Write([&](store::WriteTx& tx) -> Status {
    Article a;
    a.unit_id = "5";
    a.content = {"幽灵文章", "不应存在", "", {}, Audience::kInternal, "", ""};
    a.created_at = a.updated_at = TestCityStart();
    ArticleRevision r;
    r.rev = 1;
    r.content = a.content;
    HOTLINE_RETURN_IF_ERROR(tx.InsertArticle(a, r));
    return Status::Invalid("changed my mind");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(Search("幽灵").empty());
}

TEST_F(KnowledgeContract, FiltersPagingAndVisibility) {
  for (int i = 0; i < 5; ++i)
    Insert("公积金提取" + std::to_string(i), "租房提取", i < 3 ? "5" : "6");
  store::ArticleQuery q;
  q.unit_ids = {"6"};
  auto tx = store_->Read();
  EXPECT_EQ((*tx)->ListArticles(q)->total, 2);
  q = {};
  q.tag = "标签一";
  q.limit = 2;
  auto p1 = (*tx)->ListArticles(q);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->total, 5);
  EXPECT_EQ(p1->items.size(), 2u);
  ASSERT_FALSE(p1->next_cursor.empty());
  q.cursor = p1->next_cursor;
  auto p2 = (*tx)->ListArticles(q);
  EXPECT_EQ(p2->items.size(), 2u);
  EXPECT_NE(p2->items[0].article.id, p1->items[0].article.id);
  q.cursor = "not-a-cursor";
  EXPECT_FALSE((*tx)->ListArticles(q).ok());
  q = {};
  q.visible_units = std::vector<std::string>{};
  q.visible_live_on = "2026-11-25";
  EXPECT_EQ((*tx)->ListArticles(q)->total, 5);  // published and valid
  q.live_on = "2026-11-25";
  q.expired_on = "2026-11-25";
  EXPECT_EQ((*tx)->ListArticles(q)->total, 0);
}

TEST_F(KnowledgeContract, RemindersAreListedByUnitNewestFirst) {
  Article a = Insert("t", "b");
  for (const char* kind : {"expiring", "expired"}) {
    KnowledgeReminder r{"", a.id, "5", kind, "t", "2026-11-30", TestCityStart()};
    Check(store_->Write([&](store::WriteTx& tx) { return tx.InsertKnowledgeReminder(r); }),
          "remind");
  }
  auto tx = store_->Read();
  auto all = (*tx)->ListKnowledgeReminders({}, 10);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].kind, "expired");
  EXPECT_TRUE((*tx)->ListKnowledgeReminders({"6"}, 10)->empty());
  EXPECT_EQ((*tx)->GetArticle(a.id)->remind_state, "expired");
}

}  // namespace
}  // namespace hotline::testing
