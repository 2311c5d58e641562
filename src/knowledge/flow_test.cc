#include "src/knowledge/flow.h"

#include <gtest/gtest.h>

#include <set>

namespace hotline::knowledge {
namespace {

using domain::Article;
using domain::ArticleStatus;
using domain::RevisionStatus;
using domain::Role;

Article With(ArticleStatus s, std::optional<RevisionStatus> working) {
  Article a;
  a.status = s;
  a.working_status = working;
  a.working_rev = working ? 2 : 0;
  return a;
}

std::set<std::string> Actions(const Article& a) {
  std::set<std::string> out;
  for (const auto* s : StepsFrom(a)) out.emplace(s->action);
  return out;
}

TEST(KnowledgeFlow, EveryActionIsFoundAndUnknownIsNot) {
  for (const char* a : {"submit", "withdraw", "reject", "approve", "retire", "publish"})
    EXPECT_NE(FindStep(a), nullptr) << a;
  EXPECT_EQ(FindStep("delete"), nullptr);
  EXPECT_EQ(FindStep(""), nullptr);
}

TEST(KnowledgeFlow, TheTableMatchesTheIssuesFlow) {
  struct Row {
    const char* action;
    const char* from;
    const char* to;
  } want[] = {{"submit", "draft", "in_review"},   {"withdraw", "in_review", "draft"},
              {"reject", "in_review", "draft"},   {"approve", "in_review", "published"},
              {"retire", "published", "retired"}, {"publish", "retired", "published"}};
  for (const auto& w : want) {
    const FlowStep* s = FindStep(w.action);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->from, w.from) << w.action;
    EXPECT_EQ(s->to, w.to) << w.action;
  }
}

TEST(KnowledgeFlow, WhoMayTakeEachStep) {
  auto has = [](const FlowStep* s, Role r) {
    return std::find(s->roles.begin(), s->roles.end(), r) != s->roles.end();
  };
  EXPECT_TRUE(FindStep("submit")->owner_unit);
  EXPECT_FALSE(FindStep("approve")->owner_unit);
  EXPECT_FALSE(FindStep("reject")->owner_unit);
  EXPECT_TRUE(has(FindStep("approve"), Role::kReviewer));
  EXPECT_FALSE(has(FindStep("approve"), Role::kAgent));
  EXPECT_TRUE(has(FindStep("retire"), Role::kAdmin));
  EXPECT_FALSE(has(FindStep("retire"), Role::kReviewer));
  EXPECT_FALSE(has(FindStep("retire"), Role::kAuditor));
  EXPECT_TRUE(FindStep("reject")->note_required);
  EXPECT_TRUE(FindStep("approve")->not_by_author);
  for (const auto& s : Flow()) EXPECT_FALSE(has(&s, Role::kAuditor)) << s.action;
}

TEST(KnowledgeFlow, StepsFromEachState) {
  EXPECT_EQ(Actions(With(ArticleStatus::kDraft, RevisionStatus::kDraft)),
            (std::set<std::string>{"submit"}));
  EXPECT_EQ(Actions(With(ArticleStatus::kInReview, RevisionStatus::kInReview)),
            (std::set<std::string>{"withdraw", "reject", "approve"}));
  EXPECT_EQ(Actions(With(ArticleStatus::kPublished, std::nullopt)),
            (std::set<std::string>{"retire"}));
  // A published article with a new revision in review: the live text can still be retired.
  EXPECT_EQ(Actions(With(ArticleStatus::kPublished, RevisionStatus::kInReview)),
            (std::set<std::string>{"withdraw", "reject", "approve", "retire"}));
  EXPECT_EQ(Actions(With(ArticleStatus::kRetired, std::nullopt)),
            (std::set<std::string>{"publish"}));
}

TEST(KnowledgeFlow, CurrentStateOfEachSubject) {
  auto a = With(ArticleStatus::kPublished, std::nullopt);
  EXPECT_EQ(CurrentState(a, Subject::kArticle), "published");
  EXPECT_EQ(CurrentState(a, Subject::kWorkingRevision), "");
  a = With(ArticleStatus::kPublished, RevisionStatus::kDraft);
  EXPECT_EQ(CurrentState(a, Subject::kWorkingRevision), "draft");
}

}  // namespace
}  // namespace hotline::knowledge
