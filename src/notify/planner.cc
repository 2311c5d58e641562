#include "src/notify/planner.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "src/common/crypto.h"
#include "src/common/json.h"

namespace hotline::notify {
namespace bj = boost::json;
using domain::Case;
using domain::Event;

namespace {

std::string StrField(const bj::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// "11月30日 17:00" / "2026-11-30 17:00" in the city's zone.
std::string FormatLocal(const std::string& rfc3339, std::string_view lang, TimeZone tz) {
  auto t = ParseRfc3339(rfc3339);
  if (!t.ok()) return rfc3339;
  Date d = LocalDate(*t, tz);
  int m = LocalMinuteOfDay(*t, tz);
  char buf[64];
  if (lang == "en")
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d", int(d.year()), unsigned(d.month()),
                  unsigned(d.day()), m / 60, m % 60);
  else
    std::snprintf(buf, sizeof buf, "%u月%u日 %02d:%02d", unsigned(d.month()), unsigned(d.day()),
                  m / 60, m % 60);
  return buf;
}

std::string UnitName(const workflow::Directory& dir, const std::string& id, std::string_view lang) {
  const domain::Unit* u = dir.FindUnit(id);
  if (!u) return "";
  return lang == "en" && !u->name_en.empty() ? u->name_en : u->name;
}

struct Recipient {
  std::string kind;  // sms | email
  std::string address;
  std::string lang;
  std::string unit_id;
};

void AddContactRecipients(const store::NotifyContact& k, std::vector<Recipient>& out) {
  if (IsMobile(k.phone)) out.push_back({"sms", k.phone, k.lang, k.unit_id});
  if (!k.email.empty()) out.push_back({"email", k.email, k.lang, k.unit_id});
}

std::vector<Recipient> UnitRecipients(const PlanContext& ctx, const std::string& unit_id) {
  std::vector<Recipient> out;
  for (const auto& k : ctx.contacts)
    if (!k.disabled && k.role == "duty" && k.unit_id == unit_id) AddContactRecipients(k, out);
  if (!out.empty()) return out;
  if (const domain::Unit* u = ctx.dir.FindUnit(unit_id)) {
    if (IsMobile(u->contact_phone)) out.push_back({"sms", u->contact_phone, "zh-CN", unit_id});
    if (!u->contact_email.empty()) out.push_back({"email", u->contact_email, "zh-CN", unit_id});
  }
  return out;
}

std::vector<Recipient> LeaderRecipients(const PlanContext& ctx, const Case& c) {
  std::vector<std::string> anchors;
  if (const auto* lead = c.LeadAssignment()) anchors.push_back(lead->unit_id);
  if (!c.location.district_id.empty()) anchors.push_back(c.location.district_id);
  std::vector<Recipient> out;
  for (const auto& k : ctx.contacts) {
    if (k.disabled || k.role != "leader") continue;
    bool concerned = k.unit_id == ctx.dir.centre_id();
    for (const auto& a : anchors) concerned = concerned || ctx.dir.InSubtree(k.unit_id, a);
    if (concerned) AddContactRecipients(k, out);
  }
  return out;
}

std::vector<Recipient> CitizenRecipients(const Case& c) {
  if (IsMobile(c.citizen.phone)) return {{"sms", c.citizen.phone, "zh-CN", ""}};
  if (!c.citizen.email.empty()) return {{"email", c.citizen.email, "zh-CN", ""}};
  return {};
}

std::string Title(const Case& c) { return json::Utf8Prefix(c.title, 40); }

}  // namespace

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> kRules = {
      {"register", "case_received", Audience::kCitizen},
      {"answer", "reply_ready", Audience::kCitizen},
      {"approve_reply", "reply_ready", Audience::kCitizen},
      {"parent_replied", "reply_ready", Audience::kCitizen},  // merged duplicates share the reply
      {"dispatch", "unit_dispatched", Audience::kDispatchedUnits},
      {"sla_warning", "unit_warning", Audience::kEventUnit},
      {"sla_overdue", "unit_overdue", Audience::kEventUnit},
      {"escalate", "leader_escalated", Audience::kLeaders},
  };
  return kRules;
}

bool IsMobile(std::string_view phone) {
  if (phone.size() != 11 || phone[0] != '1' || phone[1] < '3' || phone[1] > '9') return false;
  return std::all_of(phone.begin(), phone.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::string MaskRecipient(std::string_view r) {
  auto at = r.find('@');
  if (at != std::string_view::npos)
    return std::string(r.substr(0, std::min<size_t>(1, at))) + "***" + std::string(r.substr(at));
  if (r.size() >= 7)
    return std::string(r.substr(0, 3)) + "****" + std::string(r.substr(r.size() - 4));
  return "****";
}

std::vector<store::OutboxMessage> PlanMessages(const PlanContext& ctx, const Case& c,
                                               const Event& e) {
  std::vector<store::OutboxMessage> out;
  for (const auto& rule : Rules()) {
    if (rule.action != e.action) continue;
    // (recipient, per-unit variables) pairs.
    std::vector<std::pair<Recipient, std::map<std::string, std::string>>> targets;
    auto base = [&](std::string_view lang) {
      return std::map<std::string, std::string>{{"case_number", c.number}, {"title", Title(c)}};
    };
    switch (rule.to) {
      case Audience::kCitizen:
        for (auto& r : CitizenRecipients(c)) {
          auto vars = base(r.lang);
          vars["query_code"] = c.query_code;
          targets.emplace_back(std::move(r), std::move(vars));
        }
        break;
      case Audience::kDispatchedUnits: {
        const auto* units = e.data.if_contains("units");
        if (!units || !units->is_array()) break;
        for (const auto& u : units->as_array()) {
          if (!u.is_object()) continue;
          const auto& o = u.as_object();
          const std::string unit_id = StrField(o, "unit_id");
          const bool lead = StrField(o, "role") == "lead";
          for (auto& r : UnitRecipients(ctx, unit_id)) {
            auto vars = base(r.lang);
            const bool en = r.lang == "en";
            vars["unit"] = UnitName(ctx.dir, unit_id, r.lang);
            vars["role"] = lead ? (en ? "lead unit" : "主办") : (en ? "co-handling" : "协办");
            vars["sign_due"] = FormatLocal(StrField(o, "sign_due_at"), r.lang, ctx.tz);
            vars["due"] = FormatLocal(StrField(o, "due_at"), r.lang, ctx.tz);
            vars["urgent"] = c.urgent ? (en ? "URGENT" : "紧急") : "";
            targets.emplace_back(std::move(r), std::move(vars));
          }
        }
        break;
      }
      case Audience::kEventUnit: {
        const std::string unit_id = StrField(e.data, "unit_id");
        for (auto& r : UnitRecipients(ctx, unit_id)) {
          auto vars = base(r.lang);
          vars["unit"] = UnitName(ctx.dir, unit_id, r.lang);
          vars["due"] = FormatLocal(StrField(e.data, "due_at"), r.lang, ctx.tz);
          targets.emplace_back(std::move(r), std::move(vars));
        }
        break;
      }
      case Audience::kLeaders: {
        const auto* lead = c.LeadAssignment();
        for (auto& r : LeaderRecipients(ctx, c)) {
          auto vars = base(r.lang);
          vars["unit"] = lead ? UnitName(ctx.dir, lead->unit_id, r.lang)
                              : (r.lang == "en" ? "not dispatched" : "未派单");
          vars["note"] = json::Utf8Prefix(StrField(e.data, "note"), 200);
          targets.emplace_back(std::move(r), std::move(vars));
        }
        break;
      }
    }
    std::set<std::pair<std::string, std::string>> seen;  // (kind, address): one message each
    for (auto& [r, vars] : targets) {
      if (!seen.insert({r.kind, r.address}).second) continue;
      const auto& t = ctx.templates.Get(rule.template_key, r.lang);
      store::OutboxMessage m;
      m.kind = r.kind;
      m.audience = rule.to == Audience::kCitizen   ? "citizen"
                   : rule.to == Audience::kLeaders ? "leader"
                                                   : "unit";
      m.recipient = r.address;
      m.recipient_hint = MaskRecipient(r.address);
      m.template_key = std::string(rule.template_key);
      m.lang = t.lang;
      m.subject = r.kind == "email" ? Render(t.subject, vars) : "";
      m.body = Render(t.body, vars);
      m.case_id = c.id;
      m.case_number = c.number;
      m.event_seq = e.seq;
      m.unit_id = r.unit_id;
      m.next_attempt_at = ctx.now;
      m.created_at = ctx.now;
      out.push_back(std::move(m));
    }
  }
  return out;
}

NotificationPlanner::NotificationPlanner(const workflow::DirectoryHolder& directory,
                                         const Clock& clock)
    : directory_(directory), clock_(clock) {}

Status NotificationPlanner::Plan(store::WriteTx& tx,
                                 const std::vector<std::pair<Case, Event>>& done) {
  bool any = false;
  for (const auto& [c, e] : done)
    for (const auto& r : Rules()) any = any || r.action == e.action;
  if (!any) return Status::Ok();
  auto dir = directory_.Get();
  // Templates and contacts are read in the same transaction, so an admin's edit applies from the
  // next committed write on.
  HOTLINE_ASSIGN_OR_RETURN(auto stored, tx.ListNotifyTemplates());
  HOTLINE_ASSIGN_OR_RETURN(auto contacts, tx.ListNotifyContacts());
  TemplateSet templates(stored);
  PlanContext ctx{*dir, templates, contacts, clock_.Now(), dir->tz()};
  for (const auto& [c, e] : done) {
    for (auto& m : PlanMessages(ctx, c, e)) {
      m.id = "ntf-" + RandomHex(12);
      HOTLINE_RETURN_IF_ERROR(tx.InsertOutbox(m));
    }
  }
  return Status::Ok();
}

}  // namespace hotline::notify
