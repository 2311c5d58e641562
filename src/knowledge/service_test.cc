// The knowledge service on a real SQLite store (tests/fakes/test_city.h) and a FakeClock:
// review flow, versions, visibility, search, expiry sweep, import/export and answering with an
// article.
#include "src/knowledge/service.h"

#include <gtest/gtest.h>

#include "src/knowledge/csv.h"
#include "tests/fakes/test_city.h"

namespace hotline::knowledge {
namespace {

namespace bj = boost::json;
using namespace hotline::domain;

class KnowledgeService : public ::testing::Test {
 protected:
  KnowledgeService() : kb_(city_.store(), city_.clock(), city_.directory()) {}

  const workflow::Actor& A(const std::string& name) { return city_.actor(name); }

  ArticleView Create(const std::string& who, bj::object body) {
    auto v = kb_.Create(A(who), body);
    EXPECT_TRUE(v.ok()) << v.status().message();
    return v.ok() ? *v : ArticleView{};
  }
  ArticleView Act(const std::string& who, const ArticleView& v, const std::string& action,
                  const std::string& note = "") {
    auto r = kb_.Act(A(who), v.article.id, action, v.article.version, note);
    EXPECT_TRUE(r.ok()) << action << ": " << r.status().message();
    return r.ok() ? *r : v;
  }
  // Written by zjj.handler and published by the reviewer.
  ArticleView Published(bj::object body) {
    auto v = Create("zjj.handler", std::move(body));
    v = Act("zjj.handler", v, "submit");
    return Act("reviewer", v, "approve");
  }
  std::vector<std::string> Titles(const std::string& who, ListRequest r) {
    auto page = kb_.List(A(who), r);
    EXPECT_TRUE(page.ok()) << page.status().message();
    std::vector<std::string> out;
    if (page.ok())
      for (const auto& h : page->items) out.push_back(h.article.content.title);
    return out;
  }

  testing::TestCity city_;
  KnowledgeBase kb_;
};

TEST_F(KnowledgeService, ReviewFlowFromDraftToPublishedToRetired) {
  auto v = Create("zjj.handler", {{"title", "物业服务投诉"}, {"body", "派所在街道"}});
  EXPECT_EQ(v.article.status, ArticleStatus::kDraft);
  EXPECT_EQ(v.allowed_actions, (std::vector<std::string>{"submit"}));
  v = Act("zjj.handler", v, "submit");
  EXPECT_EQ(v.article.status, ArticleStatus::kInReview);
  // The reviewer rejects with a note; the author fixes and resubmits; the reviewer approves.
  EXPECT_EQ(kb_.Act(A("reviewer"), v.article.id, "reject", v.article.version, " ").status().code(),
            Code::kInvalidArgument);
  v = Act("reviewer", v, "reject", "请补充办理时限");
  EXPECT_EQ(v.article.status, ArticleStatus::kDraft);
  ASSERT_TRUE(v.working);
  EXPECT_EQ(v.working->review_note, "请补充办理时限");
  v = Act("zjj.handler", v, "submit");
  v = Act("reviewer", v, "approve");
  EXPECT_EQ(v.article.status, ArticleStatus::kPublished);
  EXPECT_EQ(v.article.live_rev, 1);
  EXPECT_FALSE(v.working);
  // Only the admin retires; a retired article can be published again.
  EXPECT_EQ(kb_.Act(A("reviewer"), v.article.id, "retire", v.article.version, "").status().code(),
            Code::kPermissionDenied);
  v = Act("admin", v, "retire");
  EXPECT_EQ(v.article.status, ArticleStatus::kRetired);
  EXPECT_TRUE(Titles("agent", {}).empty());
  v = Act("reviewer", v, "publish");
  EXPECT_EQ(Titles("agent", {}), (std::vector<std::string>{"物业服务投诉"}));
}

TEST_F(KnowledgeService, RefusesIllegalTransitionsStaleVersionsAndOutsiders) {
  auto v = Create("zjj.handler", {{"title", "t"}, {"body", "b"}});
  auto r = kb_.Act(A("reviewer"), v.article.id, "approve", v.article.version, "");
  EXPECT_EQ(r.status().code(), Code::kConflict);  // still a draft
  r = kb_.Act(A("zjj.handler"), v.article.id, "submit", v.article.version - 1, "");
  EXPECT_EQ(r.status().reason(), "stale_version");
  r = kb_.Act(A("cgj.handler"), v.article.id, "submit", v.article.version, "");
  EXPECT_TRUE(r.status().IsNotFound());  // another unit's draft does not exist for them
  r = kb_.Act(A("zjj.handler"), v.article.id, "fly", v.article.version, "");
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_EQ(kb_.Create(A("agent"), {{"title", "t"}, {"body", "b"}}).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(kb_.Create(A("auditor"), {{"title", "t"}, {"body", "b"}}).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(
      kb_.Create(A("zjj.handler"), {{"title", "t"}, {"body", "b"}, {"unit_id", city_.unit("cgj")}})
          .status()
          .code(),
      Code::kPermissionDenied);
  // Four eyes: a reviewer does not approve what they wrote.
  auto own = Create("reviewer", {{"title", "t2"}, {"body", "b"}});
  own = Act("reviewer", own, "submit");
  EXPECT_EQ(
      kb_.Act(A("reviewer"), own.article.id, "approve", own.article.version, "").status().code(),
      Code::kPermissionDenied);
  Act("admin", own, "approve");
}

TEST_F(KnowledgeService, EditingAPublishedArticleMakesANewRevisionAndTheOldStaysLive) {
  auto v = Published({{"title", "公租房申请"}, {"body", "人均月收入低于3000元"}});
  auto u = kb_.Update(A("zjj.handler"), v.article.id, v.article.version,
                      {{"body", "人均月收入低于3500元"}});
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->article.content.body, "人均月收入低于3000元");  // the live text is unchanged
  ASSERT_TRUE(u->working);
  EXPECT_EQ(u->working->rev, 2);
  EXPECT_EQ(u->working->content.body, "人均月收入低于3500元");
  EXPECT_EQ(u->working->content.title, "公租房申请");  // absent fields kept
  // Agents still read revision 1 and never see the draft.
  auto seen = kb_.Get(A("agent"), v.article.id);
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(seen->working);
  EXPECT_EQ(seen->article.content.body, "人均月收入低于3000元");
  // Stale version and an edit while in review are refused.
  EXPECT_EQ(kb_.Update(A("zjj.handler"), v.article.id, v.article.version, {{"body", "x"}})
                .status()
                .reason(),
            "stale_version");
  auto s = Act("zjj.handler", *u, "submit");
  EXPECT_EQ(kb_.Update(A("zjj.handler"), v.article.id, s.article.version, {{"body", "x"}})
                .status()
                .code(),
            Code::kConflict);
  s = Act("reviewer", s, "approve");
  EXPECT_EQ(s.article.content.body, "人均月收入低于3500元");
  EXPECT_EQ(s.article.live_rev, 2);
  auto hist = kb_.History(A("auditor"), v.article.id);
  ASSERT_TRUE(hist.ok());
  ASSERT_EQ(hist->size(), 2u);
  EXPECT_EQ((*hist)[0].status, RevisionStatus::kPublished);
  EXPECT_EQ((*hist)[1].status, RevisionStatus::kSuperseded);
}

TEST_F(KnowledgeService, SearchRanksTitleHitsFirstAndHidesWhatAgentsMayNotUse) {
  Published({{"title", "社保卡补办"}, {"body", "到银行网点办理"}});
  Published({{"title", "养老保险"}, {"body", "参保后可申领社保卡"}});
  Published({{"title", "过期的社保卡通知"}, {"body", "社保卡"}, {"valid_until", "2026-01-01"}});
  Published({{"title", "未来的社保卡政策"}, {"body", "社保卡"}, {"valid_from", "2027-01-01"}});
  Create("zjj.handler", {{"title", "社保卡草稿"}, {"body", "社保卡"}});
  ListRequest r;
  r.q = "社保卡";
  EXPECT_EQ(Titles("agent", r), (std::vector<std::string>{"社保卡补办", "养老保险"}));
  // The owner unit sees its draft and its expired article too; another unit does not.
  EXPECT_EQ(Titles("zjj.handler", r).size(), 5u);
  EXPECT_EQ(Titles("cgj.handler", r).size(), 2u);
  auto page = kb_.List(A("agent"), r);
  ASSERT_TRUE(page.ok());
  EXPECT_NE(page->items[0].title_marked.find("\x02社保卡\x03"), std::string::npos);
  r.q = "((( *:";
  EXPECT_FALSE(kb_.List(A("agent"), r).ok());
}

TEST_F(KnowledgeService, ExpirySweepRemindsTheOwnerOnceWithoutDeleting) {
  city_.clock().Set(*ParseRfc3339("2026-12-01T09:00:00+08:00"));
  auto v =
      Published({{"title", "供暖时间"}, {"body", "11月15日起"}, {"valid_until", "2026-12-05"}});
  auto later = Published({{"title", "明年的通知"}, {"body", "x"}, {"valid_until", "2027-06-30"}});
  auto n = kb_.SweepExpiry();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);  // within 7 days: "expiring"
  EXPECT_EQ(*kb_.SweepExpiry(), 0);
  city_.clock().Set(*ParseRfc3339("2026-12-05T23:00:00+08:00"));
  EXPECT_EQ(*kb_.SweepExpiry(), 0);  // valid through the whole last day
  EXPECT_TRUE(kb_.Get(A("agent"), v.article.id)->live);
  city_.clock().Set(*ParseRfc3339("2026-12-06T00:00:01+08:00"));
  EXPECT_EQ(*kb_.SweepExpiry(), 1);  // "expired"
  EXPECT_EQ(*kb_.SweepExpiry(), 0);
  auto rems = kb_.Reminders(A("zjj.admin"), 50);
  ASSERT_TRUE(rems.ok());
  ASSERT_EQ(rems->size(), 2u);
  EXPECT_EQ((*rems)[0].kind, "expired");
  EXPECT_EQ((*rems)[1].kind, "expiring");
  EXPECT_TRUE(kb_.Reminders(A("cgj.admin"), 50)->empty());
  EXPECT_EQ(kb_.Reminders(A("agent"), 50).status().code(), Code::kPermissionDenied);
  // Expired: gone from agents, still there for the owner, nothing deleted.
  EXPECT_TRUE(kb_.Get(A("agent"), v.article.id).status().IsNotFound());
  auto own = kb_.Get(A("zjj.handler"), v.article.id);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->article.status, ArticleStatus::kPublished);
  EXPECT_FALSE(own->live);
  EXPECT_EQ(Titles("agent", {}), (std::vector<std::string>{"明年的通知"}));
  (void)later;
}

TEST_F(KnowledgeService, AnswerWithAnArticleCountsItsUseInTheSameWrite) {
  auto v = Published({{"title", "停水报修"}, {"body", "提供地址"}});
  workflow::NewCase nc;
  nc.content = "小区停水了怎么办";
  nc.citizen = {"张三", "13800138000", "", ""};
  auto c = city_.engine().Register(A("agent"), nc);
  ASSERT_TRUE(c.ok());
  auto answered =
      city_.engine().Act(A("agent"), c->id, "answer", c->version,
                         {{"reply", "已告知报修电话"}, {"kb_article_id", v.article.id}});
  ASSERT_TRUE(answered.ok()) << answered.status().message();
  EXPECT_EQ(answered->kb_article_id, v.article.id);
  EXPECT_EQ(kb_.Get(A("agent"), v.article.id)->article.usage_count, 1);
  EXPECT_EQ(kb_.Get(A("agent"), v.article.id)->article.version, v.article.version);
  auto events = city_.engine().Events(A("agent"), c->id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(std::string(events->back().data.at("kb_article_title").as_string()), "停水报修");
  // A draft or an unknown article cannot be answered with, and the case stays new.
  auto draft = Create("zjj.handler", {{"title", "d"}, {"body", "d"}});
  auto c2 = city_.engine().Register(A("agent"), nc);
  for (const std::string& id : {draft.article.id, std::string("999999"), std::string("x")}) {
    auto r = city_.engine().Act(A("agent"), c2->id, "answer", c2->version,
                                {{"reply", "r"}, {"kb_article_id", id}});
    EXPECT_EQ(r.status().code(), Code::kUnprocessable) << id;
  }
  EXPECT_EQ(city_.engine().Get(A("agent"), c2->id)->status, CaseStatus::kNew);
  EXPECT_EQ(kb_.Get(A("zjj.handler"), draft.article.id)->article.usage_count, 0);
}

TEST_F(KnowledgeService, CsvExportImportRoundTripsHostileText) {
  const std::string body = "=HYPERLINK(\"http://evil\")\n第二行, \"引号\"\r\n- 列表";
  Published({{"title", "+危险标题"},
             {"body", body},
             {"tags", bj::array{"社保", "补办"}},
             {"audience", "public"},
             {"valid_until", "2027-12-31"}});
  auto csv = kb_.Export(A("reviewer"), Format::kCsv, {});
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv->find("\"'=HYPERLINK("), std::string::npos);
  auto imported = kb_.Import(A("zjj.admin"), Format::kCsv, *csv, false);
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  ASSERT_EQ(imported->ids.size(), 1u);
  auto copy = kb_.Get(A("zjj.admin"), imported->ids[0]);
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->article.status, ArticleStatus::kDraft);
  EXPECT_EQ(copy->article.content.title, "+危险标题");
  EXPECT_EQ(copy->article.content.body, body);
  EXPECT_EQ(copy->article.content.tags, (std::vector<std::string>{"社保", "补办"}));
  EXPECT_EQ(copy->article.content.valid_until, "2027-12-31");
  EXPECT_EQ(copy->article.content.audience, Audience::kPublic);
  // A bad row refuses the whole import; a handler may not publish on import.
  std::string bad = "title,body\r\nok,fine\r\n,no title\r\n";
  auto r = kb_.Import(A("zjj.admin"), Format::kCsv, bad, false);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("article 2"), std::string::npos) << r.status().message();
  EXPECT_EQ(kb_.Import(A("zjj.admin"), Format::kCsv, "title,body\r\na,b\r\n", true).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(Titles("reviewer", {}).size(), 2u);
}

}  // namespace
}  // namespace hotline::knowledge
