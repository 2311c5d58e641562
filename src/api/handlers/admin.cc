// Admin writes (org tree, categories, routing rules, users, time limits, calendar) and the audit
// trail. Every change is an admin event in the same transaction, and reloads the directory.
#include <algorithm>

#include "src/api/encode.h"
#include "src/api/handlers/common.h"
#include "src/common/crypto.h"
#include "src/common/time.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

namespace {

Status AdminEvent(store::WriteTx& tx, const Principal& p, TimePoint now, std::string action,
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

// Runs an admin write with its audit record, then reloads reference data.
Response AdminWrite(Context& ctx, const Principal& p, const std::string& action, bj::object audit,
                    const std::function<Status(store::WriteTx&)>& fn, bj::value reply) {
  const TimePoint now = ctx.engine.clock().Now();
  Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(fn(tx));
    return AdminEvent(tx, p, now, action, audit);
  });
  if (!st.ok()) return ErrorResponse(st);
  (void)ctx.directory.Reload();
  return Ok(reply);
}

Result<Unit> ParseUnit(const bj::object& b, Unit u, const workflow::Directory& dir) {
  HOTLINE_ASSIGN_OR_RETURN(auto code, json::OptString(b, "code", 32));
  HOTLINE_ASSIGN_OR_RETURN(auto name, json::OptString(b, "name", 64));
  HOTLINE_ASSIGN_OR_RETURN(auto name_en, json::OptString(b, "name_en", 128));
  HOTLINE_ASSIGN_OR_RETURN(auto parent, json::OptString(b, "parent_id", 32));
  HOTLINE_ASSIGN_OR_RETURN(auto kind, json::OptString(b, "kind", 32));
  HOTLINE_ASSIGN_OR_RETURN(auto can_dispatch, json::OptBool(b, "can_dispatch"));
  HOTLINE_ASSIGN_OR_RETURN(auto phone, json::OptString(b, "contact_phone", 32));
  HOTLINE_ASSIGN_OR_RETURN(auto email, json::OptString(b, "contact_email", 128));
  HOTLINE_ASSIGN_OR_RETURN(auto disabled, json::OptBool(b, "disabled"));
  if (code) u.code = *code;
  if (name) u.name = *name;
  if (name_en) u.name_en = *name_en;
  if (parent) u.parent_id = *parent;
  if (kind) {
    auto k = ParseUnitKind(*kind);
    if (!k) return Status::Invalid("kind must be centre, district, street, department or enterprise", "kind");
    u.kind = *k;
  }
  if (can_dispatch) u.can_dispatch = *can_dispatch;
  if (phone) u.contact_phone = *phone;
  if (email) u.contact_email = *email;
  if (disabled) u.disabled = *disabled;
  if (u.code.empty()) return Status::Invalid("code is required", "code");
  if (u.name.empty()) return Status::Invalid("name is required", "name");
  if (!u.parent_id.empty()) {
    if (!dir.FindUnit(u.parent_id)) return Status::Unprocessable("parent_id is not a unit", "parent_id");
    if (!u.id.empty() && dir.InSubtree(u.id, u.parent_id))
      return Status::Unprocessable("a unit cannot be placed below itself", "parent_id");
  }
  return u;
}

Result<std::vector<Role>> ParseRoles(const bj::object& b) {
  HOTLINE_ASSIGN_OR_RETURN(auto names, json::OptStringArray(b, "roles", 10, 32));
  std::vector<Role> roles;
  for (const auto& n : names) {
    auto r = ParseRole(n);
    if (!r) return Status::Invalid("roles holds " + n + ", not a role", "roles");
    roles.push_back(*r);
  }
  return roles;
}

}  // namespace

void RegisterAdminRoutes(Router& r, Context& ctx) {
  auto admin_only = [&ctx](Request& req, auto&& fn) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!p.actor.Has(Role::kAdmin)) return Forbidden("change the system's settings");
      auto body = json::ParseObject(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
      if (!body.ok()) return ErrorResponse(body.status());
      return fn(p, *body);
    });
  };

  r.Add(http::verb::post, "/api/v1/units", [&ctx, admin_only](Request& req) {
    return admin_only(req, [&](const Principal& p, const bj::object& b) {
      auto dir = ctx.directory.Get();
      auto u = ParseUnit(b, Unit{}, *dir);
      if (!u.ok()) return ErrorResponse(u.status());
      if (dir->FindUnitByCode(u->code))
        return ErrorResponse(Status::Conflict("code_taken", "a unit with code " + u->code + " exists"));
      return AdminWrite(ctx, p, "unit_created", {{"code", u->code}, {"name", u->name}},
                        [&](store::WriteTx& tx) { return tx.PutUnit(*u); }, EncodeUnit(*u));
    });
  });
  r.Add(http::verb::put, "/api/v1/units/{id}", [&ctx, admin_only](Request& req) {
    return admin_only(req, [&](const Principal& p, const bj::object& b) {
      auto dir = ctx.directory.Get();
      const Unit* cur = dir->FindUnit(std::string(req.Param("id").value_or("")));
      if (!cur) return ErrorResponse(Status::NotFound("no such unit"));
      auto u = ParseUnit(b, *cur, *dir);
      if (!u.ok()) return ErrorResponse(u.status());
      return AdminWrite(ctx, p, "unit_changed", {{"unit_id", u->id}, {"name", u->name}},
                        [&](store::WriteTx& tx) { return tx.PutUnit(*u); }, EncodeUnit(*u));
    });
  });

  r.Add(http::verb::put, "/api/v1/categories/{id}", [&ctx, admin_only](Request& req) {
    return admin_only(req, [&](const Principal& p, const bj::object& b) {
      auto dir = ctx.directory.Get();
      const Category* cur = dir->FindCategory(std::string(req.Param("id").value_or("")));
      if (!cur) return ErrorResponse(Status::NotFound("no such category"));
      Category c = *cur;
      auto name = json::OptString(b, "name", 64);
      auto lead = json::OptString(b, "default_lead_unit_id", 32);
      auto street = json::OptBool(b, "street_level");
      auto kw = json::OptStringArray(b, "keywords", 30, 20);
      auto disabled = json::OptBool(b, "disabled");
      for (const Status* s : {&name.status(), &lead.status(), &street.status(), &kw.status(), &disabled.status()})
        if (!s->ok()) return ErrorResponse(*s);
      if (*name) c.name = **name;
      if (*lead) {
        if (!(*lead)->empty() && !dir->FindUnit(**lead))
          return ErrorResponse(Status::Unprocessable("default_lead_unit_id is not a unit", "default_lead_unit_id"));
        c.default_lead_unit_id = **lead;
      }
      if (*street) c.street_level = **street;
      if (b.contains("keywords")) c.keywords = *kw;
      if (*disabled) c.disabled = **disabled;
      return AdminWrite(ctx, p, "category_changed", {{"category_id", c.id}},
                        [&](store::WriteTx& tx) { return tx.PutCategory(c); }, EncodeCategory(c));
    });
  });

  r.Add(http::verb::post, "/api/v1/routing-rules", [&ctx, admin_only](Request& req) {
    return admin_only(req, [&](const Principal& p, const bj::object& b) {
      auto dir = ctx.directory.Get();
      RoutingRule rule;
      auto cat = json::OptString(b, "category_id", 32);
      auto district = json::OptString(b, "district_id", 32);
      auto lead = json::ReqString(b, "lead_unit_id", 32);
      auto co = json::OptStringArray(b, "co_unit_ids", 20, 32);
      for (const Status* s : {&cat.status(), &district.status(), &lead.status(), &co.status()})
        if (!s->ok()) return ErrorResponse(*s);
      rule.category_id = cat->value_or("");
      rule.district_id = district->value_or("");
      rule.lead_unit_id = *lead;
      rule.co_unit_ids = *co;
      if (!rule.category_id.empty() && !dir->FindCategory(rule.category_id))
        return ErrorResponse(Status::Unprocessable("category_id is not a category", "category_id"));
      if (!dir->FindUnit(rule.lead_unit_id))
        return ErrorResponse(Status::Unprocessable("lead_unit_id is not a unit", "lead_unit_id"));
      return AdminWrite(ctx, p, "routing_rule_created",
                        {{"category_id", rule.category_id}, {"district_id", rule.district_id},
                         {"lead_unit_id", rule.lead_unit_id}},
                        [&](store::WriteTx& tx) { return tx.PutRoutingRule(rule); },
                        bj::object{{"ok", true}});
    });
  });
  r.Add(http::verb::delete_, "/api/v1/routing-rules/{id}", [&ctx, admin_only](Request& req) {
    return admin_only(req, [&](const Principal& p, const bj::object&) {
      std::string id(req.Param("id").value_or(""));
      return AdminWrite(ctx, p, "routing_rule_deleted", {{"id", id}},
                        [&](store::WriteTx& tx) { return tx.DeleteRoutingRule(id); },
                        bj::object{{"deleted", id}});
    });
  });

  auto put_policy = [&ctx, admin_only](Request& req, bool create) {
    return admin_only(req, [&](const Principal& p, const bj::object& b) {
      bj::object body = b;
      if (!create) body["id"] = std::string(req.Param("id").value_or(""));
      auto pol = workflow::PolicyFromJson(body);
      if (!pol.ok()) return ErrorResponse(pol.status());
      auto dir = ctx.directory.Get();
      if (!pol->category_id.empty() && !dir->FindCategory(pol->category_id))
        return ErrorResponse(Status::Unprocessable("category_id is not a category", "category_id"));
      bool exists = false;
      for (const auto& x : dir->policy_list()) exists |= x.id == pol->id;
      if (create && exists) return ErrorResponse(Status::Conflict("id_taken", "a policy " + pol->id + " exists"));
      if (!create && !exists) return ErrorResponse(Status::NotFound("no time-limit policy " + pol->id));
      auto list = dir->policy_list();
      return AdminWrite(ctx, p, create ? "sla_policy_created" : "sla_policy_changed",
                        {{"policy", workflow::PolicyToJson(*pol)}},
                        [&](store::WriteTx& tx) -> Status {
                          // The first change stores the defaults too, so the table is all data.
                          HOTLINE_ASSIGN_OR_RETURN(auto stored, tx.ListSlaPolicies());
                          if (stored.empty())
                            for (const auto& x : list)
                              HOTLINE_RETURN_IF_ERROR(tx.PutSlaPolicy(x.id, json::Serialize(workflow::PolicyToJson(x))));
                          return tx.PutSlaPolicy(pol->id, json::Serialize(workflow::PolicyToJson(*pol)));
                        },
                        workflow::PolicyToJson(*pol));
    });
  };
  r.Add(http::verb::post, "/api/v1/sla-policies", [put_policy](Request& req) { return put_policy(req, true); });
  r.Add(http::verb::put, "/api/v1/sla-policies/{id}", [put_policy](Request& req) { return put_policy(req, false); });
  r.Add(http::verb::delete_, "/api/v1/sla-policies/{id}", [&ctx, admin_only](Request& req) {
    return admin_only(req, [&](const Principal& p, const bj::object&) {
      std::string id(req.Param("id").value_or(""));
      return AdminWrite(ctx, p, "sla_policy_deleted", {{"id", id}},
                        [&](store::WriteTx& tx) { return tx.DeleteSlaPolicy(id); },
                        bj::object{{"deleted", id}});
    });
  });

  r.Add(http::verb::put, "/api/v1/calendar/{year}", [&ctx, admin_only](Request& req) {
    return admin_only(req, [&](const Principal& p, const bj::object& b) {
      auto sched = workflow::ParseYearSchedule(json::Serialize(b));
      if (!sched.ok()) return ErrorResponse(sched.status());
      if (std::to_string(sched->year) != req.Param("year").value_or(""))
        return ErrorResponse(Status::Invalid("year in the body must match the path", "year"));
      std::string text = workflow::YearScheduleToJson(*sched);
      return AdminWrite(ctx, p, "calendar_changed", {{"year", sched->year}},
                        [&](store::WriteTx& tx) { return tx.PutCalendarYear({sched->year, text}); },
                        bj::parse(text));
    });
  });

  // Users: admins manage everyone; a unit admin manages the users of its own subtree.
  r.Add(http::verb::get, "/api/v1/users", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!HasAny(p, {Role::kAdmin, Role::kUnitAdmin})) return Forbidden("list users");
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto users = (*tx)->ListUsers();
      if (!users.ok()) return ErrorResponse(users.status());
      auto dir = ctx.directory.Get();
      bj::array items;
      for (const auto& u : *users)
        if (p.actor.Has(Role::kAdmin) || dir->InSubtree(p.actor.unit_id, u.unit_id))
          items.push_back(EncodeUser(u));
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });
  auto write_user = [&ctx](Request& req, bool create) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!HasAny(p, {Role::kAdmin, Role::kUnitAdmin})) return Forbidden("manage users");
      auto body = json::ParseObject(req.body);
      if (!body.ok()) return ErrorResponse(body.status());
      const bj::object& b = *body;
      auto dir = ctx.directory.Get();
      User u;
      if (!create) {
        auto tx = ctx.store.Read();
        if (!tx.ok()) return ErrorResponse(tx.status());
        auto cur = (*tx)->GetUser(std::string(req.Param("id").value_or("")));
        if (!cur.ok()) return ErrorResponse(cur.status());
        u = *cur;
        // A unit admin may change only users who already belong to its subtree and hold nothing
        // but unit roles: it must not take over a centre account by moving it into its unit.
        if (!p.actor.Has(Role::kAdmin)) {
          bool unit_only = std::all_of(u.roles.begin(), u.roles.end(), [](Role r) {
            return r == Role::kHandler || r == Role::kUnitAdmin;
          });
          if (!dir->InSubtree(p.actor.unit_id, u.unit_id) || !unit_only)
            return ErrorResponse(Status::Forbidden("a unit admin manages only its own units' users"));
        }
      } else {
        auto username = json::ReqString(b, "username", 64);
        if (!username.ok()) return ErrorResponse(username.status());
        u.username = *username;
        u.created_at = ctx.engine.clock().Now();
      }
      auto name = json::OptString(b, "name", 64);
      auto unit = json::OptString(b, "unit_id", 32);
      auto disabled = json::OptBool(b, "disabled");
      auto password = json::OptString(b, "password", 128);
      auto roles = ParseRoles(b);
      for (const Status* s : {&name.status(), &unit.status(), &disabled.status(), &password.status(), &roles.status()})
        if (!s->ok()) return ErrorResponse(*s);
      if (*name) u.name = **name;
      if (*unit) u.unit_id = **unit;
      if (*disabled) u.disabled = **disabled;
      if (b.contains("roles")) u.roles = *roles;
      if (u.name.empty()) u.name = u.username;
      if (!u.unit_id.empty() && !dir->FindUnit(u.unit_id))
        return ErrorResponse(Status::Unprocessable("unit_id is not a unit", "unit_id"));
      if (create && !*password) return ErrorResponse(Status::Invalid("password is required", "password"));
      if (*password) {
        if ((*password)->size() < 8 && (*password) != std::optional<std::string>("demo"))
          return ErrorResponse(Status::Invalid("password must have at least 8 characters", "password"));
        auto h = HashPassword(**password);
        if (!h.ok()) return ErrorResponse(h.status());
        u.password_hash = *h;
        u.failed_logins = 0;
        u.locked_until.reset();
      }
      if (!p.actor.Has(Role::kAdmin)) {
        // A unit admin: only unit roles, only inside its subtree.
        if (!dir->InSubtree(p.actor.unit_id, u.unit_id))
          return ErrorResponse(Status::Forbidden("a unit admin manages only its own units' users"));
        for (auto r : u.roles)
          if (r != Role::kHandler && r != Role::kUnitAdmin)
            return ErrorResponse(Status::Forbidden("a unit admin grants only handler and unit_admin"));
      }
      User saved = u;
      Response resp = AdminWrite(ctx, p, create ? "user_created" : "user_changed",
                                 {{"username", u.username}, {"disabled", u.disabled}},
                                 [&](store::WriteTx& tx) { return tx.PutUser(saved); }, bj::object{});
      if (resp.status != 200) return resp;
      ctx.auth.Invalidate();
      return Ok(EncodeUser(saved), create ? 201 : 200);
    });
  };
  r.Add(http::verb::post, "/api/v1/users", [write_user](Request& req) { return write_user(req, true); });
  r.Add(http::verb::patch, "/api/v1/users/{id}", [write_user](Request& req) { return write_user(req, false); });

  r.Add(http::verb::get, "/api/v1/settings", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal&) {
      return Ok(ctx.directory.Get()->settings().ToJson());
    });
  });
  r.Add(http::verb::put, "/api/v1/settings", [&ctx, admin_only](Request& req) {
    return admin_only(req, [&](const Principal& p, const bj::object& b) {
      workflow::Settings s = ctx.directory.Get()->settings();
      std::vector<std::pair<std::string, std::string>> changes;
      for (const auto& [k, v] : b) {
        std::string key(k);
        std::string text;
        if (v.is_string()) text = std::string(v.as_string());
        else if (v.is_int64()) text = std::to_string(v.as_int64());
        else return ErrorResponse(Status::Invalid(key + " must be a string or a whole number", key));
        Status st = s.Set(key, text);
        if (!st.ok()) return ErrorResponse(st);
        changes.emplace_back(key, text);
      }
      bj::array keys;
      for (const auto& c : changes) keys.emplace_back(c.first);
      return AdminWrite(ctx, p, "settings_changed", {{"keys", std::move(keys)}},
                        [&](store::WriteTx& tx) -> Status {
                          for (const auto& [k, v] : changes) HOTLINE_RETURN_IF_ERROR(tx.PutSetting(k, v));
                          return Status::Ok();
                        },
                        s.ToJson());
    });
  });

  // The audit trail: auditors only (三员分立).
  r.Add(http::verb::get, "/api/v1/audit", [&ctx](Request& req) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!p.actor.Has(Role::kAuditor)) return Forbidden("read the audit trail");
      store::AuditQuery q;
      auto from = ParseTimeParam(req, "from");
      auto to = ParseTimeParam(req, "to");
      auto limit = ParseLimit(req);
      for (const Status* s : {&from.status(), &to.status(), &limit.status()})
        if (!s->ok()) return ErrorResponse(*s);
      q.from = *from;
      q.to = *to;
      q.limit = *limit;
      q.actor_id = std::string(req.Query("actor").value_or(""));
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      if (!q.actor_id.empty() && q.actor_id.find_first_not_of("0123456789") != std::string::npos) {
        // A login name is accepted too (auditors cannot list users).
        auto u = (*tx)->GetUserByUsername(q.actor_id);
        if (!u.ok()) return Ok(PageJson(bj::array{}, "", -1));
        q.actor_id = u->id;
      }
      q.case_id = std::string(req.Query("case_id").value_or(""));
      if (auto c = req.Query("cursor"); c && !c->empty()) {
        if (c->find_first_not_of("0123456789") != std::string_view::npos || c->size() > 18)
          return ErrorResponse(Status::Invalid("cursor is not one this server gave", "cursor"));
        q.after_id = std::stoll(std::string(*c));
      }
      auto entries = (*tx)->ListAudit(q);
      if (!entries.ok()) return ErrorResponse(entries.status());
      bj::array items;
      for (const auto& a : *entries)
        items.push_back(bj::object{{"id", a.id},
                                   {"case_id", a.event.case_id == "0" ? bj::value(nullptr) : bj::value(a.event.case_id)},
                                   {"case_number", a.case_number},
                                   {"seq", a.event.seq},
                                   {"at", FormatRfc3339(a.event.at, ctx.engine.tz())},
                                   {"actor", bj::object{{"id", a.event.actor_id}, {"name", a.event.actor_name}}},
                                   {"action", a.event.action},
                                   {"hash", a.event.hash}});
      std::string next = entries->size() == size_t(q.limit) ? std::to_string(entries->back().id) : "";
      return Ok(PageJson(std::move(items), next, -1));
    });
  });
}

}  // namespace hotline::api
