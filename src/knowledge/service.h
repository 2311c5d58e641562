// The knowledge base (知识库) service: articles with a review flow (flow.h), versions, full-text
// search, import/export, and expiry reminders to the owner unit.
//
// Who may do what (DESIGN.md roles):
//   * every staff role reads published articles that are valid today (agents search them at
//     intake); expired, retired and unpublished ones never appear to them;
//   * handlers and unit admins write drafts for their unit's subtree and see everything of it;
//   * reviewers (and admins) review, approve and publish any unit's articles; admins retire;
//   * reviewers, admins and auditors read everything; auditors write nothing;
//   * citizens (no login) read published, valid, public articles only.
// An article the caller may not read is NotFound, never Forbidden (its existence is not shown).
//
// Versions: creating writes revision 1 (a draft). Editing a published article writes a new
// working revision (a draft) and the published text stays live until that revision is approved;
// every revision is kept (History). Every change bumps the article's version; a write that sends
// a stale version is StaleVersion (409). Answers given with an article (usage count) do not.
// Every change also appends an admin event (kb_create, kb_update, kb_<action>, kb_import) to the
// audit trail in the same transaction.
//
// Dates: validity is by calendar date in the city's zone, taken from the injected clock.
// Thread-safe: stateless apart from its references.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "src/common/clock.h"
#include "src/common/time.h"
#include "src/domain/knowledge.h"
#include "src/knowledge/flow.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"
#include "src/workflow/engine.h"

namespace hotline::knowledge {

inline constexpr size_t kTitleMax = 200;
inline constexpr size_t kBodyMax = 50000;
inline constexpr size_t kCategoryMax = 50;
inline constexpr size_t kTagsMax = 20;
inline constexpr size_t kTagMax = 32;
inline constexpr size_t kNoteMax = 1000;
inline constexpr size_t kImportMaxArticles = 2000;
inline constexpr int kExpiringDays = 7;  // "expiring" reminder this many days before valid_until

// An author's input. Fields absent from an update keep their value.
struct ArticleInput {
  domain::ArticleContent content;
  std::string unit_id;  // "" = the author's unit (create) / unchanged (update)
};

// Reads title, body, category, tags, audience, valid_from, valid_until and unit_id from a JSON
// object. With `base`, absent fields keep base's values; without, title and body are required.
// Invalid (400, naming the field) for wrong types, lengths, control characters, bad dates or
// valid_from after valid_until.
Result<ArticleInput> ParseArticleInput(const boost::json::object& body,
                                       const domain::ArticleContent* base);

struct ListRequest {
  std::string q;  // what the user typed; "" = no text
  std::string category;
  std::string unit_id;  // owned by this unit or below
  std::optional<domain::ArticleStatus> status;
  std::optional<domain::Audience> audience;
  std::string tag;
  bool live_only = false;     // only published and valid today (the intake panel)
  bool review_queue = false;  // only articles with a revision in review
  bool expired_only = false;  // only articles whose validity ended before today
  int limit = 50;
  std::string cursor;
};

// What an article looks like to one caller.
struct ArticleView {
  domain::Article article;
  std::optional<domain::ArticleRevision>
      working;                               // the edit not yet live, if the caller may see it
  std::vector<std::string> allowed_actions;  // flow actions the caller may take now
  bool can_edit = false;
  bool live = false;  // published and valid today
};

struct ImportResult {
  std::vector<std::string> ids;
};

enum class Format { kJson, kCsv };

class KnowledgeBase {
 public:
  KnowledgeBase(store::Store& store, const Clock& clock, workflow::DirectoryHolder& directory,
                TimeZone tz = {});

  // Today's date in the city ("YYYY-MM-DD").
  std::string Today() const;

  Result<store::ArticlePage> List(const workflow::Actor& actor, const ListRequest& r) const;
  Result<ArticleView> Get(const workflow::Actor& actor, const std::string& id) const;
  // Every revision the caller may see, newest first.
  Result<std::vector<domain::ArticleRevision>> History(const workflow::Actor& actor,
                                                       const std::string& id) const;

  // Creates a draft. With a non-empty idempotency key, a repeat returns the first article.
  Result<ArticleView> Create(const workflow::Actor& actor, const boost::json::object& body,
                             const std::string& idempotency_key = {});
  Result<ArticleView> Update(const workflow::Actor& actor, const std::string& id, int64_t version,
                             const boost::json::object& body);
  // A review-flow action (flow.h); `note` is the reviewer's comment (required to reject).
  Result<ArticleView> Act(const workflow::Actor& actor, const std::string& id,
                          const std::string& action, int64_t version, const std::string& note);

  // Imports articles as drafts of the given units (or the caller's), all or nothing. With
  // `publish` (reviewers and admins only) they are published at once.
  Result<ImportResult> Import(const workflow::Actor& actor, Format format, std::string_view text,
                              bool publish);
  // The articles the caller may see with the list filters (limit/cursor ignored), as a CSV
  // (BOM, CRLF) or JSON document.
  Result<std::string> Export(const workflow::Actor& actor, Format format, ListRequest r) const;

  // Reminders to the caller's unit (subtree); reviewers, admins and auditors see every unit's.
  Result<std::vector<domain::KnowledgeReminder>> Reminders(const workflow::Actor& actor,
                                                           int limit) const;
  // Records an "expiring" reminder for each published article whose validity ends within
  // kExpiringDays, and an "expired" one once it has ended; each at most once per publication.
  // Nothing is deleted: expired articles simply leave search. Returns how many were recorded.
  Result<int> SweepExpiry();

  // Public (no login): published, valid today, audience public. `category` ("" = any) keeps
  // only articles of that category.
  Result<store::ArticlePage> PublicSearch(const std::string& q, int limit,
                                          const std::string& cursor,
                                          const std::string& category = "") const;
  // The categories of the public articles (published, valid today, audience public) with how many
  // articles each has, most articles first (then by name). Looks at up to kMaxPublicScan articles.
  struct CategoryCount {
    std::string name;
    int64_t articles = 0;
  };
  static constexpr int kMaxPublicScan = 10000;
  Result<std::vector<CategoryCount>> PublicCategories() const;
  Result<domain::Article> PublicGet(const std::string& id) const;

  const workflow::DirectoryHolder& directory() const { return directory_; }
  TimeZone tz() const { return tz_; }

  // Permission checks, public for the API's "what may I do" answers.
  bool SeesEverything(const workflow::Actor& actor) const;
  bool MayAuthorFor(const workflow::Actor& actor, const std::string& unit_id) const;
  bool MayRead(const workflow::Actor& actor, const domain::Article& a) const;

 private:
  ArticleView ViewOf(const workflow::Actor& actor, store::ReadTx& tx, domain::Article a) const;
  bool MayTake(const workflow::Actor& actor, const domain::Article& a, const FlowStep& s) const;

  store::Store& store_;
  const Clock& clock_;
  workflow::DirectoryHolder& directory_;
  TimeZone tz_;
};

// The export's columns, in order; Import reads the same names (unknown columns are ignored).
const std::vector<std::string>& ExportColumns();

}  // namespace hotline::knowledge
