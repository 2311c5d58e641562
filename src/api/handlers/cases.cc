// /api/v1/cases, /api/v1/callers, attachments: parse → engine → encode.
#include "src/api/content_sniff.h"
#include "src/api/encode.h"
#include "src/common/file_store.h"
#include "src/api/handlers/common.h"
#include "src/common/crypto.h"
#include "src/common/time.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

namespace {

constexpr size_t kMaxAttachmentBytes = 10 << 20;  // 10 MiB per file

Result<workflow::NewCase> ParseNewCase(const bj::object& b) {
  workflow::NewCase in;
  HOTLINE_RETURN_IF_ERROR(ParseCaseText(b, &in));
  HOTLINE_ASSIGN_OR_RETURN(auto channel, json::OptString(b, "channel", 32));
  if (channel) {
    auto c = ParseChannel(*channel);
    if (!c)
      return Status::Invalid(
          "channel must be phone, web, mailbox, letter, app, email, open311 or sms", "channel");
    in.channel = *c;
  }
  HOTLINE_ASSIGN_OR_RETURN(auto urgent, json::OptBool(b, "urgent"));
  in.urgent = urgent.value_or(false);
  HOTLINE_ASSIGN_OR_RETURN(auto conf, json::OptBool(b, "confidential"));
  in.confidential = conf.value_or(false);
  HOTLINE_ASSIGN_OR_RETURN(auto call_id, json::OptString(b, "call_id", 64));
  in.call_id = call_id.value_or("");
  HOTLINE_ASSIGN_OR_RETURN(const bj::object* cit, json::OptObject(b, "citizen"));
  if (cit) {
    HOTLINE_ASSIGN_OR_RETURN(auto name, json::OptString(*cit, "name", 64));
    HOTLINE_ASSIGN_OR_RETURN(auto phone, json::OptString(*cit, "phone", 32));
    HOTLINE_ASSIGN_OR_RETURN(auto idn, json::OptString(*cit, "id_number", 32));
    HOTLINE_ASSIGN_OR_RETURN(auto email, json::OptString(*cit, "email", 128));
    in.citizen = {name.value_or(""), phone.value_or(""), idn.value_or(""), email.value_or("")};
    for (char ch : in.citizen.phone)
      if (!((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == ' '))
        return Status::Invalid("citizen.phone may hold only digits, spaces, '-' and '+'",
                               "citizen.phone");
  }
  return in;
}

// Fills a CaseQuery from the query string; unknown enum values are 400s naming the parameter.
Result<store::CaseQuery> ParseCaseQuery(const Request& req, const workflow::Directory& dir) {
  store::CaseQuery q;
  if (auto s = req.Query("status"); s && !s->empty()) {
    std::string_view rest = *s;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      auto part = rest.substr(0, comma);
      auto st = ParseCaseStatus(part);
      if (!st) return Status::Invalid("status " + std::string(part) + " is not a status", "status");
      q.statuses.push_back(*st);
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
  }
  if (auto s = req.Query("type"); s && !s->empty()) {
    q.type = ParseCaseType(*s);
    if (!q.type) return Status::Invalid("type is not a case type", "type");
  }
  if (auto s = req.Query("channel"); s && !s->empty()) {
    q.channel = ParseChannel(*s);
    if (!q.channel) return Status::Invalid("channel is not a channel", "channel");
  }
  if (auto s = req.Query("sla"); s && !s->empty()) {
    q.sla = ParseSlaState(*s);
    if (!q.sla) return Status::Invalid("sla must be ok, warning or overdue", "sla");
  }
  if (auto s = req.Query("assignment_status"); s && !s->empty()) {
    q.assignment_status = ParseAssignmentStatus(*s);
    if (!q.assignment_status)
      return Status::Invalid("assignment_status is not known", "assignment_status");
  }
  if (auto s = req.Query("category_id"); s && !s->empty()) {
    if (!dir.FindCategory(std::string(*s)))
      return Status::Invalid("category_id is not a category", "category_id");
    q.category_ids = dir.CategorySubtree(std::string(*s));
  }
  if (auto s = req.Query("district_id"); s && !s->empty()) q.district_id = std::string(*s);
  if (auto s = req.Query("unit_id"); s && !s->empty()) {
    if (!dir.FindUnit(std::string(*s))) return Status::Invalid("unit_id is not a unit", "unit_id");
    q.unit_ids = dir.Subtree(std::string(*s));
    q.active_assignment_only = true;
  }
  if (auto s = req.Query("phone"); s && !s->empty()) q.phone = std::string(*s);
  if (auto s = req.Query("q"); s && !s->empty()) {
    if (json::Utf8Length(*s) > 100) return Status::Invalid("q is longer than 100 characters", "q");
    q.text = std::string(*s);
  }
  if (auto s = req.Query("parent_id"); s && !s->empty()) q.parent_id = std::string(*s);
  HOTLINE_ASSIGN_OR_RETURN(q.from, ParseTimeParam(req, "from"));
  HOTLINE_ASSIGN_OR_RETURN(q.to, ParseTimeParam(req, "to"));
  if (auto s = req.Query("sort"); s && !s->empty()) {
    if (*s == "-created_at")
      q.sort = store::CaseQuery::Sort::kCreatedDesc;
    else if (*s == "created_at")
      q.sort = store::CaseQuery::Sort::kCreatedAsc;
    else if (*s == "due_at")
      q.sort = store::CaseQuery::Sort::kDueAsc;
    else if (*s == "-updated_at")
      q.sort = store::CaseQuery::Sort::kUpdatedDesc;
    else
      return Status::Invalid("sort must be -created_at, created_at, due_at or -updated_at", "sort");
  }
  HOTLINE_ASSIGN_OR_RETURN(q.limit, ParseLimit(req));
  if (auto s = req.Query("cursor")) q.cursor = std::string(*s);
  return q;
}

// Case search: the matched fields of a hit, {"content": [{"text": "…", "hit": false}, …], …}.
bj::object EncodeHighlights(const std::vector<store::FieldHighlight>& fields) {
  bj::object o;
  for (const auto& f : fields) {
    bj::array segs;
    for (const auto& s : f.segments) segs.push_back(bj::object{{"text", s.text}, {"hit", s.hit}});
    o[f.field] = std::move(segs);
  }
  return o;
}

// `search_pending`: cases a case search could not see yet (a bulk load still being indexed).
Response ListResponse(Context& ctx, const Principal& p, const store::CasePage& page,
                      int64_t search_pending = 0) {
  bj::array items;
  for (size_t i = 0; i < page.items.size(); ++i) {
    bj::object o = EncodeCase(ctx.engine, p.actor, page.items[i], true);
    if (i < page.highlights.size()) o["highlights"] = EncodeHighlights(page.highlights[i]);
    items.push_back(std::move(o));
  }
  bj::object out = PageJson(std::move(items), page.next_cursor, page.total);
  if (page.total_capped) out["total_capped"] = true;  // case search: "10,000 or more"
  if (search_pending > 0) out["search_pending"] = search_pending;
  return Ok(std::move(out));
}

}  // namespace

void RegisterCaseRoutes(Router& r, Context& ctx) {
  // A point read never waits: the reader pool has a connection for every thread that may read
  // (see `hotline serve`), and a WAL snapshot read takes no lock, so it runs on the I/O thread.
  RouteOptions kReadInline;
  kReadInline.inline_ok = true;
  r.Add(http::verb::post, "/api/v1/cases", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!HasAny(p, {Role::kAgent, Role::kDispatcher, Role::kCallback}))
        return Forbidden("register cases");
      auto body = json::ParseObject(req.body);
      if (!body.ok()) return ErrorResponse(body.status());
      auto in = ParseNewCase(*body);
      if (!in.ok()) return ErrorResponse(in.status());
      std::string key(req.Header("Idempotency-Key").value_or(""));
      if (key.size() > 128)
        return ErrorResponse(
            Status::Invalid("Idempotency-Key is longer than 128 characters", "Idempotency-Key"));
      auto c = ctx.engine.Register(p.actor, std::move(in).value(), key);
      if (!c.ok()) return ErrorResponse(c.status());
      bj::object o = EncodeCase(ctx.engine, p.actor, *c, true);
      o["query_code"] = c->query_code;  // read out to the caller at intake
      Response resp = Ok(o, 201);
      resp.headers.emplace_back("Location", "/api/v1/cases/" + c->id);
      return resp;
    });
  });

  r.Add(http::verb::get, "/api/v1/cases", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto dir = ctx.directory.Get();
      auto q = ParseCaseQuery(req, *dir);
      if (!q.ok()) return ErrorResponse(q.status());
      if (auto mine = req.Query("mine"); mine && *mine == "true") {
        q->unit_ids = dir->Subtree(p.actor.unit_id);
        q->active_assignment_only = true;
      }
      if (!q->phone.empty() && !HasAny(p, {Role::kAgent, Role::kCallback, Role::kDispatcher}))
        return Forbidden("search cases by phone number");
      // Case search: digits in q also match phone fragments, only for the roles that see
      // citizens' numbers in clear on every case (Engine::SeesPersonalData).
      q->text_phone_fragments = HasAny(p, {Role::kAgent, Role::kCallback});
      if (auto f = req.Query("format"); f && *f == "xlsx")
        return ExportCasesXlsx(ctx, p, std::move(q).value());
      if (auto f = req.Query("format"); f && !f->empty() && *f != "json")
        return ErrorResponse(Status::Invalid("format must be json or xlsx", "format"));
      const bool text_search = !q->text.empty();
      auto page = ctx.engine.List(p.actor, std::move(q).value());
      if (!page.ok()) return ErrorResponse(page.status());
      // Case search over a bulk load still being indexed (hotline seed --index background): say
      // how many cases the search could not see yet.
      int64_t pending = 0;
      if (text_search) {
        auto tx = ctx.store.Read();
        auto n = tx.ok() ? (*tx)->SearchBacklog() : Result<int64_t>(tx.status());
        if (!n.ok()) return ErrorResponse(n.status());
        pending = *n;
      }
      return ListResponse(ctx, p, *page, pending);
    });
  });

  r.Add(
      http::verb::get, "/api/v1/cases/{id}",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          std::string id(req.Param("id").value_or(""));
          auto c = ctx.engine.Get(p.actor, id);
          if (!c.ok() && c.status().IsNotFound()) {
            // Also accept the human-readable number.
            auto tx = ctx.store.Read();
            if (tx.ok())
              if (auto byn = (*tx)->GetCaseByNumber(id); byn.ok())
                c = ctx.engine.Get(p.actor, byn->id);
          }
          if (!c.ok()) return ErrorResponse(c.status());
          // The hot read: the JSON text is written directly (the same bytes as
          // Ok(EncodeCase(...))).
          Response res;
          EncodeCaseTo(&res.body, ctx.engine, p.actor, *c, true);
          return res;
        });
      },
      kReadInline);

  r.Add(http::verb::get, "/api/v1/cases/{id}/events", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto events = ctx.engine.Events(p.actor, std::string(req.Param("id").value_or("")));
      if (!events.ok()) return ErrorResponse(events.status());
      auto dir = ctx.directory.Get();
      bj::array items;
      for (const auto& e : *events) items.push_back(EncodeEvent(e, *dir, ctx.engine.tz()));
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });

  r.Add(http::verb::post, "/api/v1/cases/{id}/actions/{action}", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto body =
          json::ParseObject(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
      if (!body.ok()) return ErrorResponse(body.status());
      auto version = json::OptInt(*body, "version");
      if (!version.ok()) return ErrorResponse(version.status());
      std::optional<int64_t> v = *version;
      if (!v) {
        if (auto im = req.Header("If-Match")) {
          std::string s(*im);
          s.erase(std::remove(s.begin(), s.end(), '"'), s.end());
          try {
            v = std::stoll(s);
          } catch (...) {
            return ErrorResponse(Status::Invalid("If-Match must be the case version", "If-Match"));
          }
        }
      }
      if (!v)
        return ErrorResponse(
            Status::Invalid("version is required: send the version you read", "version"));
      auto c = ctx.engine.Act(p.actor, std::string(req.Param("id").value_or("")),
                              std::string(req.Param("action").value_or("")), *v, *body);
      if (!c.ok()) return ErrorResponse(c.status());
      return Ok(EncodeCase(ctx.engine, p.actor, *c, true));
    });
  });

  r.Add(http::verb::get, "/api/v1/callers/{phone}/cases", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!HasAny(p, {Role::kAgent, Role::kCallback, Role::kDispatcher}))
        return Forbidden("look up a caller's cases");
      store::CaseQuery q;
      q.phone = std::string(req.Param("phone").value_or(""));
      if (q.phone.empty() || q.phone.size() > 32)
        return ErrorResponse(Status::Invalid("phone is not a phone number", "phone"));
      auto limit = ParseLimit(req);
      if (!limit.ok()) return ErrorResponse(limit.status());
      q.limit = *limit;
      auto page = ctx.engine.List(p.actor, std::move(q));
      if (!page.ok()) return ErrorResponse(page.status());
      return ListResponse(ctx, p, *page);
    });
  });

  // Attachments: the raw file as the body, its name in X-Filename (percent-encoded).
  RouteOptions upload;
  upload.body_limit = kMaxAttachmentBytes;
  r.Add(
      http::verb::post, "/api/v1/cases/{id}/attachments",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          std::string case_id(req.Param("id").value_or(""));
          auto c = ctx.engine.Get(p.actor, case_id);
          if (!c.ok()) return ErrorResponse(c.status());
          if (HasAny(p, {Role::kLeader, Role::kAdmin, Role::kAuditor}) &&
              !HasAny(p, {Role::kAgent, Role::kDispatcher}))
            return Forbidden("attach files");
          if (req.body.empty()) return ErrorResponse(Status::Invalid("the file is empty", "body"));
          auto name = PercentDecode(req.Header("X-Filename").value_or("attachment"), false);
          if (!name.ok() || !IsValidUtf8(*name) || name->empty() || name->size() > 200 ||
              name->find('/') != std::string::npos || name->find('\\') != std::string::npos)
            return ErrorResponse(
                Status::Invalid("X-Filename must be a plain file name", "X-Filename"));
          // Judged by content: JPEG/PNG/GIF/WebP/PDF only, and the declared type and name must
          // agree.
          auto checked = CheckUpload(req.body, req.Header("Content-Type").value_or(""), *name,
                                     kMaxAttachmentBytes);
          if (!checked.ok()) return ErrorResponse(checked.status());
          auto sha = files::Put(ctx.data_dir, req.body);
          if (!sha.ok()) return ErrorResponse(sha.status());
          store::Attachment a{"",
                              case_id,
                              *name,
                              checked->content_type,
                              int64_t(req.body.size()),
                              *sha,
                              p.actor.user_id,
                              ctx.engine.clock().Now()};
          Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
            HOTLINE_RETURN_IF_ERROR(tx.PutAttachment(a));
            domain::Event e;
            e.case_id = case_id;
            e.at = a.uploaded_at;
            e.actor_id = p.actor.user_id;
            e.actor_name = p.actor.name;
            e.actor_unit_id = p.actor.unit_id;
            e.action = "attach";
            e.data = {{"attachment_id", a.id}, {"name", a.name}, {"size", a.size}};
            return tx.AppendEvent(e);
          });
          if (!st.ok()) return ErrorResponse(st);
          return Ok(bj::object{{"id", a.id},
                               {"name", a.name},
                               {"size", a.size},
                               {"content_type", a.content_type}},
                    201);
        });
      },
      upload);

  r.Add(http::verb::get, "/api/v1/cases/{id}/attachments", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      std::string case_id(req.Param("id").value_or(""));
      auto c = ctx.engine.Get(p.actor, case_id);
      if (!c.ok()) return ErrorResponse(c.status());
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto list = (*tx)->ListAttachments(case_id);
      if (!list.ok()) return ErrorResponse(list.status());
      bj::array items;
      for (const auto& a : *list)
        items.push_back(bj::object{{"id", a.id},
                                   {"name", a.name},
                                   {"size", a.size},
                                   {"content_type", a.content_type},
                                   {"uploaded_at", FormatRfc3339(a.uploaded_at, ctx.engine.tz())}});
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });

  r.Add(http::verb::get, "/api/v1/attachments/{id}", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto a = (*tx)->GetAttachment(std::string(req.Param("id").value_or("")));
      if (!a.ok()) return ErrorResponse(a.status());
      auto c = ctx.engine.Get(p.actor, a->case_id);
      if (!c.ok()) return ErrorResponse(c.status());
      auto data = files::Read(ctx.data_dir, a->sha256);
      if (!data.ok()) return ErrorResponse(data.status());
      Response resp = Text(200, std::move(data).value(), a->content_type);
      resp.headers.emplace_back("Content-Disposition", "attachment");
      resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
      return resp;
    });
  });
}

}  // namespace hotline::api
