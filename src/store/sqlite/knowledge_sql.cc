#include "src/store/sqlite/knowledge_sql.h"

#include <boost/json.hpp>
#include <functional>

namespace hotline::store::sqlite::knowledge_sql {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

int64_t ParseId(const std::string& s) {
  if (s.empty() || s.size() > 18) return -1;
  int64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return -1;
    v = v * 10 + (ch - '0');
  }
  return v;
}

std::string TagsJson(const std::vector<std::string>& tags) {
  bj::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return bj::serialize(a);
}

std::vector<std::string> TagsFromJson(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = bj::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array())
    if (x.is_string()) out.emplace_back(x.as_string());
  return out;
}

std::optional<TimePoint> OptTime(const Stmt& st, int col) {
  if (auto v = st.OptInt(col)) return FromUnixMillis(*v);
  return std::nullopt;
}

std::optional<int64_t> OptMillis(const std::optional<TimePoint>& t) {
  if (t) return ToUnixMillis(*t);
  return std::nullopt;
}

constexpr const char* kArticleColumns =
    "a.id, a.unit_id, a.status, a.title, a.body, a.category, a.tags, a.audience, a.valid_from, "
    "a.valid_until, a.live_rev, a.working_rev, a.working_status, a.usage_count, a.remind_state, "
    "a.version, a.created_by, a.created_by_name, a.created_at, a.updated_at, a.published_at";
constexpr int kArticleColumnCount = 21;

Article ReadArticle(const Stmt& st) {
  Article a;
  a.id = std::to_string(st.Int(0));
  a.unit_id = st.Text(1);
  a.status = ParseArticleStatus(st.Text(2)).value_or(ArticleStatus::kDraft);
  a.content.title = st.Text(3);
  a.content.body = st.Text(4);
  a.content.category = st.Text(5);
  a.content.tags = TagsFromJson(st.Text(6));
  a.content.audience = ParseAudience(st.Text(7)).value_or(Audience::kInternal);
  a.content.valid_from = st.Text(8);
  a.content.valid_until = st.Text(9);
  a.live_rev = st.Int(10);
  a.working_rev = st.Int(11);
  a.working_status = ParseRevisionStatus(st.Text(12));
  a.usage_count = st.Int(13);
  a.remind_state = st.Text(14);
  a.version = st.Int(15);
  a.created_by = st.Text(16);
  a.created_by_name = st.Text(17);
  a.created_at = FromUnixMillis(st.Int(18));
  a.updated_at = FromUnixMillis(st.Int(19));
  a.published_at = OptTime(st, 20);
  return a;
}

constexpr const char* kRevisionColumns =
    "article_id, rev, status, title, body, category, tags, audience, valid_from, valid_until, "
    "author_id, author_name, created_at, updated_at, submitted_at, reviewer_id, reviewer_name, "
    "reviewed_at, review_note";

ArticleRevision ReadRevision(const Stmt& st) {
  ArticleRevision r;
  r.article_id = std::to_string(st.Int(0));
  r.rev = st.Int(1);
  r.status = ParseRevisionStatus(st.Text(2)).value_or(RevisionStatus::kDraft);
  r.content.title = st.Text(3);
  r.content.body = st.Text(4);
  r.content.category = st.Text(5);
  r.content.tags = TagsFromJson(st.Text(6));
  r.content.audience = ParseAudience(st.Text(7)).value_or(Audience::kInternal);
  r.content.valid_from = st.Text(8);
  r.content.valid_until = st.Text(9);
  r.author_id = st.Text(10);
  r.author_name = st.Text(11);
  r.created_at = FromUnixMillis(st.Int(12));
  r.updated_at = FromUnixMillis(st.Int(13));
  r.submitted_at = OptTime(st, 14);
  r.reviewer_id = st.Text(15);
  r.reviewer_name = st.Text(16);
  r.reviewed_at = OptTime(st, 17);
  r.review_note = st.Text(18);
  return r;
}

// Binds the content columns at ?first .. ?first+6.
void BindContent(Stmt& st, int first, const ArticleContent& c) {
  st.Bind(first, c.title).Bind(first + 1, c.body).Bind(first + 2, c.category);
  st.Bind(first + 3, TagsJson(c.tags)).Bind(first + 4, Name(c.audience));
  st.Bind(first + 5, c.valid_from).Bind(first + 6, c.valid_until);
}

}  // namespace

Result<Article> GetArticle(Db& db, const std::string& id) {
  int64_t n = ParseId(id);
  if (n < 0) return Status::NotFound("no knowledge article " + id);
  HOTLINE_ASSIGN_OR_RETURN(
      auto st, db.Prepare("knowledge.get", std::string("SELECT ") + kArticleColumns +
                                               " FROM knowledge_articles a WHERE a.id = ?1"));
  st->Bind(1, n);
  HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return Status::NotFound("no knowledge article " + id);
  return ReadArticle(*st);
}

Result<ArticlePage> ListArticles(Db& db, const ArticleQuery& q) {
  const bool text = !q.match.empty();
  // With text, the full-text match drives the join (CROSS JOIN keeps it the outer loop in SQLite):
  // the other way round the MATCH would be re-run for every article row.
  std::string from =
      text ? " FROM knowledge_fts CROSS JOIN knowledge_articles a ON a.id = knowledge_fts.rowid"
           : " FROM knowledge_articles a";
  std::string where = " WHERE 1=1";
  std::vector<std::function<void(Stmt&, int&)>> binds;
  auto bind_str = [&](std::string v) {
    binds.push_back([v = std::move(v)](Stmt& s, int& i) { s.Bind(++i, v); });
  };
  auto in_list = [&](const std::vector<std::string>& vals) {
    std::string out = "(";
    for (size_t i = 0; i < vals.size(); ++i) {
      out += i ? ",?" : "?";
      bind_str(vals[i]);
    }
    return out + ")";
  };
  if (text) {
    where += " AND knowledge_fts MATCH ?";
    bind_str(q.match);
  }
  if (!q.statuses.empty()) {
    std::vector<std::string> names;
    for (auto s : q.statuses) names.emplace_back(Name(s));
    where += " AND a.status IN " + in_list(names);
  }
  if (!q.category.empty()) {
    where += " AND a.category = ?";
    bind_str(q.category);
  }
  if (!q.unit_ids.empty()) where += " AND a.unit_id IN " + in_list(q.unit_ids);
  if (q.audience) {
    where += " AND a.audience = ?";
    bind_str(std::string(Name(*q.audience)));
  }
  if (!q.tag.empty()) {
    where += " AND EXISTS (SELECT 1 FROM json_each(a.tags) WHERE json_each.value = ?)";
    bind_str(q.tag);
  }
  if (!q.live_on.empty()) {
    where +=
        " AND (a.valid_from = '' OR a.valid_from <= ?) AND (a.valid_until = '' OR a.valid_until >= "
        "?)";
    bind_str(q.live_on);
    bind_str(q.live_on);
  }
  if (!q.expired_on.empty()) {
    where += " AND a.valid_until <> '' AND a.valid_until < ?";
    bind_str(q.expired_on);
  }
  if (q.pending_review) where += " AND a.working_status = 'in_review'";
  if (q.visible_units) {
    where +=
        " AND ((a.status = 'published' AND (a.valid_from = '' OR a.valid_from <= ?) AND "
        "(a.valid_until = '' OR a.valid_until >= ?)) OR a.created_by = ?";
    bind_str(q.visible_live_on);
    bind_str(q.visible_live_on);
    bind_str(q.visible_author);
    if (!q.visible_units->empty()) where += " OR a.unit_id IN " + in_list(*q.visible_units);
    where += ")";
  }
  ArticlePage page;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto cnt, db.PrepareDynamic("SELECT COUNT(*)" + from + where));
    Stmt s(cnt.get());
    int i = 0;
    for (auto& b : binds) b(s, i);
    HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) page.total = s.Int(0);
  }
  // The cursor is the offset of the next row: relevance order has no stable key to seek on, and a
  // knowledge base is small enough for OFFSET.
  int64_t offset = 0;
  if (!q.cursor.empty()) {
    offset = ParseId(q.cursor);
    if (offset < 0) return Status::Invalid("cursor is not one this server gave", "cursor");
  }
  std::string sql = std::string("SELECT ") + kArticleColumns;
  if (text) sql += ", bm25(knowledge_fts, 10.0, 5.0, 3.0, 1.0) AS rank";
  sql += from + where;
  sql += text ? " ORDER BY rank, a.id DESC" : " ORDER BY a.updated_at DESC, a.id DESC";
  sql += " LIMIT " + std::to_string(q.limit + 1) + " OFFSET " + std::to_string(offset);
  HOTLINE_ASSIGN_OR_RETURN(auto raw, db.PrepareDynamic(sql));
  Stmt s(raw.get());
  int i = 0;
  for (auto& b : binds) b(s, i);
  while (true) {
    HOTLINE_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (int(page.items.size()) == q.limit) {
      page.next_cursor = std::to_string(offset + q.limit);
      break;
    }
    ArticleHit h;
    h.article = ReadArticle(s);
    if (text) h.rank = s.Double(kArticleColumnCount);
    page.items.push_back(std::move(h));
  }
  // Highlights only for the page's rows (computing them for every match before the sort would cost
  // as much as the search itself).
  if (text) {
    HOTLINE_ASSIGN_OR_RETURN(
        auto hl,
        db.Prepare("knowledge.highlight",
                   "SELECT highlight(knowledge_fts, 0, char(2), char(3)), "
                   "snippet(knowledge_fts, 3, char(2), char(3), '…', 24) FROM knowledge_fts "
                   "WHERE knowledge_fts MATCH ?1 AND rowid = ?2"));
    for (auto& h : page.items) {
      hl->Reset();
      hl->Bind(1, q.match).Bind(2, ParseId(h.article.id));
      HOTLINE_ASSIGN_OR_RETURN(bool row, hl->Step());
      if (row) {
        h.title_marked = hl->Text(0);
        h.snippet_marked = hl->Text(1);
      }
    }
  }
  return page;
}

Result<std::vector<ArticleRevision>> ListRevisions(Db& db, const std::string& article_id) {
  int64_t n = ParseId(article_id);
  if (n < 0) return std::vector<ArticleRevision>{};
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("knowledge.revisions", std::string("SELECT ") + kRevisionColumns +
                                            " FROM knowledge_revisions WHERE article_id = ?1 "
                                            "ORDER BY rev DESC"));
  st->Bind(1, n);
  return CollectRows<ArticleRevision>(*st, [](Stmt& row) { return ReadRevision(row); });
}

Result<ArticleRevision> GetRevision(Db& db, const std::string& article_id, int64_t rev) {
  int64_t n = ParseId(article_id);
  if (n < 0) return Status::NotFound("no knowledge article " + article_id);
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("knowledge.revision", std::string("SELECT ") + kRevisionColumns +
                                           " FROM knowledge_revisions WHERE article_id = ?1 "
                                           "AND rev = ?2"));
  st->Bind(1, n).Bind(2, rev);
  HOTLINE_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row)
    return Status::NotFound("article " + article_id + " has no revision " + std::to_string(rev));
  return ReadRevision(*st);
}

Result<std::vector<Article>> ArticlesToRemind(Db& db, const std::string& today,
                                              const std::string& soon) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare(
          "knowledge.to_remind",
          std::string("SELECT ") + kArticleColumns +
              " FROM knowledge_articles a WHERE a.status = 'published' AND a.valid_until <> '' "
              "AND ((a.valid_until < ?1 AND a.remind_state <> 'expired') OR "
              "(a.valid_until <= ?2 AND a.remind_state = '')) ORDER BY a.id"));
  st->Bind(1, today).Bind(2, soon);
  return CollectRows<Article>(*st, [](Stmt& row) { return ReadArticle(row); });
}

Result<std::vector<KnowledgeReminder>> ListReminders(Db& db,
                                                     const std::vector<std::string>& unit_ids,
                                                     int limit) {
  std::string sql =
      "SELECT id, article_id, unit_id, kind, title, valid_until, created_at FROM "
      "knowledge_reminders";
  if (!unit_ids.empty()) {
    sql += " WHERE unit_id IN (";
    for (size_t i = 0; i < unit_ids.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit);
  HOTLINE_ASSIGN_OR_RETURN(auto raw, db.PrepareDynamic(sql));
  Stmt s(raw.get());
  for (size_t i = 0; i < unit_ids.size(); ++i) s.Bind(int(i + 1), unit_ids[i]);
  return CollectRows<KnowledgeReminder>(s, [](Stmt& row) {
    return KnowledgeReminder{std::to_string(row.Int(0)),
                             std::to_string(row.Int(1)),
                             row.Text(2),
                             row.Text(3),
                             row.Text(4),
                             row.Text(5),
                             FromUnixMillis(row.Int(6))};
  });
}

Status InsertArticle(Db& db, Article& a, ArticleRevision& r) {
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("knowledge.insert",
                 "INSERT INTO knowledge_articles(unit_id, status, title, body, category, tags, "
                 "audience, valid_from, valid_until, live_rev, working_rev, working_status, "
                 "usage_count, remind_state, version, created_by, created_by_name, created_at, "
                 "updated_at, published_at) "
                 "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,'',1,?14,?15,?16,?17,?18)"));
  st->Bind(1, a.unit_id).Bind(2, Name(a.status));
  BindContent(*st, 3, a.content);
  st->Bind(10, a.live_rev).Bind(11, a.working_rev);
  st->Bind(12, a.working_status ? Name(*a.working_status) : std::string_view(""));
  st->Bind(13, a.usage_count).Bind(14, a.created_by).Bind(15, a.created_by_name);
  st->Bind(16, ToUnixMillis(a.created_at)).Bind(17, ToUnixMillis(a.updated_at));
  st->Bind(18, OptMillis(a.published_at));
  HOTLINE_RETURN_IF_ERROR(st->Exec());
  a.id = std::to_string(db.LastInsertId());
  a.version = 1;
  a.remind_state.clear();
  r.article_id = a.id;
  return PutRevision(db, r);
}

Status UpdateArticle(Db& db, const Article& a, int64_t expected_version) {
  int64_t n = ParseId(a.id);
  if (n < 0) return Status::NotFound("no knowledge article " + a.id);
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("knowledge.update",
                 "UPDATE knowledge_articles SET unit_id=?1, status=?2, title=?3, body=?4, "
                 "category=?5, tags=?6, audience=?7, valid_from=?8, valid_until=?9, live_rev=?10, "
                 "working_rev=?11, working_status=?12, version=?13, updated_at=?14, "
                 "published_at=?15, remind_state=?16 WHERE id=?17 AND version=?18"));
  st->Bind(1, a.unit_id).Bind(2, Name(a.status));
  BindContent(*st, 3, a.content);
  st->Bind(10, a.live_rev).Bind(11, a.working_rev);
  st->Bind(12, a.working_status ? Name(*a.working_status) : std::string_view(""));
  st->Bind(13, a.version).Bind(14, ToUnixMillis(a.updated_at)).Bind(15, OptMillis(a.published_at));
  st->Bind(16, a.remind_state).Bind(17, n).Bind(18, expected_version);
  HOTLINE_RETURN_IF_ERROR(st->Exec());
  if (db.Changes() == 0) {
    HOTLINE_ASSIGN_OR_RETURN(Article cur, GetArticle(db, a.id));
    return Status::StaleVersion(
        "knowledge article " + a.id + " was changed by someone else (version " +
        std::to_string(cur.version) + ", you had " + std::to_string(expected_version) + ")");
  }
  return Status::Ok();
}

Status PutRevision(Db& db, const ArticleRevision& r) {
  int64_t n = ParseId(r.article_id);
  if (n < 0) return Status::NotFound("no knowledge article " + r.article_id);
  HOTLINE_ASSIGN_OR_RETURN(
      auto st,
      db.Prepare("knowledge.put_revision",
                 "INSERT OR REPLACE INTO knowledge_revisions(article_id, rev, status, title, body, "
                 "category, tags, audience, valid_from, valid_until, author_id, author_name, "
                 "created_at, updated_at, submitted_at, reviewer_id, reviewer_name, reviewed_at, "
                 "review_note) "
                 "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"));
  st->Bind(1, n).Bind(2, r.rev).Bind(3, Name(r.status));
  BindContent(*st, 4, r.content);
  st->Bind(11, r.author_id).Bind(12, r.author_name).Bind(13, ToUnixMillis(r.created_at));
  st->Bind(14, ToUnixMillis(r.updated_at)).Bind(15, OptMillis(r.submitted_at));
  st->Bind(16, r.reviewer_id).Bind(17, r.reviewer_name).Bind(18, OptMillis(r.reviewed_at));
  st->Bind(19, r.review_note);
  return st->Exec();
}

Status IncrementUsage(Db& db, const std::string& id) {
  int64_t n = ParseId(id);
  if (n < 0) return Status::NotFound("no knowledge article " + id);
  HOTLINE_ASSIGN_OR_RETURN(auto st, db.Prepare("knowledge.use",
                                               "UPDATE knowledge_articles SET usage_count = "
                                               "usage_count + 1 WHERE id = ?1"));
  st->Bind(1, n);
  HOTLINE_RETURN_IF_ERROR(st->Exec());
  if (db.Changes() == 0) return Status::NotFound("no knowledge article " + id);
  return Status::Ok();
}

Status InsertReminder(Db& db, KnowledgeReminder& r) {
  int64_t n = ParseId(r.article_id);
  if (n < 0) return Status::NotFound("no knowledge article " + r.article_id);
  HOTLINE_ASSIGN_OR_RETURN(
      auto st, db.Prepare("knowledge.remind",
                          "INSERT INTO knowledge_reminders(article_id, unit_id, kind, title, "
                          "valid_until, created_at) VALUES(?1,?2,?3,?4,?5,?6)"));
  st->Bind(1, n).Bind(2, r.unit_id).Bind(3, r.kind).Bind(4, r.title).Bind(5, r.valid_until);
  st->Bind(6, ToUnixMillis(r.created_at));
  HOTLINE_RETURN_IF_ERROR(st->Exec());
  r.id = std::to_string(db.LastInsertId());
  HOTLINE_ASSIGN_OR_RETURN(auto up, db.Prepare("knowledge.remind_state",
                                               "UPDATE knowledge_articles SET remind_state = ?1 "
                                               "WHERE id = ?2"));
  up->Bind(1, r.kind).Bind(2, n);
  return up->Exec();
}

}  // namespace hotline::store::sqlite::knowledge_sql
