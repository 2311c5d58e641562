#include "src/knowledge/service.h"

#include <algorithm>
#include <map>

#include "src/common/json.h"
#include "src/knowledge/csv.h"
#include "src/search/query.h"

namespace hotline::knowledge {
namespace bj = boost::json;
using namespace hotline::domain;
using workflow::Actor;

namespace {

Status ParseDateField(const std::optional<std::string>& v, const char* field, std::string* out) {
  if (!v) return Status::Ok();
  if (v->empty()) {
    out->clear();
    return Status::Ok();
  }
  auto d = ParseDate(*v);
  if (!d.ok() || v->size() != 10)
    return Status::Invalid(std::string(field) + " must be a date like 2026-12-31", field);
  *out = FormatDate(*d);
  return Status::Ok();
}

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

Status CheckContent(const ArticleContent& c) {
  if (c.title.empty()) return Status::Invalid("title is required", "title");
  if (c.body.empty()) return Status::Invalid("body is required", "body");
  if (!c.valid_from.empty() && !c.valid_until.empty() && c.valid_from > c.valid_until)
    return Status::Invalid("valid_from is after valid_until", "valid_until");
  return Status::Ok();
}

// Tags: trimmed, non-empty, without duplicates, in the order given.
Result<std::vector<std::string>> CleanTags(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (auto t : in) {
    t = Trim(t);
    if (t.empty()) continue;
    if (json::Utf8Length(t) > kTagMax)
      return Status::Invalid("a tag is longer than " + std::to_string(kTagMax) + " characters",
                             "tags");
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  if (out.size() > kTagsMax)
    return Status::Invalid("at most " + std::to_string(kTagsMax) + " tags", "tags");
  return out;
}

Event KbEvent(const Actor& a, TimePoint now, std::string action, bj::object data) {
  Event e;
  e.at = now;
  e.actor_id = a.user_id;
  e.actor_name = a.name;
  e.actor_unit_id = a.unit_id;
  e.action = std::move(action);
  e.data = std::move(data);
  return e;
}

std::string TagsText(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) {
    if (!out.empty()) out += ";";
    out += t;
  }
  return out;
}

std::vector<std::string> SplitTags(const std::string& s) {
  // ; ；、 and , separate tags in a CSV cell.
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < s.size();) {
    auto sep = [&](std::string_view x) { return s.compare(i, x.size(), x) == 0 ? x.size() : 0; };
    size_t n = sep(";");
    if (!n) n = sep("；");
    if (!n) n = sep("、");
    if (!n) n = sep("，");
    if (!n) n = sep(",");
    if (n) {
      out.push_back(cur);
      cur.clear();
      i += n;
      continue;
    }
    cur += s[i++];
  }
  out.push_back(cur);
  return out;
}

}  // namespace

Result<ArticleInput> ParseArticleInput(const bj::object& body, const ArticleContent* base) {
  ArticleInput in;
  if (base) in.content = *base;
  HOTLINE_ASSIGN_OR_RETURN(auto title, json::OptString(body, "title", kTitleMax));
  HOTLINE_ASSIGN_OR_RETURN(auto text, json::OptString(body, "body", kBodyMax));
  HOTLINE_ASSIGN_OR_RETURN(auto category, json::OptString(body, "category", kCategoryMax));
  HOTLINE_ASSIGN_OR_RETURN(auto audience, json::OptString(body, "audience", 16));
  HOTLINE_ASSIGN_OR_RETURN(auto from, json::OptString(body, "valid_from", 16));
  HOTLINE_ASSIGN_OR_RETURN(auto until, json::OptString(body, "valid_until", 16));
  HOTLINE_ASSIGN_OR_RETURN(auto unit, json::OptString(body, "unit_id", 32));
  if (title) in.content.title = Trim(*title);
  if (text) in.content.body = *text;
  if (!base || title) {
    if (in.content.title.empty()) return Status::Invalid("title is required", "title");
  }
  if (!base || text) {
    if (Trim(in.content.body).empty()) return Status::Invalid("body is required", "body");
  }
  if (category) in.content.category = Trim(*category);
  if (body.contains("tags")) {
    HOTLINE_ASSIGN_OR_RETURN(auto tags, json::OptStringArray(body, "tags", 100, 200));
    HOTLINE_ASSIGN_OR_RETURN(in.content.tags, CleanTags(tags));
  }
  if (audience) {
    auto a = ParseAudience(*audience);
    if (!a) return Status::Invalid("audience must be internal or public", "audience");
    in.content.audience = *a;
  }
  HOTLINE_RETURN_IF_ERROR(ParseDateField(from, "valid_from", &in.content.valid_from));
  HOTLINE_RETURN_IF_ERROR(ParseDateField(until, "valid_until", &in.content.valid_until));
  HOTLINE_RETURN_IF_ERROR(CheckContent(in.content));
  if (unit) in.unit_id = *unit;
  return in;
}

const std::vector<std::string>& ExportColumns() {
  static const std::vector<std::string> kColumns = {
      "id",         "title",       "category", "unit_code",   "tags",       "audience",
      "valid_from", "valid_until", "status",   "usage_count", "updated_at", "body"};
  return kColumns;
}

KnowledgeBase::KnowledgeBase(store::Store& store, const Clock& clock,
                             workflow::DirectoryHolder& directory, TimeZone tz)
    : store_(store), clock_(clock), directory_(directory), tz_(tz) {}

std::string KnowledgeBase::Today() const { return FormatDate(LocalDate(clock_.Now(), tz_)); }

bool KnowledgeBase::SeesEverything(const Actor& a) const {
  return a.Has(Role::kReviewer) || a.Has(Role::kAdmin) || a.Has(Role::kAuditor);
}

bool KnowledgeBase::MayAuthorFor(const Actor& a, const std::string& unit_id) const {
  auto dir = directory_.Get();
  const Unit* u = dir->FindUnit(unit_id);
  if (!u || u->disabled) return false;
  if (a.Has(Role::kReviewer) || a.Has(Role::kAdmin)) return true;
  if (!a.Has(Role::kHandler) && !a.Has(Role::kUnitAdmin)) return false;
  return !a.unit_id.empty() && dir->InSubtree(a.unit_id, unit_id);
}

bool KnowledgeBase::MayRead(const Actor& a, const Article& art) const {
  if (SeesEverything(a)) return true;
  if (art.created_by == a.user_id) return true;
  if ((a.Has(Role::kHandler) || a.Has(Role::kUnitAdmin)) && !a.unit_id.empty() &&
      directory_.Get()->InSubtree(a.unit_id, art.unit_id))
    return true;
  return art.LiveOn(Today());
}

bool KnowledgeBase::MayTake(const Actor& a, const Article& art, const FlowStep& s) const {
  if (std::any_of(s.roles.begin(), s.roles.end(), [&](Role r) { return a.Has(r); })) return true;
  if (!s.owner_unit) return false;
  if (!a.Has(Role::kHandler) && !a.Has(Role::kUnitAdmin)) return false;
  return !a.unit_id.empty() && directory_.Get()->InSubtree(a.unit_id, art.unit_id);
}

ArticleView KnowledgeBase::ViewOf(const Actor& a, store::ReadTx& tx, Article art) const {
  ArticleView v;
  const bool insider =
      SeesEverything(a) || MayAuthorFor(a, art.unit_id) || art.created_by == a.user_id;
  if (art.working_rev > 0 && insider) {
    auto w = tx.GetArticleRevision(art.id, art.working_rev);
    if (w.ok()) v.working = *w;
  }
  v.can_edit = MayAuthorFor(a, art.unit_id) && art.status != ArticleStatus::kRetired &&
               art.working_status != RevisionStatus::kInReview;
  for (const auto* s : StepsFrom(art)) {
    if (!MayTake(a, art, *s)) continue;
    if (s->not_by_author && v.working && v.working->author_id == a.user_id) continue;
    v.allowed_actions.emplace_back(s->action);
  }
  v.live = art.LiveOn(Today());
  v.article = std::move(art);
  return v;
}

Result<store::ArticlePage> KnowledgeBase::List(const Actor& a, const ListRequest& r) const {
  store::ArticleQuery q;
  if (!Trim(r.q).empty()) {
    HOTLINE_ASSIGN_OR_RETURN(q.match, search::BuildMatchExpression(r.q));
  }
  const std::string today = Today();
  auto dir = directory_.Get();
  if (r.status) q.statuses = {*r.status};
  q.category = r.category;
  if (!r.unit_id.empty()) {
    if (!dir->FindUnit(r.unit_id)) return Status::Invalid("unit_id is not a unit", "unit_id");
    q.unit_ids = dir->Subtree(r.unit_id);
  }
  q.audience = r.audience;
  q.tag = r.tag;
  q.pending_review = r.review_queue;
  if (r.expired_only) q.expired_on = today;
  if (r.live_only) {
    q.statuses = {ArticleStatus::kPublished};
    q.live_on = today;
  }
  if (!SeesEverything(a)) {
    q.visible_live_on = today;
    q.visible_author = a.user_id;
    q.visible_units = std::vector<std::string>{};
    if ((a.Has(Role::kHandler) || a.Has(Role::kUnitAdmin)) && !a.unit_id.empty())
      q.visible_units = dir->Subtree(a.unit_id);
  }
  q.limit = r.limit;
  q.cursor = r.cursor;
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  return tx->ListArticles(q);
}

Result<ArticleView> KnowledgeBase::Get(const Actor& a, const std::string& id) const {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  HOTLINE_ASSIGN_OR_RETURN(Article art, tx->GetArticle(id));
  if (!MayRead(a, art)) return Status::NotFound("no knowledge article " + id);
  return ViewOf(a, *tx, std::move(art));
}

Result<std::vector<ArticleRevision>> KnowledgeBase::History(const Actor& a,
                                                            const std::string& id) const {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  HOTLINE_ASSIGN_OR_RETURN(Article art, tx->GetArticle(id));
  if (!MayRead(a, art)) return Status::NotFound("no knowledge article " + id);
  HOTLINE_ASSIGN_OR_RETURN(auto revs, tx->ListArticleRevisions(id));
  const bool insider =
      SeesEverything(a) || MayAuthorFor(a, art.unit_id) || art.created_by == a.user_id;
  if (!insider)
    std::erase_if(revs, [](const ArticleRevision& r) {
      return r.status == RevisionStatus::kDraft || r.status == RevisionStatus::kInReview;
    });
  return revs;
}

Result<ArticleView> KnowledgeBase::Create(const Actor& a, const bj::object& body,
                                          const std::string& idempotency_key) {
  if (!a.Has(Role::kReviewer) && !a.Has(Role::kAdmin) && !a.Has(Role::kHandler) &&
      !a.Has(Role::kUnitAdmin))
    return Status::Forbidden("your role may not write knowledge articles");
  if (idempotency_key.size() > 128)
    return Status::Invalid("Idempotency-Key is longer than 128 characters", "Idempotency-Key");
  HOTLINE_ASSIGN_OR_RETURN(ArticleInput in, ParseArticleInput(body, nullptr));
  if (in.unit_id.empty()) in.unit_id = a.unit_id;
  if (!directory_.Get()->FindUnit(in.unit_id))
    return Status::Unprocessable("unit_id is not a unit", "unit_id");
  if (!MayAuthorFor(a, in.unit_id))
    return Status::Forbidden("you may write knowledge articles only for your own unit");
  const std::string scope = "kb:" + a.user_id;
  const TimePoint now = clock_.Now();
  std::string id;
  HOTLINE_RETURN_IF_ERROR(store_.Write([&](store::WriteTx& tx) -> Status {
    if (!idempotency_key.empty()) {
      HOTLINE_ASSIGN_OR_RETURN(auto prior, tx.GetIdempotency(scope, idempotency_key));
      if (prior) {
        id = prior->result_id;
        return Status::Ok();
      }
    }
    Article art;
    art.unit_id = in.unit_id;
    art.status = ArticleStatus::kDraft;
    art.content = in.content;
    art.working_rev = 1;
    art.working_status = RevisionStatus::kDraft;
    art.created_by = a.user_id;
    art.created_by_name = a.name;
    art.created_at = art.updated_at = now;
    ArticleRevision rev;
    rev.rev = 1;
    rev.status = RevisionStatus::kDraft;
    rev.content = in.content;
    rev.author_id = a.user_id;
    rev.author_name = a.name;
    rev.created_at = rev.updated_at = now;
    HOTLINE_RETURN_IF_ERROR(tx.InsertArticle(art, rev));
    id = art.id;
    if (!idempotency_key.empty())
      HOTLINE_RETURN_IF_ERROR(tx.PutIdempotency({scope, idempotency_key, id, now}));
    Event e = KbEvent(
        a, now, "kb_create",
        {{"article_id", id}, {"rev", 1}, {"title", in.content.title}, {"unit_id", in.unit_id}});
    return tx.AppendAdminEvent(e);
  }));
  return Get(a, id);
}

Result<ArticleView> KnowledgeBase::Update(const Actor& a, const std::string& id, int64_t version,
                                          const bj::object& body) {
  const TimePoint now = clock_.Now();
  HOTLINE_RETURN_IF_ERROR(store_.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(Article art, tx.GetArticle(id));
    if (!MayRead(a, art)) return Status::NotFound("no knowledge article " + id);
    if (!MayAuthorFor(a, art.unit_id))
      return Status::Forbidden("you may edit knowledge articles only of your own unit");
    if (art.status == ArticleStatus::kRetired)
      return Status::IllegalTransition(
          "a retired article cannot be edited; publish it again first");
    if (art.working_status == RevisionStatus::kInReview)
      return Status::IllegalTransition("revision " + std::to_string(art.working_rev) +
                                       " is in review; withdraw it before editing");
    if (art.version != version)
      return Status::StaleVersion(
          "knowledge article " + id + " was changed by someone else (version " +
          std::to_string(art.version) + ", you had " + std::to_string(version) + ")");
    std::optional<ArticleRevision> draft;
    if (art.working_rev > 0) {
      HOTLINE_ASSIGN_OR_RETURN(draft, tx.GetArticleRevision(id, art.working_rev));
    }
    const ArticleContent& base = draft ? draft->content : art.content;
    HOTLINE_ASSIGN_OR_RETURN(ArticleInput in, ParseArticleInput(body, &base));
    if (!in.unit_id.empty() && in.unit_id != art.unit_id) {
      if (!directory_.Get()->FindUnit(in.unit_id))
        return Status::Unprocessable("unit_id is not a unit", "unit_id");
      if (!MayAuthorFor(a, in.unit_id))
        return Status::Forbidden("you may move knowledge articles only within your own unit");
      art.unit_id = in.unit_id;
    }
    ArticleRevision rev;
    if (draft) {
      rev = *draft;
    } else {
      HOTLINE_ASSIGN_OR_RETURN(auto all, tx.ListArticleRevisions(id));
      rev.article_id = id;
      rev.rev = (all.empty() ? 0 : all.front().rev) + 1;
      rev.status = RevisionStatus::kDraft;
      rev.author_id = a.user_id;
      rev.author_name = a.name;
      rev.created_at = now;
    }
    rev.content = in.content;
    rev.updated_at = now;
    HOTLINE_RETURN_IF_ERROR(tx.PutArticleRevision(rev));
    art.working_rev = rev.rev;
    art.working_status = RevisionStatus::kDraft;
    if (art.live_rev == 0) art.content = in.content;  // never published: search shows the draft
    art.version = version + 1;
    art.updated_at = now;
    HOTLINE_RETURN_IF_ERROR(tx.UpdateArticle(art, version));
    Event e = KbEvent(a, now, "kb_update",
                      {{"article_id", id}, {"rev", rev.rev}, {"title", in.content.title}});
    return tx.AppendAdminEvent(e);
  }));
  return Get(a, id);
}

Result<ArticleView> KnowledgeBase::Act(const Actor& a, const std::string& id,
                                       const std::string& action, int64_t version,
                                       const std::string& note) {
  const FlowStep* step = FindStep(action);
  if (!step) return Status::NotFound("no knowledge action " + action.substr(0, 40));
  const TimePoint now = clock_.Now();
  HOTLINE_RETURN_IF_ERROR(store_.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(Article art, tx.GetArticle(id));
    if (!MayRead(a, art)) return Status::NotFound("no knowledge article " + id);
    if (!MayTake(a, art, *step))
      return Status::Forbidden("your role may not " + std::string(step->action) +
                               " this knowledge article");
    const std::string_view state = CurrentState(art, step->subject);
    if (state != step->from)
      return Status::IllegalTransition(
          "cannot " + std::string(step->action) + " : " +
          (step->subject == Subject::kArticle
               ? "the article is " + std::string(Name(art.status))
               : (state.empty() ? std::string("there is no revision waiting")
                                : "the revision is " + std::string(state))));
    if (art.version != version)
      return Status::StaleVersion(
          "knowledge article " + id + " was changed by someone else (version " +
          std::to_string(art.version) + ", you had " + std::to_string(version) + ")");
    if (step->note_required && Trim(note).empty())
      return Status::Invalid("note is required: tell the author what to change", "note");
    const bool never_published = art.live_rev == 0;
    std::optional<ArticleRevision> rev;
    if (step->subject == Subject::kWorkingRevision) {
      HOTLINE_ASSIGN_OR_RETURN(rev, tx.GetArticleRevision(id, art.working_rev));
      if (step->not_by_author && rev->author_id == a.user_id)
        return Status::Forbidden("the author of a revision may not " + std::string(step->action) +
                                 " it");
    }
    const std::string_view act = step->action;
    if (act == "submit") {
      rev->status = RevisionStatus::kInReview;
      rev->submitted_at = now;
      art.working_status = RevisionStatus::kInReview;
      if (never_published) art.status = ArticleStatus::kInReview;
    } else if (act == "withdraw" || act == "reject") {
      rev->status = RevisionStatus::kDraft;
      if (act == "reject") {
        rev->reviewer_id = a.user_id;
        rev->reviewer_name = a.name;
        rev->reviewed_at = now;
        rev->review_note = Trim(note);
      }
      art.working_status = RevisionStatus::kDraft;
      if (never_published) art.status = ArticleStatus::kDraft;
    } else if (act == "approve") {
      if (art.live_rev > 0) {
        HOTLINE_ASSIGN_OR_RETURN(auto old, tx.GetArticleRevision(id, art.live_rev));
        old.status = RevisionStatus::kSuperseded;
        HOTLINE_RETURN_IF_ERROR(tx.PutArticleRevision(old));
      }
      rev->status = RevisionStatus::kPublished;
      rev->reviewer_id = a.user_id;
      rev->reviewer_name = a.name;
      rev->reviewed_at = now;
      rev->review_note = Trim(note);
      art.content = rev->content;
      art.live_rev = rev->rev;
      art.working_rev = 0;
      art.working_status.reset();
      art.status = ArticleStatus::kPublished;
      art.published_at = now;
      art.remind_state.clear();  // a new publication: remind again about its own validity
    } else if (act == "retire") {
      art.status = ArticleStatus::kRetired;
    } else if (act == "publish") {
      art.status = ArticleStatus::kPublished;
      art.published_at = now;
    }
    if (rev) {
      rev->updated_at = now;
      HOTLINE_RETURN_IF_ERROR(tx.PutArticleRevision(*rev));
    }
    art.version = version + 1;
    art.updated_at = now;
    HOTLINE_RETURN_IF_ERROR(tx.UpdateArticle(art, version));
    bj::object data{{"article_id", id}, {"title", art.content.title}, {"status", Name(art.status)}};
    if (rev) data["rev"] = rev->rev;
    if (!Trim(note).empty()) data["note"] = Trim(note);
    Event e = KbEvent(a, now, "kb_" + std::string(act), std::move(data));
    return tx.AppendAdminEvent(e);
  }));
  return Get(a, id);
}

Result<ImportResult> KnowledgeBase::Import(const Actor& a, Format format, std::string_view text,
                                           bool publish) {
  if (!a.Has(Role::kReviewer) && !a.Has(Role::kAdmin) && !a.Has(Role::kHandler) &&
      !a.Has(Role::kUnitAdmin))
    return Status::Forbidden("your role may not import knowledge articles");
  if (publish && !a.Has(Role::kReviewer) && !a.Has(Role::kAdmin))
    return Status::Forbidden("only reviewers and admins may publish on import");
  // Every record as a JSON object with the export's field names (CSV cells are strings).
  std::vector<bj::object> records;
  if (format == Format::kCsv) {
    HOTLINE_ASSIGN_OR_RETURN(auto rows, ParseCsv(text));
    if (rows.empty()) return Status::Invalid("the CSV file is empty", "body");
    const CsvRow& header = rows[0];
    for (size_t r = 1; r < rows.size(); ++r) {
      bj::object o;
      for (size_t c = 0; c < header.size() && c < rows[r].size(); ++c) {
        std::string name = Trim(header[c]);
        if (name == "tags") {
          bj::array tags;
          for (auto& t : SplitTags(rows[r][c])) tags.emplace_back(t);
          o["tags"] = std::move(tags);
        } else {
          o[name] = rows[r][c];
        }
      }
      records.push_back(std::move(o));
    }
  } else {
    boost::system::error_code ec;
    auto v = bj::parse(text, ec);
    if (ec) return Status::Invalid("the body is not JSON", "body");
    const bj::array* arr = nullptr;
    if (v.is_array())
      arr = &v.as_array();
    else if (v.is_object() && v.as_object().contains("articles") &&
             v.as_object().at("articles").is_array())
      arr = &v.as_object().at("articles").as_array();
    if (!arr)
      return Status::Invalid("expected {\"articles\": [...]} or an array of articles", "articles");
    for (const auto& x : *arr) {
      if (!x.is_object())
        return Status::Invalid(
            "article " + std::to_string(records.size() + 1) + " is not an object", "articles");
      records.push_back(x.as_object());
    }
  }
  if (records.empty()) return Status::Invalid("there are no articles to import", "articles");
  if (records.size() > kImportMaxArticles)
    return Status::TooLarge("at most " + std::to_string(kImportMaxArticles) +
                            " articles per import");
  auto dir = directory_.Get();
  std::vector<ArticleInput> inputs;
  for (size_t i = 0; i < records.size(); ++i) {
    auto& o = records[i];
    const std::string where = "article " + std::to_string(i + 1) + ": ";
    // Export columns that are not input: drop them.
    for (const char* k : {"id", "status", "usage_count", "updated_at", "unit_name"}) o.erase(k);
    std::string unit_code;
    if (auto* uc = o.if_contains("unit_code"); uc && uc->is_string())
      unit_code = std::string(uc->as_string());
    o.erase("unit_code");
    auto in = ParseArticleInput(o, nullptr);
    if (!in.ok())
      return Status::Make(in.status().code(), "invalid", where + in.status().message(), "articles");
    if (!unit_code.empty()) {
      const Unit* u = dir->FindUnitByCode(Trim(unit_code));
      if (!u)
        return Status::Unprocessable(where + "unit_code " + unit_code + " is not a unit",
                                     "articles");
      in->unit_id = u->id;
    }
    if (in->unit_id.empty()) in->unit_id = a.unit_id;
    if (!dir->FindUnit(in->unit_id))
      return Status::Unprocessable(where + "unit_id is not a unit", "articles");
    if (!MayAuthorFor(a, in->unit_id))
      return Status::Forbidden(where + "you may import knowledge articles only for your own unit");
    inputs.push_back(std::move(*in));
  }
  const TimePoint now = clock_.Now();
  ImportResult result;
  HOTLINE_RETURN_IF_ERROR(store_.Write([&](store::WriteTx& tx) -> Status {
    result.ids.clear();
    for (const auto& in : inputs) {
      Article art;
      art.unit_id = in.unit_id;
      art.content = in.content;
      art.created_by = a.user_id;
      art.created_by_name = a.name;
      art.created_at = art.updated_at = now;
      ArticleRevision rev;
      rev.rev = 1;
      rev.content = in.content;
      rev.author_id = a.user_id;
      rev.author_name = a.name;
      rev.created_at = rev.updated_at = now;
      if (publish) {
        art.status = ArticleStatus::kPublished;
        art.live_rev = 1;
        art.published_at = now;
        rev.status = RevisionStatus::kPublished;
        rev.reviewer_id = a.user_id;
        rev.reviewer_name = a.name;
        rev.reviewed_at = now;
        rev.review_note = "导入时发布";
      } else {
        art.status = ArticleStatus::kDraft;
        art.working_rev = 1;
        art.working_status = RevisionStatus::kDraft;
        rev.status = RevisionStatus::kDraft;
      }
      HOTLINE_RETURN_IF_ERROR(tx.InsertArticle(art, rev));
      result.ids.push_back(art.id);
    }
    Event e = KbEvent(a, now, "kb_import",
                      {{"count", int64_t(result.ids.size())},
                       {"published", publish},
                       {"first_id", result.ids.front()},
                       {"last_id", result.ids.back()}});
    return tx.AppendAdminEvent(e);
  }));
  return result;
}

Result<std::string> KnowledgeBase::Export(const Actor& a, Format format, ListRequest r) const {
  r.limit = 500;
  r.cursor.clear();
  std::vector<Article> all;
  while (true) {
    HOTLINE_ASSIGN_OR_RETURN(auto page, List(a, r));
    for (auto& h : page.items) all.push_back(std::move(h.article));
    if (page.next_cursor.empty() || all.size() >= kCsvMaxRows - 1) break;
    r.cursor = page.next_cursor;
  }
  auto dir = directory_.Get();
  auto unit_code = [&](const std::string& id) {
    const Unit* u = dir->FindUnit(id);
    return u ? u->code : std::string();
  };
  if (format == Format::kCsv) {
    std::vector<CsvRow> rows;
    rows.push_back(ExportColumns());
    for (const auto& art : all) {
      const auto& c = art.content;
      rows.push_back({art.id, c.title, c.category, unit_code(art.unit_id), TagsText(c.tags),
                      std::string(Name(c.audience)), c.valid_from, c.valid_until,
                      std::string(Name(art.status)), std::to_string(art.usage_count),
                      FormatRfc3339(art.updated_at, tz_), c.body});
    }
    return WriteCsv(rows);
  }
  bj::array items;
  for (const auto& art : all) {
    const auto& c = art.content;
    bj::array tags;
    for (const auto& t : c.tags) tags.emplace_back(t);
    items.push_back(bj::object{{"id", art.id},
                               {"title", c.title},
                               {"category", c.category},
                               {"unit_code", unit_code(art.unit_id)},
                               {"tags", std::move(tags)},
                               {"audience", Name(c.audience)},
                               {"valid_from", c.valid_from},
                               {"valid_until", c.valid_until},
                               {"status", Name(art.status)},
                               {"usage_count", art.usage_count},
                               {"updated_at", FormatRfc3339(art.updated_at, tz_)},
                               {"body", c.body}});
  }
  return bj::serialize(bj::object{{"articles", std::move(items)}});
}

Result<std::vector<KnowledgeReminder>> KnowledgeBase::Reminders(const Actor& a, int limit) const {
  std::vector<std::string> units;
  if (!SeesEverything(a)) {
    if ((!a.Has(Role::kHandler) && !a.Has(Role::kUnitAdmin)) || a.unit_id.empty())
      return Status::Forbidden("your role may not read knowledge reminders");
    units = directory_.Get()->Subtree(a.unit_id);
  }
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  return tx->ListKnowledgeReminders(units, limit);
}

Result<int> KnowledgeBase::SweepExpiry() {
  const TimePoint now = clock_.Now();
  const Date today_d = LocalDate(now, tz_);
  const std::string today = FormatDate(today_d);
  const std::string soon = FormatDate(Date(Days(today_d) + std::chrono::days(kExpiringDays)));
  int written = 0;
  HOTLINE_RETURN_IF_ERROR(store_.Write([&](store::WriteTx& tx) -> Status {
    written = 0;
    HOTLINE_ASSIGN_OR_RETURN(auto due, tx.ArticlesToRemind(today, soon));
    for (const auto& art : due) {
      KnowledgeReminder r;
      r.article_id = art.id;
      r.unit_id = art.unit_id;
      r.kind = art.content.valid_until < today ? "expired" : "expiring";
      r.title = art.content.title;
      r.valid_until = art.content.valid_until;
      r.created_at = now;
      HOTLINE_RETURN_IF_ERROR(tx.InsertKnowledgeReminder(r));
      ++written;
    }
    return Status::Ok();
  }));
  return written;
}

Result<store::ArticlePage> KnowledgeBase::PublicSearch(const std::string& q, int limit,
                                                       const std::string& cursor,
                                                       const std::string& category) const {
  store::ArticleQuery query;
  query.category = category;
  if (!Trim(q).empty()) {
    HOTLINE_ASSIGN_OR_RETURN(query.match, search::BuildMatchExpression(q));
  }
  query.statuses = {ArticleStatus::kPublished};
  query.audience = Audience::kPublic;
  query.live_on = Today();
  query.limit = limit;
  query.cursor = cursor;
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  return tx->ListArticles(query);
}

Result<std::vector<KnowledgeBase::CategoryCount>> KnowledgeBase::PublicCategories() const {
  store::ArticleQuery query;
  query.statuses = {ArticleStatus::kPublished};
  query.audience = Audience::kPublic;
  query.live_on = Today();
  query.limit = 500;
  std::map<std::string, int64_t> counts;
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  for (int seen = 0; seen < kMaxPublicScan;) {
    HOTLINE_ASSIGN_OR_RETURN(auto page, tx->ListArticles(query));
    for (const auto& h : page.items)
      if (!h.article.content.category.empty()) ++counts[h.article.content.category];
    seen += int(page.items.size());
    if (page.next_cursor.empty() || page.items.empty()) break;
    query.cursor = page.next_cursor;
  }
  std::vector<CategoryCount> out;
  for (const auto& [name, n] : counts) out.push_back({name, n});
  std::stable_sort(out.begin(), out.end(), [](const CategoryCount& a, const CategoryCount& b) {
    return a.articles > b.articles;
  });
  return out;
}

Result<Article> KnowledgeBase::PublicGet(const std::string& id) const {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  auto art = tx->GetArticle(id);
  if (!art.ok() || !art->LiveOn(Today()) || art->content.audience != Audience::kPublic)
    return Status::NotFound("no public knowledge article " + id.substr(0, 20));
  return *art;
}

}  // namespace hotline::knowledge
