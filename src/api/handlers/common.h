// Small helpers shared by the handlers: authentication, role checks, JSON bodies, list paging.
#pragma once

#include <boost/json.hpp>
#include <initializer_list>

#include "src/api/api.h"
#include "src/api/errors.h"
#include "src/api/http.h"
#include "src/common/json.h"

namespace hotline::api {

inline Response Ok(const boost::json::value& v, unsigned status = 200) { return Json(status, v); }

// Runs fn(principal) for an authenticated caller, else the 401/403 error.
template <typename Fn>
Response WithAuth(Context& ctx, Request& req, Fn&& fn) {
  auto p = ctx.auth.AuthenticateShared(req);
  if (!p.ok()) return ErrorResponse(p.status());
  return fn(**p);
}

inline bool HasAny(const Principal& p, std::initializer_list<domain::Role> roles) {
  for (auto r : roles)
    if (p.actor.Has(r)) return true;
  return false;
}

inline Response Forbidden(const std::string& what) {
  return ErrorResponse(Status::Forbidden("your role may not " + what));
}

// limit= (default 50, 1..500) and cursor=.
Result<int> ParseLimit(const Request& req);
boost::json::object PageJson(boost::json::array items, const std::string& next_cursor,
                             int64_t total);
Result<std::optional<TimePoint>> ParseTimeParam(const Request& req, std::string_view name);
// The fields every channel's new case shares: type, content, title, category_id and location
// (address, district_id, lat/lng in range). Channel, flags and the citizen are the caller's.
Status ParseCaseText(const boost::json::object& b, workflow::NewCase* in);

void RegisterCaseRoutes(Router& r, Context& ctx);
void RegisterReferenceRoutes(Router& r, Context& ctx);
void RegisterAdminRoutes(Router& r, Context& ctx);
void RegisterOpsRoutes(Router& r, Context& ctx);
// The public (no-login, rate-limited) routes: /api/v1/public/... (handlers/public.cc).
void RegisterPublicRoutes(Router& r, Context& ctx);
// The knowledge base: /api/v1/knowledge/... and /api/v1/public/knowledge (handlers/knowledge.cc).
void RegisterKnowledgeRoutes(Router& r, Context& ctx);
// Open311 GeoReport v2 (/open311/v2/...) and the admin's Open311 API keys (handlers/open311.cc).
void RegisterOpen311Routes(Router& r, Context& ctx);
// Staff routes of published letters: /api/v1/cases/{id}/letter... (handlers/letters.cc).
void RegisterLetterRoutes(Router& r, Context& ctx);
// KPIs, assessment, reports and Excel exports (handlers/analytics.cc).
void RegisterAnalyticsRoutes(Router& r, Context& ctx);
// GET /api/v1/cases?format=xlsx: the same list (scope and masking as JSON) as an Excel file.
Response ExportCasesXlsx(Context& ctx, const Principal& p, store::CaseQuery q);
// Hot issues, surges, caller flags and the hot-issue settings (handlers/hotspots.cc).
void RegisterHotspotRoutes(Router& r, Context& ctx);
// The admin's notification templates, recipients and outbox (handlers/notifications.cc).
void RegisterNotificationRoutes(Router& r, Context& ctx);

}  // namespace hotline::api
