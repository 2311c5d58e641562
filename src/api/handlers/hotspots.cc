// Hot issues (热点难点), surge alerts (突发聚集) and caller flags (重复/恶意来电): parse → hotspots
// / store → encode. The detection itself lives in src/hotspots; this file only checks roles and
// scope, reads parameters, and encodes.
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "src/api/encode.h"
#include "src/api/handlers/common.h"
#include "src/api/live_feed.h"
#include "src/common/time.h"
#include "src/hotspots/analyzer.h"
#include "src/hotspots/config.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

namespace {

// Who reads hot issues and surges: the centre's supervisors, leaders, dispatchers and the admin
// (aggregates), and units within their own scope.
bool MayReadHot(const Principal& p) {
  return HasAny(p, {Role::kSupervisor, Role::kLeader, Role::kDispatcher, Role::kAdmin,
                    Role::kHandler, Role::kUnitAdmin});
}
bool IsCentreReader(const Principal& p) {
  return HasAny(p, {Role::kSupervisor, Role::kLeader, Role::kDispatcher, Role::kAdmin});
}
// nullopt = the whole city; else the units whose cases (and places) the actor may see.
std::optional<std::vector<std::string>> HotScope(Context& ctx, const Principal& p) {
  if (IsCentreReader(p)) return std::nullopt;
  auto s = ctx.engine.ScopeUnits(p.actor);
  return s ? s : std::optional<std::vector<std::string>>(std::vector<std::string>{});
}

std::string Time(Context& ctx, TimePoint t) { return FormatRfc3339(t, ctx.engine.tz()); }

// ---- hot issues ----

struct CachedReport {
  std::chrono::steady_clock::time_point at;
  std::shared_ptr<const hotspots::HotReport> report;
};
std::mutex g_cache_mu;
std::map<std::string, CachedReport> g_cache;  // GUARDED_BY(g_cache_mu)
constexpr auto kCacheFor = std::chrono::seconds(60);

Result<hotspots::HotConfig> Config(Context& ctx) {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, ctx.store.Read());
  return hotspots::LoadConfig(*tx);
}

// The report for the request's window and filters (from the cache when computed within a minute).
Result<std::shared_ptr<const hotspots::HotReport>> Report(Context& ctx, const Principal& p,
                                                          const Request& req) {
  HOTLINE_ASSIGN_OR_RETURN(auto from, ParseTimeParam(req, "from"));
  HOTLINE_ASSIGN_OR_RETURN(auto to, ParseTimeParam(req, "to"));
  HOTLINE_ASSIGN_OR_RETURN(hotspots::HotConfig cfg, Config(ctx));
  auto dir = ctx.directory.Get();
  const TimePoint now = ctx.engine.clock().Now();
  hotspots::HotQuery q = hotspots::DefaultWindow(now, dir->tz(), cfg.window_days);
  if (from) q.from = *from;
  if (to) q.to = *to;
  if (!(q.from < q.to)) return Status::Invalid("from must be before to", "from");
  if (q.to - q.from > std::chrono::days(31))
    return Status::Invalid("the window may span at most 31 days", "to");
  if (auto d = req.Query("district_id"); d && !d->empty()) {
    const Unit* u = dir->FindUnit(std::string(*d));
    if (!u || u->kind != UnitKind::kDistrict)
      return Status::Invalid("district_id is not a district", "district_id");
    q.district_id = u->id;
  }
  if (auto c = req.Query("category_id"); c && !c->empty()) {
    if (!dir->FindCategory(std::string(*c)))
      return Status::Invalid("category_id is not a category", "category_id");
    q.category_id = std::string(*c);
  }
  q.scope_unit_ids = HotScope(ctx, p);
  std::string key = (from ? Time(ctx, *from) : "-") + "|" + (to ? Time(ctx, *to) : "-") + "|" +
                    q.district_id + "|" + q.category_id + "|";
  if (q.scope_unit_ids)
    for (const auto& u : *q.scope_unit_ids) key += u + ",";
  else
    key += "*";
  {
    std::lock_guard lock(g_cache_mu);
    auto it = g_cache.find(key);
    if (it != g_cache.end() && std::chrono::steady_clock::now() - it->second.at < kCacheFor)
      return it->second.report;
  }
  HOTLINE_ASSIGN_OR_RETURN(auto rep, hotspots::Analyze(ctx.store, *dir, q, cfg, now));
  auto shared = std::make_shared<const hotspots::HotReport>(std::move(rep));
  std::lock_guard lock(g_cache_mu);
  if (g_cache.size() > 64) g_cache.clear();
  g_cache[key] = {std::chrono::steady_clock::now(), shared};
  return shared;
}

bj::object ItemJson(const hotspots::HotItem& i, size_t max_ids) {
  bj::array terms, ids;
  for (const auto& t : i.terms) terms.emplace_back(t);
  for (size_t k = 0; k < i.case_ids.size() && k < max_ids; ++k)
    ids.emplace_back(std::to_string(i.case_ids[k]));
  bj::object o{{"id", i.id},
               {"kind", i.kind},
               {"label", i.label},
               {"terms", std::move(terms)},
               {"count", i.burst.count},
               {"expected", std::round(i.burst.expected * 100) / 100},
               {"burst", std::round(i.burst.score * 100) / 100},
               {"ratio", std::round(i.burst.ratio * 100) / 100},
               {"case_count", int64_t(i.case_ids.size())},
               {"case_ids", std::move(ids)}};
  if (i.kind == "place") {
    o["place_unit_id"] = i.place_unit_id;
    o["place_kind"] = i.place_kind;
  }
  return o;
}

bj::object ReportJson(Context& ctx, const hotspots::HotReport& r) {
  auto list = [](const std::vector<hotspots::HotItem>& items) {
    bj::array a;
    for (const auto& i : items) a.push_back(ItemJson(i, 20));
    return a;
  };
  return bj::object{{"from", Time(ctx, r.from)},
                    {"to", Time(ctx, r.to)},
                    {"cases", r.cases},
                    {"baseline_cases", std::round(r.baseline_cases * 10) / 10},
                    {"baseline_periods", r.baseline_periods},
                    {"terms", list(r.terms)},
                    {"clusters", list(r.clusters)},
                    {"places", list(r.places)}};
}

// ---- surges ----

const std::vector<std::string>& SurgeStatuses() {
  static const std::vector<std::string> k = {"open", "acknowledged", "escalated", "closed"};
  return k;
}

bool SurgeInScope(const store::Surge& s, const std::optional<std::vector<std::string>>& scope) {
  if (!scope) return true;
  return std::find(scope->begin(), scope->end(), s.place_unit_id) != scope->end() ||
         std::find(scope->begin(), scope->end(), s.district_id) != scope->end();
}

// What this actor may do to the surge now.
std::vector<std::string> SurgeActions(const Principal& p, const store::Surge& s) {
  std::vector<std::string> out;
  if (s.status == "closed") return out;
  if (s.status == "open" && HasAny(p, {Role::kSupervisor, Role::kDispatcher, Role::kLeader}))
    out.push_back("acknowledge");
  if (s.status == "escalated" && HasAny(p, {Role::kLeader})) out.push_back("acknowledge");
  if (s.status != "escalated" && HasAny(p, {Role::kSupervisor, Role::kDispatcher}))
    out.push_back("escalate");
  if (HasAny(p, {Role::kSupervisor, Role::kLeader})) out.push_back("close");
  return out;
}

bj::object SurgeJson(Context& ctx, const Principal& p, const store::Surge& s) {
  auto dir = ctx.directory.Get();
  const Unit* place = dir->FindUnit(s.place_unit_id);
  const Category* cat = s.category_id.empty() ? nullptr : dir->FindCategory(s.category_id);
  bj::array actions;
  for (const auto& a : SurgeActions(p, s)) actions.emplace_back(a);
  return bj::object{{"id", s.id},
                    {"label", s.label},
                    {"category_id", s.category_id},
                    {"category_name", cat ? cat->name : ""},
                    {"term", s.term},
                    {"place_unit_id", s.place_unit_id},
                    {"place_name", place ? place->name : ""},
                    {"district_id", s.district_id},
                    {"status", s.status},
                    {"case_count", s.case_count},
                    {"window_minutes", s.window_minutes},
                    {"threshold", s.threshold},
                    {"first_case_at", Time(ctx, s.first_case_at)},
                    {"last_case_at", Time(ctx, s.last_case_at)},
                    {"raised_at", Time(ctx, s.raised_at)},
                    {"updated_at", Time(ctx, s.updated_at)},
                    {"version", s.version},
                    {"allowed_actions", std::move(actions)}};
}

bj::object TrailJson(Context& ctx, const store::SurgeTrailEntry& e) {
  return bj::object{{"at", Time(ctx, e.at)},
                    {"actor", bj::object{{"id", e.actor_id}, {"name", e.actor_name}}},
                    {"action", e.action},
                    {"note", e.note}};
}

Result<std::vector<std::string>> ParseStatuses(const Request& req) {
  std::vector<std::string> out;
  auto s = req.Query("status");
  if (!s || s->empty()) return out;
  std::string_view rest = *s;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string one(rest.substr(0, comma));
    const auto& all = SurgeStatuses();
    if (std::find(all.begin(), all.end(), one) == all.end())
      return Status::Invalid(
          "status must be open, acknowledged, escalated or closed (comma-separated)", "status");
    out.push_back(one);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return out;
}

// ---- callers ----

bool MayListCallers(const Principal& p) {
  return HasAny(p, {Role::kSupervisor, Role::kDispatcher, Role::kLeader});
}
bool MayFlagCallers(const Principal& p) {
  return HasAny(p, {Role::kSupervisor, Role::kDispatcher, Role::kAgent});
}
// Phones in clear only for those who call citizens (as on a case).
bool SeesPhones(const Principal& p) { return HasAny(p, {Role::kAgent, Role::kCallback}); }

std::string ShownPhone(const Principal& p, const std::string& phone) {
  return SeesPhones(p) ? phone : MaskPhone(phone);
}

Status AuditEvent(store::WriteTx& tx, const Principal& p, TimePoint now, std::string action,
                  bj::object data) {
  Event e;
  e.at = now;
  e.actor_id = p.actor.user_id;
  e.actor_name = p.actor.name;
  e.actor_unit_id = p.actor.unit_id;
  e.action = std::move(action);
  e.data = std::move(data);
  return tx.AppendAdminEvent(e);
}

}  // namespace

void RegisterHotspotRoutes(Router& r, Context& ctx) {
  RouteOptions small;
  small.body_limit = 16 * 1024;

  r.Add(http::verb::get, "/api/v1/hotspots", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayReadHot(p)) return Forbidden("read hot issues");
      auto rep = Report(ctx, p, req);
      if (!rep.ok()) return ErrorResponse(rep.status());
      return Ok(ReportJson(ctx, **rep));
    });
  });

  r.Add(http::verb::get, "/api/v1/hotspots/{id}/cases", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayReadHot(p)) return Forbidden("read hot issues");
      auto limit = ParseLimit(req);
      if (!limit.ok()) return ErrorResponse(limit.status());
      size_t offset = 0;
      if (auto c = req.Query("cursor"); c && !c->empty()) {
        if (c->size() > 9 || c->find_first_not_of("0123456789") != std::string_view::npos)
          return ErrorResponse(Status::Invalid("cursor is not one this list gave", "cursor"));
        offset = size_t(std::stoul(std::string(*c)));
      }
      auto rep = Report(ctx, p, req);
      if (!rep.ok()) return ErrorResponse(rep.status());
      const hotspots::HotItem* item = (*rep)->Find(std::string(req.Param("id").value_or("")));
      if (!item) return ErrorResponse(Status::NotFound("no such hot issue in this window"));
      bj::array items;
      size_t k = offset;
      for (; k < item->case_ids.size() && int(items.size()) < *limit; ++k) {
        auto c = ctx.engine.Get(p.actor, std::to_string(item->case_ids[k]));
        if (!c.ok()) continue;  // not the reader's to see (the admin sees counts only)
        items.push_back(EncodeCase(ctx.engine, p.actor, *c, false));
      }
      bj::object out =
          PageJson(std::move(items), k < item->case_ids.size() ? std::to_string(k) : "",
                   int64_t(item->case_ids.size()));
      out["hotspot"] = ItemJson(*item, 0);
      return Ok(out);
    });
  });

  r.Add(http::verb::get, "/api/v1/surges", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayReadHot(p)) return Forbidden("read surge alerts");
      store::SurgeQuery q;
      auto statuses = ParseStatuses(req);
      if (!statuses.ok()) return ErrorResponse(statuses.status());
      q.statuses = *statuses;
      auto from = ParseTimeParam(req, "from");
      if (!from.ok()) return ErrorResponse(from.status());
      auto to = ParseTimeParam(req, "to");
      if (!to.ok()) return ErrorResponse(to.status());
      q.from = *from;
      q.to = *to;
      auto limit = ParseLimit(req);
      if (!limit.ok()) return ErrorResponse(limit.status());
      q.limit = *limit;
      q.place_unit_ids = HotScope(ctx, p);
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto list = (*tx)->ListSurges(q);
      if (!list.ok()) return ErrorResponse(list.status());
      bj::array items;
      for (const auto& s : *list) items.push_back(SurgeJson(ctx, p, s));
      int64_t n = int64_t(items.size());
      return Ok(PageJson(std::move(items), "", n));
    });
  });

  r.Add(http::verb::get, "/api/v1/surges/{id}", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayReadHot(p)) return Forbidden("read surge alerts");
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto s = (*tx)->GetSurge(std::string(req.Param("id").value_or("")));
      if (!s.ok()) return ErrorResponse(s.status());
      if (!SurgeInScope(*s, HotScope(ctx, p)))
        return ErrorResponse(Status::NotFound("no surge " + s->id));
      auto members = (*tx)->ListSurgeCases(s->id);
      if (!members.ok()) return ErrorResponse(members.status());
      auto trail = (*tx)->ListSurgeTrail(s->id);
      if (!trail.ok()) return ErrorResponse(trail.status());
      bj::object o = SurgeJson(ctx, p, *s);
      bj::array cases;
      for (const auto& m : *members) {
        auto c = ctx.engine.Get(p.actor, m.case_id);
        if (!c.ok()) {
          if (IsCentreReader(p))
            cases.push_back(bj::object{{"id", m.case_id}});  // the admin: ids only
          continue;
        }
        cases.push_back(bj::object{{"id", c->id},
                                   {"number", c->number},
                                   {"title", c->title},
                                   {"status", Name(c->status)},
                                   {"created_at", Time(ctx, c->created_at)},
                                   {"address", c->location.address}});
      }
      bj::array t;
      for (const auto& e : *trail) t.push_back(TrailJson(ctx, e));
      o["cases"] = std::move(cases);
      o["trail"] = std::move(t);
      return Ok(o);
    });
  });

  r.Add(
      http::verb::post, "/api/v1/surges/{id}/actions/{action}",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          if (!HasAny(p, {Role::kSupervisor, Role::kDispatcher, Role::kLeader}))
            return Forbidden("act on surge alerts");
          const std::string action(req.Param("action").value_or(""));
          if (action != "acknowledge" && action != "escalate" && action != "close")
            return ErrorResponse(
                Status::NotFound("no surge action " + action + " (acknowledge, escalate, close)"));
          auto body = json::ParseObject(req.body);
          if (!body.ok()) return ErrorResponse(body.status());
          auto version = json::OptInt(*body, "version");
          if (!version.ok()) return ErrorResponse(version.status());
          if (!*version)
            return ErrorResponse(
                Status::Invalid("version is required: send the version you read", "version"));
          auto note = json::OptString(*body, "note", 1000);
          if (!note.ok()) return ErrorResponse(note.status());
          std::string text = note->value_or("");
          if ((action == "escalate" || action == "close") && text.empty())
            return ErrorResponse(Status::Invalid("a note is required to " + action, "note"));
          const TimePoint now = ctx.engine.clock().Now();
          const std::string id(req.Param("id").value_or(""));
          store::Surge after;
          Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
            HOTLINE_ASSIGN_OR_RETURN(store::Surge s, tx.GetSurge(id));
            if (s.version != **version)
              return Status::StaleVersion("the surge was changed by someone else; reload it");
            auto allowed = SurgeActions(p, s);
            if (std::find(allowed.begin(), allowed.end(), action) == allowed.end()) {
              bool any_role = action == "close" ? HasAny(p, {Role::kSupervisor, Role::kLeader})
                              : action == "escalate"
                                  ? HasAny(p, {Role::kSupervisor, Role::kDispatcher})
                                  : true;
              if (!any_role) return Status::Forbidden("your role may not " + action + " a surge");
              return Status::IllegalTransition("a surge that is " + s.status + " cannot be " +
                                               action + "d now");
            }
            if (action == "acknowledge" && s.status == "open") s.status = "acknowledged";
            if (action == "escalate") s.status = "escalated";
            if (action == "close") s.status = "closed";
            s.updated_at = now;
            s.version += 1;
            HOTLINE_RETURN_IF_ERROR(tx.UpdateSurge(s, **version));
            store::SurgeTrailEntry e;
            e.surge_id = s.id;
            e.at = now;
            e.actor_id = p.actor.user_id;
            e.actor_name = p.actor.name;
            e.action = action == "acknowledge" ? "acknowledged"
                       : action == "escalate"  ? "escalated"
                                               : "closed";
            e.note = text;
            HOTLINE_RETURN_IF_ERROR(tx.AppendSurgeTrail(e));
            HOTLINE_RETURN_IF_ERROR(
                AuditEvent(tx, p, now, "surge_" + e.action,
                           {{"surge_id", s.id}, {"label", s.label}, {"note", text}}));
            after = s;
            return Status::Ok();
          });
          if (!st.ok()) return ErrorResponse(st);
          if (ctx.live)
            ctx.live->PublishAlert("surge",
                                   bj::serialize(bj::object{{"id", after.id},
                                                            {"action", action},
                                                            {"status", after.status},
                                                            {"label", after.label},
                                                            {"case_count", after.case_count},
                                                            {"version", after.version}}),
                                   {after.place_unit_id, after.district_id});
          return Ok(SurgeJson(ctx, p, after));
        });
      },
      small);

  // ---- callers: repeat (重复来电), suspected abuse (many invalid cases) and flagged malicious
  // ----

  r.Add(http::verb::get, "/api/v1/callers/flags", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!MayListCallers(p)) return Forbidden("list flagged callers");
      auto cfg = Config(ctx);
      if (!cfg.ok()) return ErrorResponse(cfg.status());
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      const TimePoint since = ctx.engine.clock().Now() - std::chrono::days(cfg->repeat_days);
      auto activity =
          (*tx)->CallerActivitySince(since, cfg->repeat_min_cases, cfg->abuse_min_invalid, 200);
      if (!activity.ok()) return ErrorResponse(activity.status());
      auto flags = (*tx)->ListCallerFlags(true);
      if (!flags.ok()) return ErrorResponse(flags.status());
      struct Entry {
        bj::object o;
        bj::array kinds;
      };
      std::map<std::string, Entry> by_hash;  // phone hash → entry (never sent out)
      std::vector<std::string> order;
      auto phone_of = [&](const std::string& case_id) -> std::string {
        auto c = (*tx)->GetCase(case_id);
        return c.ok() ? ShownPhone(p, c->citizen.phone) : "";
      };
      for (const auto& f : *flags) {
        auto& e = by_hash[f.phone_hash];
        if (e.o.empty()) {
          order.push_back(f.phone_hash);
          e.o = {{"phone", phone_of(f.case_id)},
                 {"cases", 0},
                 {"invalid", 0},
                 {"last_case_id", f.case_id}};
          e.kinds.emplace_back("malicious");
        }
        e.o["flag"] = bj::object{{"id", f.id},
                                 {"reason", f.reason},
                                 {"case_id", f.case_id},
                                 {"flagged_by", f.flagged_by_name},
                                 {"flagged_at", Time(ctx, f.flagged_at)}};
      }
      for (const auto& a : *activity) {
        auto& e = by_hash[a.phone_hash];
        if (e.o.empty()) {
          order.push_back(a.phone_hash);
          e.o = {{"phone", phone_of(a.last_case_id)}};
        }
        e.o["cases"] = a.cases;
        e.o["invalid"] = a.invalid;
        e.o["last_case_id"] = a.last_case_id;
        e.o["last_at"] = Time(ctx, a.last_at);
        if (a.cases >= cfg->repeat_min_cases) e.kinds.emplace_back("repeat");
        if (a.invalid >= cfg->abuse_min_invalid) e.kinds.emplace_back("suspected");
      }
      bj::array items;
      for (const auto& h : order) {
        auto& e = by_hash[h];
        e.o["kinds"] = e.kinds;
        items.push_back(e.o);
      }
      int64_t n = int64_t(items.size());
      bj::object out = PageJson(std::move(items), "", n);
      out["days"] = cfg->repeat_days;
      out["repeat_min_cases"] = cfg->repeat_min_cases;
      out["abuse_min_invalid"] = cfg->abuse_min_invalid;
      return Ok(out);
    });
  });

  r.Add(
      http::verb::post, "/api/v1/callers/flags",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          if (!MayFlagCallers(p)) return Forbidden("flag callers");
          auto body = json::ParseObject(req.body);
          if (!body.ok()) return ErrorResponse(body.status());
          auto case_id = json::ReqString(*body, "case_id", 32);
          if (!case_id.ok()) return ErrorResponse(case_id.status());
          auto reason = json::ReqString(*body, "reason", 500);
          if (!reason.ok()) return ErrorResponse(reason.status());
          if (reason->empty())
            return ErrorResponse(Status::Invalid("a reason is required", "reason"));
          auto c = ctx.engine.Get(p.actor, *case_id);
          if (!c.ok()) return ErrorResponse(c.status());
          if (c->citizen.phone.empty())
            return ErrorResponse(
                Status::Unprocessable("the case has no caller phone to flag", "case_id"));
          const TimePoint now = ctx.engine.clock().Now();
          store::CallerFlag f;
          Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
            HOTLINE_ASSIGN_OR_RETURN(auto existing, tx.CallerFlagsByPhone(c->citizen.phone));
            if (!existing.empty())
              return Status::Conflict("already_flagged", "this caller is already flagged");
            f.phone_hash = tx.PhoneHash(c->citizen.phone);
            f.case_id = c->id;
            f.kind = "malicious";
            f.reason = *reason;
            f.flagged_by = p.actor.user_id;
            f.flagged_by_name = p.actor.name;
            f.flagged_at = now;
            HOTLINE_RETURN_IF_ERROR(tx.PutCallerFlag(f));
            return AuditEvent(tx, p, now, "caller_flagged",
                              {{"flag_id", f.id}, {"case_id", c->id}, {"reason", *reason}});
          });
          if (!st.ok()) return ErrorResponse(st);
          return Ok(bj::object{{"id", f.id},
                               {"kind", f.kind},
                               {"case_id", f.case_id},
                               {"phone", ShownPhone(p, c->citizen.phone)},
                               {"reason", f.reason},
                               {"flagged_by", f.flagged_by_name},
                               {"flagged_at", Time(ctx, f.flagged_at)},
                               {"active", true}},
                    201);
        });
      },
      small);

  r.Add(
      http::verb::post, "/api/v1/callers/flags/{id}/unflag",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          if (!HasAny(p, {Role::kSupervisor, Role::kDispatcher}))
            return Forbidden("clear caller flags");
          auto body = json::ParseObject(req.body);
          if (!body.ok()) return ErrorResponse(body.status());
          auto reason = json::ReqString(*body, "reason", 500);
          if (!reason.ok()) return ErrorResponse(reason.status());
          if (reason->empty())
            return ErrorResponse(Status::Invalid("a reason is required", "reason"));
          const TimePoint now = ctx.engine.clock().Now();
          const std::string id(req.Param("id").value_or(""));
          Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
            HOTLINE_ASSIGN_OR_RETURN(store::CallerFlag f, tx.GetCallerFlag(id));
            if (!f.active) return Status::Conflict("not_flagged", "this flag was already cleared");
            f.active = false;
            f.cleared_by = p.actor.name;
            f.cleared_at = now;
            f.clear_reason = *reason;
            HOTLINE_RETURN_IF_ERROR(tx.PutCallerFlag(f));
            return AuditEvent(tx, p, now, "caller_unflagged",
                              {{"flag_id", f.id}, {"reason", *reason}});
          });
          if (!st.ok()) return ErrorResponse(st);
          return Ok(bj::object{{"id", id}, {"active", false}});
        });
      },
      small);

  // The intake screen pop: is this caller a repeat caller, suspected of abuse, or flagged?
  r.Add(http::verb::get, "/api/v1/callers/{phone}/flag", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!HasAny(p, {Role::kAgent, Role::kCallback, Role::kDispatcher, Role::kSupervisor}))
        return Forbidden("look up a caller");
      std::string phone(req.Param("phone").value_or(""));
      if (phone.empty() || phone.size() > 32)
        return ErrorResponse(Status::Invalid("phone is not a phone number", "phone"));
      auto cfg = Config(ctx);
      if (!cfg.ok()) return ErrorResponse(cfg.status());
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto a = (*tx)->CallerActivityOf(
          phone, ctx.engine.clock().Now() - std::chrono::days(cfg->repeat_days));
      if (!a.ok()) return ErrorResponse(a.status());
      auto flags = (*tx)->CallerFlagsByPhone(phone);
      if (!flags.ok()) return ErrorResponse(flags.status());
      bj::array reasons;
      for (const auto& f : *flags)
        reasons.push_back(bj::object{{"id", f.id},
                                     {"reason", f.reason},
                                     {"flagged_by", f.flagged_by_name},
                                     {"flagged_at", Time(ctx, f.flagged_at)}});
      return Ok(bj::object{{"phone", ShownPhone(p, phone)},
                           {"days", cfg->repeat_days},
                           {"cases", a->cases},
                           {"invalid", a->invalid},
                           {"repeat", a->cases >= cfg->repeat_min_cases},
                           {"suspected", a->invalid >= cfg->abuse_min_invalid},
                           {"malicious", !flags->empty()},
                           {"flags", std::move(reasons)}});
    });
  });

  // ---- the admin's hot-issue settings ----

  r.Add(http::verb::get, "/api/v1/admin/hotspot-config", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!HasAny(p, {Role::kAdmin, Role::kSupervisor, Role::kLeader, Role::kDispatcher}))
        return Forbidden("read the hot-issue settings");
      auto cfg = Config(ctx);
      if (!cfg.ok()) return ErrorResponse(cfg.status());
      return Ok(hotspots::ConfigToJson(*cfg));
    });
  });

  r.Add(
      http::verb::put, "/api/v1/admin/hotspot-config",
      [&ctx](Request& req) {
        return WithAuth(ctx, req, [&](const Principal& p) {
          if (!p.actor.Has(Role::kAdmin)) return Forbidden("change the hot-issue settings");
          auto body = json::ParseObject(req.body);
          if (!body.ok()) return ErrorResponse(body.status());
          auto cfg = Config(ctx);
          if (!cfg.ok()) return ErrorResponse(cfg.status());
          auto next = hotspots::ConfigFromJson(*body, *cfg);
          if (!next.ok()) return ErrorResponse(next.status());
          bj::array keys;
          for (const auto& [k, v] : *body) keys.emplace_back(k);
          const TimePoint now = ctx.engine.clock().Now();
          Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
            HOTLINE_RETURN_IF_ERROR(hotspots::SaveConfig(tx, *next));
            return AuditEvent(tx, p, now, "hotspot_config_changed", {{"keys", keys}});
          });
          if (!st.ok()) return ErrorResponse(st);
          {
            std::lock_guard lock(g_cache_mu);
            g_cache.clear();
          }
          return Ok(hotspots::ConfigToJson(*next));
        });
      },
      small);
}

}  // namespace hotline::api
