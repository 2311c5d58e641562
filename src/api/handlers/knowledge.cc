// The knowledge base (知识库) routes: /api/v1/knowledge/... for staff (list and search, read,
// write, review flow, history, import, export, expiry reminders) and /api/v1/public/knowledge for
// citizens (published, valid, public articles only; no login; rate-limited per client IP; no
// staff names or internal ids beyond the article's own). Rules live in knowledge::KnowledgeBase.
#include <memory>

#include "src/api/handlers/common.h"
#include "src/api/rate_limiter.h"
#include "src/common/time.h"
#include "src/knowledge/service.h"
#include "src/search/query.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

namespace {

constexpr size_t kImportBodyLimit = 8 << 20;

bj::array TagsJson(const std::vector<std::string>& tags) {
  bj::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return a;
}

bj::value OptTime(const std::optional<TimePoint>& t, TimeZone tz) {
  return t ? bj::value(FormatRfc3339(*t, tz)) : bj::value(nullptr);
}

bj::value DateOrNull(const std::string& d) { return d.empty() ? bj::value(nullptr) : bj::value(d); }

void PutContent(bj::object& o, const ArticleContent& c) {
  o["title"] = c.title;
  o["body"] = c.body;
  o["category"] = c.category;
  o["tags"] = TagsJson(c.tags);
  o["audience"] = Name(c.audience);
  o["valid_from"] = DateOrNull(c.valid_from);
  o["valid_until"] = DateOrNull(c.valid_until);
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// A marked fragment (hits between \x02 and \x03) as safe HTML with <mark> around the hits.
std::string MarkedHtml(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find_first_of("\x02\x03", i);
    out += HtmlEscape(s.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    out += s[j] == '\x02' ? "<mark>" : "</mark>";
    i = j + 1;
  }
  return out;
}

std::string Unmarked(std::string_view s) {
  std::string out;
  for (char ch : s)
    if (ch != '\x02' && ch != '\x03') out += ch;
  return out;
}

std::string UnitName(const workflow::Directory& dir, const std::string& id) {
  const Unit* u = dir.FindUnit(id);
  return u ? u->name : std::string();
}

bj::object EncodeRevision(const ArticleRevision& r, TimeZone tz) {
  bj::object o{{"rev", r.rev}, {"status", Name(r.status)}};
  PutContent(o, r.content);
  o["author"] = bj::object{{"id", r.author_id}, {"name", r.author_name}};
  o["created_at"] = FormatRfc3339(r.created_at, tz);
  o["updated_at"] = FormatRfc3339(r.updated_at, tz);
  o["submitted_at"] = OptTime(r.submitted_at, tz);
  o["reviewer"] = r.reviewer_id.empty()
                      ? bj::value(nullptr)
                      : bj::value(bj::object{{"id", r.reviewer_id}, {"name", r.reviewer_name}});
  o["reviewed_at"] = OptTime(r.reviewed_at, tz);
  o["review_note"] = r.review_note;
  return o;
}

// The staff view of an article (list items omit the body unless `with_body`).
bj::object EncodeArticle(const knowledge::KnowledgeBase& kb, const Article& a, bool with_body,
                         const std::string& today) {
  auto dir = kb.directory().Get();
  bj::object o{{"id", a.id}, {"status", Name(a.status)}};
  PutContent(o, a.content);
  if (!with_body) o.erase("body");
  o["unit_id"] = a.unit_id;
  o["unit_name"] = UnitName(*dir, a.unit_id);
  o["live_rev"] = a.live_rev;
  o["working_rev"] = a.working_rev ? bj::value(a.working_rev) : bj::value(nullptr);
  o["working_status"] = a.working_status ? bj::value(Name(*a.working_status)) : bj::value(nullptr);
  o["usage_count"] = a.usage_count;
  o["live"] = a.LiveOn(today);
  o["expired"] = !a.content.valid_until.empty() && a.content.valid_until < today;
  o["version"] = a.version;
  o["created_by"] = bj::object{{"id", a.created_by}, {"name", a.created_by_name}};
  o["created_at"] = FormatRfc3339(a.created_at, kb.tz());
  o["updated_at"] = FormatRfc3339(a.updated_at, kb.tz());
  o["published_at"] = OptTime(a.published_at, kb.tz());
  return o;
}

bj::object EncodeView(const knowledge::KnowledgeBase& kb, const knowledge::ArticleView& v) {
  bj::object o = EncodeArticle(kb, v.article, true, kb.Today());
  o["working"] = v.working ? bj::value(EncodeRevision(*v.working, kb.tz())) : bj::value(nullptr);
  bj::array actions;
  for (const auto& s : v.allowed_actions) actions.emplace_back(s);
  o["allowed_actions"] = std::move(actions);
  o["can_edit"] = v.can_edit;
  return o;
}

void PutHit(bj::object& o, const store::ArticleHit& h) {
  if (h.title_marked.empty() && h.snippet_marked.empty()) {
    std::string snippet = json::Utf8Prefix(h.article.content.body, 120);
    o["title_html"] = HtmlEscape(h.article.content.title);
    o["snippet_html"] = HtmlEscape(snippet);
    o["snippet"] = std::move(snippet);
    return;
  }
  o["title_html"] = MarkedHtml(h.title_marked);
  o["snippet"] = Unmarked(h.snippet_marked);
  o["snippet_html"] = MarkedHtml(h.snippet_marked);
}

Result<std::string> ParamString(const Request& req, std::string_view name, size_t max) {
  auto v = req.Query(name);
  if (!v) return std::string();
  if (v->size() > max)
    return Status::Invalid(std::string(name) + " is too long", std::string(name));
  return std::string(*v);
}

Result<bool> ParamBool(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty() || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1") return true;
  return Status::Invalid(std::string(name) + " must be true or false", std::string(name));
}

Result<knowledge::ListRequest> ParseList(const Request& req) {
  knowledge::ListRequest r;
  HOTLINE_ASSIGN_OR_RETURN(r.q, ParamString(req, "q", search::kMaxQueryBytes));
  HOTLINE_ASSIGN_OR_RETURN(r.category, ParamString(req, "category", 200));
  HOTLINE_ASSIGN_OR_RETURN(r.unit_id, ParamString(req, "unit_id", 32));
  HOTLINE_ASSIGN_OR_RETURN(r.tag, ParamString(req, "tag", 200));
  HOTLINE_ASSIGN_OR_RETURN(std::string status, ParamString(req, "status", 32));
  if (!status.empty()) {
    r.status = ParseArticleStatus(status);
    if (!r.status)
      return Status::Invalid("status must be draft, in_review, published or retired", "status");
  }
  HOTLINE_ASSIGN_OR_RETURN(std::string audience, ParamString(req, "audience", 32));
  if (!audience.empty()) {
    r.audience = ParseAudience(audience);
    if (!r.audience) return Status::Invalid("audience must be internal or public", "audience");
  }
  HOTLINE_ASSIGN_OR_RETURN(r.live_only, ParamBool(req, "live"));
  HOTLINE_ASSIGN_OR_RETURN(r.review_queue, ParamBool(req, "review"));
  HOTLINE_ASSIGN_OR_RETURN(r.expired_only, ParamBool(req, "expired"));
  HOTLINE_ASSIGN_OR_RETURN(r.limit, ParseLimit(req));
  HOTLINE_ASSIGN_OR_RETURN(r.cursor, ParamString(req, "cursor", 20));
  return r;
}

Result<int64_t> ParseVersion(const Request& req, const bj::object& body) {
  HOTLINE_ASSIGN_OR_RETURN(auto v, json::OptInt(body, "version"));
  if (v) return *v;
  if (auto im = req.Header("If-Match")) {
    std::string s(*im);
    std::erase(s, '"');
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
      return Status::Invalid("If-Match must be the article version", "If-Match");
    return std::stoll(s);
  }
  return Status::Invalid("version is required: send the version you read", "version");
}

Result<knowledge::Format> ParseFormat(const Request& req) {
  auto f = req.Query("format");
  if (!f || f->empty() || *f == "json") return knowledge::Format::kJson;
  if (*f == "csv") return knowledge::Format::kCsv;
  return Status::Invalid("format must be json or csv", "format");
}

// The public view: no unit id, no staff names, no usage or review data.
bj::object EncodePublic(const knowledge::KnowledgeBase& kb, const Article& a, bool with_body) {
  auto dir = kb.directory().Get();
  bj::object o{{"id", a.id},
               {"title", a.content.title},
               {"category", a.content.category},
               {"tags", TagsJson(a.content.tags)},
               {"unit_name", UnitName(*dir, a.unit_id)},
               {"valid_until", DateOrNull(a.content.valid_until)},
               {"updated_at", FormatRfc3339(a.published_at.value_or(a.updated_at), kb.tz())}};
  if (with_body) o["body"] = a.content.body;
  return o;
}

std::string ClientKey(const Request& req) {
  return req.remote_addr.empty() ? std::string("unknown") : req.remote_addr;
}

}  // namespace

void RegisterKnowledgeRoutes(Router& r, Context& ctx) {
  if (!ctx.knowledge) return;
  knowledge::KnowledgeBase& kb = *ctx.knowledge;

  r.Add(http::verb::get, "/api/v1/knowledge", [&ctx, &kb](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto lr = ParseList(req);
      if (!lr.ok()) return ErrorResponse(lr.status());
      auto page = kb.List(p.actor, *lr);
      if (!page.ok()) return ErrorResponse(page.status());
      const std::string today = kb.Today();
      bj::array items;
      for (const auto& h : page->items) {
        bj::object o = EncodeArticle(kb, h.article, false, today);
        PutHit(o, h);
        items.push_back(std::move(o));
      }
      return Ok(PageJson(std::move(items), page->next_cursor, page->total));
    });
  });

  r.Add(http::verb::post, "/api/v1/knowledge", [&ctx, &kb](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto body = json::ParseObject(req.body);
      if (!body.ok()) return ErrorResponse(body.status());
      auto v = kb.Create(p.actor, *body, std::string(req.Header("Idempotency-Key").value_or("")));
      if (!v.ok()) return ErrorResponse(v.status());
      return Ok(EncodeView(kb, *v), 201);
    });
  });

  r.Add(http::verb::get, "/api/v1/knowledge/{id}", [&ctx, &kb](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto v = kb.Get(p.actor, std::string(req.Param("id").value_or("")));
      if (!v.ok()) return ErrorResponse(v.status());
      Response resp = Ok(EncodeView(kb, *v));
      resp.headers.emplace_back("ETag", "\"" + std::to_string(v->article.version) + "\"");
      return resp;
    });
  });

  r.Add(http::verb::put, "/api/v1/knowledge/{id}", [&ctx, &kb](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto body = json::ParseObject(req.body);
      if (!body.ok()) return ErrorResponse(body.status());
      auto version = ParseVersion(req, *body);
      if (!version.ok()) return ErrorResponse(version.status());
      auto v = kb.Update(p.actor, std::string(req.Param("id").value_or("")), *version, *body);
      if (!v.ok()) return ErrorResponse(v.status());
      return Ok(EncodeView(kb, *v));
    });
  });

  r.Add(http::verb::post, "/api/v1/knowledge/{id}/actions/{action}", [&ctx, &kb](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto body =
          json::ParseObject(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
      if (!body.ok()) return ErrorResponse(body.status());
      auto version = ParseVersion(req, *body);
      if (!version.ok()) return ErrorResponse(version.status());
      auto note = json::OptString(*body, "note", knowledge::kNoteMax);
      if (!note.ok()) return ErrorResponse(note.status());
      auto v = kb.Act(p.actor, std::string(req.Param("id").value_or("")),
                      std::string(req.Param("action").value_or("")), *version, note->value_or(""));
      if (!v.ok()) return ErrorResponse(v.status());
      return Ok(EncodeView(kb, *v));
    });
  });

  r.Add(http::verb::get, "/api/v1/knowledge/{id}/history", [&ctx, &kb](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto revs = kb.History(p.actor, std::string(req.Param("id").value_or("")));
      if (!revs.ok()) return ErrorResponse(revs.status());
      bj::array items;
      for (const auto& rv : *revs) items.push_back(EncodeRevision(rv, kb.tz()));
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });

  RouteOptions import_opts;
  import_opts.body_limit = kImportBodyLimit;
  r.Add(
      http::verb::post, "/api/v1/knowledge/import",
      [&ctx, &kb](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          auto format = ParseFormat(req);
          if (!format.ok()) return ErrorResponse(format.status());
          auto publish = ParamBool(req, "publish");
          if (!publish.ok()) return ErrorResponse(publish.status());
          auto res = kb.Import(p.actor, *format, req.body, *publish);
          if (!res.ok()) return ErrorResponse(res.status());
          bj::array ids;
          for (const auto& id : res->ids) ids.emplace_back(id);
          return Ok(bj::object{{"imported", int64_t(res->ids.size())}, {"ids", std::move(ids)}},
                    201);
        });
      },
      import_opts);

  r.Add(http::verb::get, "/api/v1/knowledge/export", [&ctx, &kb](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto format = ParseFormat(req);
      if (!format.ok()) return ErrorResponse(format.status());
      auto lr = ParseList(req);
      if (!lr.ok()) return ErrorResponse(lr.status());
      auto doc = kb.Export(p.actor, *format, *lr);
      if (!doc.ok()) return ErrorResponse(doc.status());
      const bool csv = *format == knowledge::Format::kCsv;
      Response resp = Text(200, std::move(*doc),
                           csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");
      resp.headers.emplace_back("Content-Disposition",
                                std::string("attachment; filename=\"knowledge-") + kb.Today() +
                                    (csv ? ".csv\"" : ".json\""));
      return resp;
    });
  });

  r.Add(http::verb::get, "/api/v1/knowledge/reminders", [&ctx, &kb](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto limit = ParseLimit(req);
      if (!limit.ok()) return ErrorResponse(limit.status());
      auto rems = kb.Reminders(p.actor, *limit);
      if (!rems.ok()) return ErrorResponse(rems.status());
      auto dir = ctx.directory.Get();
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      bj::array items;
      for (const auto& rm : *rems) {
        bj::object o{{"id", rm.id},
                     {"article_id", rm.article_id},
                     {"unit_id", rm.unit_id},
                     {"unit_name", UnitName(*dir, rm.unit_id)},
                     {"kind", rm.kind},
                     {"title", rm.title},
                     {"valid_until", rm.valid_until},
                     {"created_at", FormatRfc3339(rm.created_at, kb.tz())}};
        // Where the article stands now, so the unit sees whether it was dealt with.
        if (auto a = (*tx)->GetArticle(rm.article_id); a.ok()) {
          o["article_status"] = Name(a->status);
          o["article_valid_until"] = DateOrNull(a->content.valid_until);
          o["article_live"] = a->LiveOn(kb.Today());
          o["article_working_status"] =
              a->working_status ? bj::value(Name(*a->working_status)) : bj::value(nullptr);
        }
        items.push_back(std::move(o));
      }
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });

  // Public: 60 requests a minute per client IP, like the other public reads.
  auto limiter = std::make_shared<RateLimiter>(ctx.engine.clock(), 60, std::chrono::minutes(1));
  RouteOptions pub;
  pub.body_limit = 64 << 10;
  auto too_many = [](const RateLimiter::Decision& d) {
    Response resp =
        ErrorResponse(Status::RateLimited("too many requests from this address; try again later"));
    resp.headers.emplace_back("Retry-After", std::to_string(d.RetryAfterSeconds()));
    return resp;
  };
  r.Add(
      http::verb::get, "/api/v1/public/knowledge",
      [&kb, limiter, too_many](Request& req) {
        if (auto d = limiter->Allow(ClientKey(req)); !d.allowed) return too_many(d);
        auto q = ParamString(req, "q", search::kMaxQueryBytes);
        if (!q.ok()) return ErrorResponse(q.status());
        auto limit = ParseLimit(req);
        if (!limit.ok()) return ErrorResponse(limit.status());
        auto cursor = ParamString(req, "cursor", 20);
        if (!cursor.ok()) return ErrorResponse(cursor.status());
        auto category = ParamString(req, "category", 200);
        if (!category.ok()) return ErrorResponse(category.status());
        auto page = kb.PublicSearch(*q, *limit, *cursor, *category);
        if (!page.ok()) return ErrorResponse(page.status());
        bj::array items;
        for (const auto& h : page->items) {
          bj::object o = EncodePublic(kb, h.article, false);
          PutHit(o, h);
          items.push_back(std::move(o));
        }
        return Ok(PageJson(std::move(items), page->next_cursor, page->total));
      },
      pub);

  r.Add(
      http::verb::get, "/api/v1/public/knowledge/categories",
      [&kb, limiter, too_many](Request& req) {
        if (auto d = limiter->Allow(ClientKey(req)); !d.allowed) return too_many(d);
        auto cats = kb.PublicCategories();
        if (!cats.ok()) return ErrorResponse(cats.status());
        bj::array items;
        for (const auto& c : *cats)
          items.push_back(bj::object{{"name", c.name}, {"articles", c.articles}});
        return Ok(bj::object{{"items", std::move(items)}});
      },
      pub);

  r.Add(
      http::verb::get, "/api/v1/public/knowledge/{id}",
      [&kb, limiter, too_many](Request& req) {
        if (auto d = limiter->Allow(ClientKey(req)); !d.allowed) return too_many(d);
        auto a = kb.PublicGet(std::string(req.Param("id").value_or("")));
        if (!a.ok()) return ErrorResponse(a.status());
        return Ok(EncodePublic(kb, *a, true));
      },
      pub);
}

}  // namespace hotline::api
