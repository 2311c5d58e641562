// The knowledge base (知识库) as pure types: an article, its revisions and the reminders sent to
// its owner unit. The review flow that moves them is data in src/knowledge/flow.h; storage is in
// store.h. An article's text columns are what search shows: the published (live) revision once
// there is one, else its working draft.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/clock.h"

namespace hotline::domain {

// draft 草稿 → in_review 待审核 → published 已发布 → retired 已下线.
enum class ArticleStatus { kDraft, kInReview, kPublished, kRetired };
// A revision is draft / in_review while being written and reviewed, published while live, and
// superseded once a later revision went live.
enum class RevisionStatus { kDraft, kInReview, kPublished, kSuperseded };
enum class Audience { kInternal, kPublic };  // 仅坐席可见 / 公开

std::string_view Name(ArticleStatus s);
std::string_view Name(RevisionStatus s);
std::string_view Name(Audience a);
std::optional<ArticleStatus> ParseArticleStatus(std::string_view s);
std::optional<RevisionStatus> ParseRevisionStatus(std::string_view s);
std::optional<Audience> ParseAudience(std::string_view s);

// What an author writes; one revision's text and metadata.
struct ArticleContent {
  std::string title;
  std::string body;  // Markdown, stored as written
  std::string category;
  std::vector<std::string> tags;
  Audience audience = Audience::kInternal;
  std::string valid_from;   // "YYYY-MM-DD" or "" (no start)
  std::string valid_until;  // "YYYY-MM-DD", inclusive, or "" (no end)

  bool operator==(const ArticleContent&) const = default;
};

// Whether content is valid on `date` ("YYYY-MM-DD"): from <= date <= until (empty bounds open).
bool ValidOn(const ArticleContent& c, std::string_view date);

struct Article {
  std::string id;
  std::string unit_id;
  ArticleStatus status = ArticleStatus::kDraft;
  ArticleContent content;   // live revision once published, else the working draft
  int64_t live_rev = 0;     // 0 = never published
  int64_t working_rev = 0;  // an edit not yet live; 0 = none
  std::optional<RevisionStatus> working_status;  // kDraft or kInReview when working_rev > 0
  int64_t usage_count = 0;
  std::string remind_state;  // "" | "expiring" | "expired": reminders already recorded
  int64_t version = 0;
  std::string created_by;
  std::string created_by_name;
  TimePoint created_at{};
  TimePoint updated_at{};
  std::optional<TimePoint> published_at;

  // Agents may answer with it on `date`: published and valid on that date.
  bool LiveOn(std::string_view date) const {
    return status == ArticleStatus::kPublished && ValidOn(content, date);
  }
};

struct ArticleRevision {
  std::string article_id;
  int64_t rev = 0;
  RevisionStatus status = RevisionStatus::kDraft;
  ArticleContent content;
  std::string author_id;
  std::string author_name;
  TimePoint created_at{};
  TimePoint updated_at{};
  std::optional<TimePoint> submitted_at;
  std::string reviewer_id;
  std::string reviewer_name;
  std::optional<TimePoint> reviewed_at;
  std::string review_note;
};

// A reminder to the owner unit that an article is about to expire or has expired.
struct KnowledgeReminder {
  std::string id;
  std::string article_id;
  std::string unit_id;
  std::string kind;  // "expiring" | "expired"
  std::string title;
  std::string valid_until;
  TimePoint created_at{};
};

}  // namespace hotline::domain
