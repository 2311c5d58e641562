// Login/logout/me, health, readiness, metrics, the OpenAPI document, the live stream, and the
// console's static files.
#include <filesystem>
#include <fstream>
#include <map>

#include "src/api/encode.h"
#include "src/api/handlers/common.h"
#include "src/api/live_feed.h"
#include "src/api/openapi.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

namespace {

bj::object MeJson(Context& ctx, const User& u) {
  bj::object o = EncodeUser(u);
  if (const Unit* unit = ctx.directory.Get()->FindUnit(u.unit_id)) {
    o["unit_name"] = unit->name;
    o["unit_kind"] = Name(unit->kind);
    o["unit_can_dispatch"] = unit->can_dispatch;
  }
  return o;
}

std::string MimeOf(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".ico", "image/x-icon"},
      {".json", "application/json"},         {".woff2", "font/woff2"},
      {".woff", "font/woff"},                {".ttf", "font/ttf"},
      {".map", "application/json"}};
  for (const auto& [ext, type] : kTypes)
    if (path.size() >= std::strlen(ext) && path.compare(path.size() - std::strlen(ext), std::string::npos, ext) == 0)
      return type;
  return "application/octet-stream";
}

Response ServeFile(const std::string& web_dir, const std::string& rel, bool immutable) {
  namespace fs = std::filesystem;
  if (rel.find("..") != std::string::npos) return NotFoundResponse();
  fs::path p = fs::path(web_dir) / rel;
  std::ifstream in(p, std::ios::binary);
  if (!in) return NotFoundResponse();
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Response r = Text(200, std::move(data), MimeOf(rel));
  r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

void RegisterOpsRoutes(Router& r, Context& ctx) {
  RouteOptions small;
  small.body_limit = 4096;
  r.Add(http::verb::post, "/api/v1/auth/login", [&ctx](Request& req) {
    auto body = json::ParseObject(req.body);
    if (!body.ok()) return ErrorResponse(body.status());
    auto user = json::ReqString(*body, "username", 64);
    auto pass = json::ReqString(*body, "password", 128);
    if (!user.ok()) return ErrorResponse(user.status());
    if (!pass.ok()) return ErrorResponse(pass.status());
    auto res = ctx.auth.Login(*user, *pass);
    if (!res.ok()) return ErrorResponse(res.status());
    Response resp = Ok(bj::object{{"token", res->token},
                                  {"csrf_token", res->csrf_token},
                                  {"user", MeJson(ctx, res->user)}});
    for (auto& h : ctx.auth.LoginCookies(*res)) resp.headers.push_back(h);
    return resp;
  }, small);
  r.Add(http::verb::post, "/api/v1/auth/logout", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      Status st = ctx.auth.Logout(p);
      if (!st.ok()) return ErrorResponse(st);
      Response resp = Ok(bj::object{{"ok", true}});
      for (auto& h : ctx.auth.LogoutCookies()) resp.headers.push_back(h);
      return resp;
    });
  }, small);
  r.Add(http::verb::get, "/api/v1/me", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) { return Ok(MeJson(ctx, p.user)); });
  });

  RouteOptions fast;
  fast.inline_ok = true;
  r.Add(http::verb::get, "/healthz", [](Request&) { return Ok(bj::object{{"status", "ok"}}); }, fast);
  r.Add(http::verb::get, "/readyz", [&ctx](Request&) {
    if (!ctx.ready.load()) return ErrorResponse(Status::Unavailable("starting"));
    auto tx = ctx.store.Read();
    if (!tx.ok()) return ErrorResponse(Status::Unavailable("the database is not reachable"));
    auto n = (*tx)->CountCases();
    if (!n.ok()) return ErrorResponse(Status::Unavailable("the database does not answer"));
    return Ok(bj::object{{"status", "ready"}});
  });
  r.Add(http::verb::get, "/metrics", [&ctx](Request&) {
    auto counters = ctx.store.Counters();
    ctx.metrics.GetGauge("hotline_store_commits", "Write transactions committed (each one fsync)")
        .Set(double(counters.commits));
    ctx.metrics.GetGauge("hotline_store_writes", "Writes carried by those commits (group commit)")
        .Set(double(counters.writes));
    // The outbox by delivery state: pending and failed are what an operator watches.
    if (auto tx = ctx.store.Read(); tx.ok()) {
      if (auto counts = (*tx)->OutboxCounts(); counts.ok()) {
        std::map<std::string, int64_t> by{{"pending", 0}, {"sending", 0}, {"sent", 0}, {"failed", 0}};
        for (const auto& c : *counts) by[c.key] = c.count;
        for (const auto& [state, n] : by)
          ctx.metrics.GetGauge("hotline_outbox_messages", "Notification messages in the outbox by state",
                               {{"state", state}})
              .Set(double(n));
      }
    }
    return Text(200, ctx.metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
  }, fast);
  r.Add(http::verb::get, "/api/v1/openapi.json", [](Request&) {
    return Text(200, std::string(OpenApiDocument()), "application/json; charset=utf-8");
  }, fast);

  r.Add(http::verb::get, "/api/v1/stream", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!ctx.live) return ErrorResponse(Status::Unavailable("live updates are off"));
      if (HasAny(p, {Role::kAdmin, Role::kAuditor}) && !HasAny(p, {Role::kAgent, Role::kDispatcher, Role::kLeader}))
        return Forbidden("follow case changes");
      Response resp;
      // Surge alerts (hotspots) go at once to the centre's supervisors, leaders and dispatchers.
      resp.stream = ctx.live->Subscribe(ctx.engine.ScopeUnits(p.actor),
                                        HasAny(p, {Role::kSupervisor, Role::kLeader, Role::kDispatcher}));
      resp.stream->Push(SseEvent("hello", "{}"));
      return resp;
    });
  });

  // The console (web/dist): assets, and index.html for every other non-API path (history routes).
  if (!ctx.web_dir.empty()) {
    auto index = [&ctx](Request& req) {
      if (req.path.rfind("/api/", 0) == 0 || req.path.rfind("/open311/", 0) == 0)
        return NotFoundResponse();
      // The public site (no login) is its own small app: /public and everything under it.
      if (req.path == "/public" || req.path.rfind("/public/", 0) == 0)
        return ServeFile(ctx.web_dir, "public.html", false);
      return ServeFile(ctx.web_dir, "index.html", false);
    };
    r.Add(http::verb::get, "/", index, fast);
    r.Add(http::verb::get, "/public/", index, fast);  // the public site's home (a trailing slash)
    r.Add(http::verb::get, "/{p1}", [&ctx, index](Request& req) {
      std::string p1(req.Param("p1").value_or(""));
      if (p1.find('.') != std::string::npos) return ServeFile(ctx.web_dir, p1, false);
      return index(req);
    }, fast);
    r.Add(http::verb::get, "/{p1}/{p2}", [&ctx, index](Request& req) {
      if (req.Param("p1").value_or("") == "assets")
        return ServeFile(ctx.web_dir, "assets/" + std::string(req.Param("p2").value_or("")), true);
      return index(req);
    }, fast);
    r.Add(http::verb::get, "/{p1}/{p2}/{p3}", index, fast);
    r.Add(http::verb::get, "/{p1}/{p2}/{p3}/{p4}", index, fast);
  }
}

void RegisterRoutes(Router& router, Context& ctx) {
  RegisterOpsRoutes(router, ctx);
  RegisterCaseRoutes(router, ctx);
  RegisterReferenceRoutes(router, ctx);
  RegisterAdminRoutes(router, ctx);
  RegisterPublicRoutes(router, ctx);
  RegisterKnowledgeRoutes(router, ctx);
  RegisterOpen311Routes(router, ctx);
  RegisterLetterRoutes(router, ctx);
  RegisterAnalyticsRoutes(router, ctx);
  RegisterHotspotRoutes(router, ctx);
  RegisterNotificationRoutes(router, ctx);
}

}  // namespace hotline::api
