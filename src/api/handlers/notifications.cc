// The admin's notification screens: message templates (zh-CN and en, placeholders validated),
// the recipients (units' duty officers and leaders) and the outbox (delivery state, retry of a
// failed message). Admin only; every change is an admin event in the same transaction.
#include "src/api/handlers/common.h"
#include "src/common/time.h"
#include "src/notify/planner.h"
#include "src/notify/templates.h"

namespace hotline::api {
namespace bj = boost::json;
namespace http = boost::beast::http;
using namespace hotline::domain;

namespace {

Status AuditAdmin(store::WriteTx& tx, const Principal& p, TimePoint now, std::string action,
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

bj::array Strings(const std::vector<std::string_view>& v) {
  bj::array a;
  for (auto s : v) a.emplace_back(s);
  return a;
}

bj::object TemplateJson(const notify::TemplateSpec& spec, const notify::TemplateSet& set,
                        std::string_view lang, TimeZone tz) {
  const auto& t = set.Get(spec.key, lang);
  const bool custom = set.IsCustom(spec.key, lang);
  return bj::object{
      {"key", spec.key},
      {"lang", lang},
      {"audience", spec.audience},
      {"description", lang == "en" ? spec.description_en : spec.description_zh},
      {"placeholders", Strings(spec.placeholders)},
      {"subject", t.subject},
      {"body", t.body},
      {"custom", custom},
      {"updated_by", custom ? bj::value(t.updated_by) : bj::value(nullptr)},
      {"updated_at", custom ? bj::value(FormatRfc3339(t.updated_at, tz)) : bj::value(nullptr)}};
}

bj::object ContactJson(const store::NotifyContact& c) {
  return bj::object{{"id", c.id},     {"unit_id", c.unit_id},  {"role", c.role},
                    {"name", c.name}, {"phone", c.phone},      {"email", c.email},
                    {"lang", c.lang}, {"disabled", c.disabled}};
}

bj::object OutboxJson(const store::OutboxMessage& m, TimeZone tz) {
  auto opt_time = [&](const std::optional<TimePoint>& t) {
    return t ? bj::value(FormatRfc3339(*t, tz)) : bj::value(nullptr);
  };
  // Never the body (the citizen's holds the query code) and never the recipient in clear.
  return bj::object{{"id", m.id},
                    {"kind", m.kind},
                    {"audience", m.audience},
                    {"recipient", m.recipient_hint},
                    {"template_key", m.template_key},
                    {"lang", m.lang},
                    {"case_id", m.case_id},
                    {"case_number", m.case_number},
                    {"unit_id", m.unit_id},
                    {"state", m.state},
                    {"attempts", m.attempts},
                    {"next_attempt_at", m.state == "pending" || m.state == "sending"
                                            ? bj::value(FormatRfc3339(m.next_attempt_at, tz))
                                            : bj::value(nullptr)},
                    {"last_error", m.last_error},
                    {"created_at", FormatRfc3339(m.created_at, tz)},
                    {"sent_at", opt_time(m.sent_at)}};
}

Result<store::NotifyContact> ParseContact(const bj::object& b, store::NotifyContact c,
                                          const workflow::Directory& dir) {
  HOTLINE_ASSIGN_OR_RETURN(auto unit_id, json::OptString(b, "unit_id", 32));
  HOTLINE_ASSIGN_OR_RETURN(auto role, json::OptString(b, "role", 16));
  HOTLINE_ASSIGN_OR_RETURN(auto name, json::OptString(b, "name", 64));
  HOTLINE_ASSIGN_OR_RETURN(auto phone, json::OptString(b, "phone", 32));
  HOTLINE_ASSIGN_OR_RETURN(auto email, json::OptString(b, "email", 128));
  HOTLINE_ASSIGN_OR_RETURN(auto lang, json::OptString(b, "lang", 8));
  HOTLINE_ASSIGN_OR_RETURN(auto disabled, json::OptBool(b, "disabled"));
  if (unit_id) c.unit_id = *unit_id;
  if (role) c.role = *role;
  if (name) c.name = *name;
  if (phone) {
    std::string digits;
    for (char ch : *phone)
      if (ch != ' ' && ch != '-') digits += ch;
    if (digits.rfind("+86", 0) == 0) digits = digits.substr(3);
    c.phone = digits;
  }
  if (email) c.email = *email;
  if (lang) c.lang = *lang;
  if (disabled) c.disabled = *disabled;
  if (c.unit_id.empty() || !dir.FindUnit(c.unit_id))
    return Status::Unprocessable("unit_id is not a unit", "unit_id");
  if (c.role != "duty" && c.role != "leader")
    return Status::Invalid("role must be duty (a unit's duty officer) or leader", "role");
  if (c.name.find_first_not_of(" \t") == std::string::npos)
    return Status::Invalid("name is required", "name");
  if (!c.phone.empty() && !notify::IsMobile(c.phone))
    return Status::Invalid(
        "phone must be a mainland mobile number (11 digits): SMS cannot reach a landline", "phone");
  if (!c.email.empty()) {
    auto at = c.email.find('@');
    if (at == std::string::npos || at == 0 || c.email.find('.', at) == std::string::npos ||
        c.email.find_first_of(" <>\r\n\t,;") != std::string::npos)
      return Status::Invalid("email is not an email address", "email");
  }
  if (c.phone.empty() && c.email.empty())
    return Status::Invalid("give a mobile phone, an email address or both", "phone");
  if (!notify::IsLang(c.lang)) return Status::Invalid("lang must be zh-CN or en", "lang");
  return c;
}

}  // namespace

void RegisterNotificationRoutes(Router& r, Context& ctx) {
  // fn(principal, body) for the admin only.
  auto admin = [&ctx](Request& req, auto&& fn) {
    return WithAuth(ctx, req, [&](const Principal& p) {
      if (!p.actor.Has(Role::kAdmin)) return Forbidden("manage notifications");
      auto body =
          json::ParseObject(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
      if (!body.ok()) return ErrorResponse(body.status());
      return fn(p, *body);
    });
  };
  auto load_templates = [&ctx]() -> Result<notify::TemplateSet> {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, ctx.store.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto stored, tx->ListNotifyTemplates());
    return notify::TemplateSet(stored);
  };

  r.Add(http::verb::get, "/api/v1/admin/notification-templates",
        [&ctx, admin, load_templates](Request& req) {
          return admin(req, [&](const Principal&, const bj::object&) {
            auto set = load_templates();
            if (!set.ok()) return ErrorResponse(set.status());
            bj::array items;
            for (const auto& spec : notify::TemplateSpecs())
              for (auto lang : notify::kLangs)
                items.push_back(TemplateJson(spec, *set, lang, ctx.engine.tz()));
            return Ok(bj::object{{"items", std::move(items)}});
          });
        });

  r.Add(
      http::verb::put, "/api/v1/admin/notification-templates/{key}/{lang}",
      [&ctx, admin, load_templates](Request& req) {
        return admin(req, [&](const Principal& p, const bj::object& b) {
          store::NotifyTemplate t;
          t.key = std::string(req.Param("key").value_or(""));
          t.lang = std::string(req.Param("lang").value_or(""));
          const auto* spec = notify::FindTemplateSpec(t.key);
          if (!spec)
            return ErrorResponse(Status::NotFound("there is no message template called " + t.key));
          if (!notify::IsLang(t.lang))
            return ErrorResponse(Status::NotFound("templates exist in zh-CN and en only"));
          auto subject = json::OptString(b, "subject", 1000);
          if (!subject.ok()) return ErrorResponse(subject.status());
          auto body = json::ReqString(b, "body", 4000);
          if (!body.ok()) return ErrorResponse(body.status());
          t.subject = subject->value_or("");
          t.body = *body;
          t.updated_by = p.actor.name;
          t.updated_at = ctx.engine.clock().Now();
          if (Status v = notify::ValidateTemplate(t); !v.ok()) return ErrorResponse(v);
          Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
            HOTLINE_RETURN_IF_ERROR(tx.PutNotifyTemplate(t));
            return AuditAdmin(tx, p, t.updated_at, "notification_template_changed",
                              {{"key", t.key}, {"lang", t.lang}});
          });
          if (!st.ok()) return ErrorResponse(st);
          auto set = load_templates();
          if (!set.ok()) return ErrorResponse(set.status());
          return Ok(TemplateJson(*spec, *set, t.lang, ctx.engine.tz()));
        });
      });

  r.Add(http::verb::delete_, "/api/v1/admin/notification-templates/{key}/{lang}",
        [&ctx, admin, load_templates](Request& req) {
          return admin(req, [&](const Principal& p, const bj::object&) {
            std::string key(req.Param("key").value_or(""));
            std::string lang(req.Param("lang").value_or(""));
            const auto* spec = notify::FindTemplateSpec(key);
            if (!spec || !notify::IsLang(lang))
              return ErrorResponse(
                  Status::NotFound("there is no message template " + key + "/" + lang));
            Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
              HOTLINE_RETURN_IF_ERROR(tx.DeleteNotifyTemplate(key, lang));
              return AuditAdmin(tx, p, ctx.engine.clock().Now(), "notification_template_reset",
                                {{"key", key}, {"lang", lang}});
            });
            if (!st.ok()) return ErrorResponse(st);
            auto set = load_templates();
            if (!set.ok()) return ErrorResponse(set.status());
            return Ok(TemplateJson(*spec, *set, lang, ctx.engine.tz()));
          });
        });

  r.Add(http::verb::get, "/api/v1/admin/notification-contacts", [&ctx, admin](Request& req) {
    return admin(req, [&](const Principal&, const bj::object&) {
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto list = (*tx)->ListNotifyContacts();
      if (!list.ok()) return ErrorResponse(list.status());
      bj::array items;
      for (const auto& c : *list) items.push_back(ContactJson(c));
      return Ok(bj::object{{"items", std::move(items)}});
    });
  });

  r.Add(http::verb::post, "/api/v1/admin/notification-contacts", [&ctx, admin](Request& req) {
    return admin(req, [&](const Principal& p, const bj::object& b) {
      auto c = ParseContact(b, store::NotifyContact{}, *ctx.directory.Get());
      if (!c.ok()) return ErrorResponse(c.status());
      Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
        HOTLINE_RETURN_IF_ERROR(tx.PutNotifyContact(*c));
        return AuditAdmin(tx, p, ctx.engine.clock().Now(), "notification_contact_added",
                          {{"contact_id", c->id}, {"unit_id", c->unit_id}, {"role", c->role}});
      });
      if (!st.ok()) return ErrorResponse(st);
      return Ok(ContactJson(*c), 201);
    });
  });

  auto find_contact = [&ctx](const std::string& id) -> Result<store::NotifyContact> {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, ctx.store.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto list, tx->ListNotifyContacts());
    for (auto& c : list)
      if (c.id == id) return c;
    return Status::NotFound("no notification contact " + id);
  };

  r.Add(http::verb::put, "/api/v1/admin/notification-contacts/{id}",
        [&ctx, admin, find_contact](Request& req) {
          return admin(req, [&](const Principal& p, const bj::object& b) {
            auto cur = find_contact(std::string(req.Param("id").value_or("")));
            if (!cur.ok()) return ErrorResponse(cur.status());
            auto c = ParseContact(b, *cur, *ctx.directory.Get());
            if (!c.ok()) return ErrorResponse(c.status());
            Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
              HOTLINE_RETURN_IF_ERROR(tx.PutNotifyContact(*c));
              return AuditAdmin(
                  tx, p, ctx.engine.clock().Now(), "notification_contact_changed",
                  {{"contact_id", c->id}, {"unit_id", c->unit_id}, {"role", c->role}});
            });
            if (!st.ok()) return ErrorResponse(st);
            return Ok(ContactJson(*c));
          });
        });

  r.Add(http::verb::delete_, "/api/v1/admin/notification-contacts/{id}",
        [&ctx, admin](Request& req) {
          return admin(req, [&](const Principal& p, const bj::object&) {
            std::string id(req.Param("id").value_or(""));
            Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
              HOTLINE_RETURN_IF_ERROR(tx.DeleteNotifyContact(id));
              return AuditAdmin(tx, p, ctx.engine.clock().Now(), "notification_contact_removed",
                                {{"contact_id", id}});
            });
            if (!st.ok()) return ErrorResponse(st);
            return Ok(bj::object{{"id", id}, {"deleted", true}});
          });
        });

  r.Add(http::verb::get, "/api/v1/admin/outbox", [&ctx, admin](Request& req) {
    return admin(req, [&](const Principal&, const bj::object&) {
      store::OutboxQuery q;
      if (auto s = req.Query("state"); s && !s->empty()) {
        q.state = std::string(*s);
        if (q.state != "pending" && q.state != "sending" && q.state != "sent" &&
            q.state != "failed")
          return ErrorResponse(
              Status::Invalid("state must be pending, sending, sent or failed", "state"));
      }
      if (auto s = req.Query("case_id"); s) q.case_id = std::string(*s);
      auto limit = ParseLimit(req);
      if (!limit.ok()) return ErrorResponse(limit.status());
      q.limit = *limit + 1;
      if (auto s = req.Query("cursor"); s && !s->empty()) {
        int64_t v = 0;
        for (char ch : *s) {
          if (ch < '0' || ch > '9' || v > (int64_t(1) << 50))
            return ErrorResponse(Status::Invalid("cursor is not one this server gave", "cursor"));
          v = v * 10 + (ch - '0');
        }
        q.before_seq = v;
      }
      auto tx = ctx.store.Read();
      if (!tx.ok()) return ErrorResponse(tx.status());
      auto list = (*tx)->ListOutbox(q);
      if (!list.ok()) return ErrorResponse(list.status());
      auto counts = (*tx)->OutboxCounts();
      if (!counts.ok()) return ErrorResponse(counts.status());
      std::string next;
      if (int(list->size()) > *limit) {
        list->pop_back();
        next = std::to_string(list->back().seq);
      }
      bj::array items;
      for (const auto& m : *list) items.push_back(OutboxJson(m, ctx.engine.tz()));
      bj::object by_state{{"pending", 0}, {"sending", 0}, {"sent", 0}, {"failed", 0}};
      int64_t total = 0;
      for (const auto& c : *counts) {
        by_state[c.key] = c.count;
        total += c.count;
      }
      bj::object out =
          PageJson(std::move(items), next, q.state.empty() ? total : by_state[q.state].as_int64());
      out["counts"] = std::move(by_state);
      return Ok(out);
    });
  });

  r.Add(http::verb::post, "/api/v1/admin/outbox/{id}/retry", [&ctx, admin](Request& req) {
    return admin(req, [&](const Principal& p, const bj::object&) {
      std::string id(req.Param("id").value_or(""));
      Status st = ctx.store.Write([&](store::WriteTx& tx) -> Status {
        HOTLINE_RETURN_IF_ERROR(tx.RetryOutbox(id, ctx.engine.clock().Now()));
        return AuditAdmin(tx, p, ctx.engine.clock().Now(), "notification_retried",
                          {{"message_id", id}});
      });
      if (!st.ok()) return ErrorResponse(st);
      return Ok(bj::object{{"id", id}, {"state", "pending"}});
    });
  });
}

}  // namespace hotline::api
