#include "src/api/encode.h"

#include "src/common/time.h"

namespace hotline::api {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

// Splits UTF-8 into code points.
std::vector<std::string> CodePoints(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char ch = s[i];
    size_t len = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

bj::value Time(const std::optional<TimePoint>& t, TimeZone tz) {
  if (!t) return nullptr;
  return bj::value(FormatRfc3339(*t, tz));
}

}  // namespace

std::string MaskName(const std::string& name) {
  auto cps = CodePoints(name);
  if (cps.empty()) return "";
  std::string out = cps[0];
  for (size_t i = 1; i < cps.size(); ++i) out += "*";
  if (cps.size() == 1) out += "*";
  return out;
}

std::string MaskPhone(const std::string& phone) {
  if (phone.size() <= 4) return std::string(phone.size(), '*');
  if (phone.size() < 8) return std::string(phone.size() - 4, '*') + phone.substr(phone.size() - 4);
  return phone.substr(0, 3) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 4);
}

std::string MaskId(const std::string& id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return id.substr(0, 4) + std::string(id.size() - 8, '*') + id.substr(id.size() - 4);
}

bj::object EncodeCase(const workflow::Engine& engine, const workflow::Actor& actor, const Case& c,
                      bool with_actions) {
  auto dir = engine.directory();
  const TimeZone tz = engine.tz();
  const TimePoint now = engine.clock().Now();
  bj::object o;
  o["id"] = c.id;
  o["number"] = c.number;
  o["type"] = Name(c.type);
  o["channel"] = Name(c.channel);
  o["title"] = c.title;
  o["content"] = c.content;
  o["category_id"] = c.category_id.empty() ? bj::value(nullptr) : bj::value(c.category_id);
  if (const Category* cat = dir->FindCategory(c.category_id)) o["category_name"] = cat->name;
  o["status"] = Name(c.status);
  o["urgent"] = c.urgent;
  o["confidential"] = c.confidential;
  o["escalated"] = c.escalated;
  o["published"] = c.published;  // a published letter (信件公开) is on the public site
  // Personal data: in clear for those who must call back, masked for the rest of the centre,
  // absent for units on a confidential case.
  PiiView view = engine.SeesPersonalData(actor, c) ? PiiView::kFull
                 : (c.confidential && actor.IsUnitUser()) ? PiiView::kHidden
                                                          : PiiView::kMasked;
  if (view == PiiView::kHidden) {
    o["citizen"] = nullptr;
  } else {
    bj::object cit;
    bool full = view == PiiView::kFull;
    cit["name"] = full ? c.citizen.name : MaskName(c.citizen.name);
    cit["phone"] = full ? c.citizen.phone : MaskPhone(c.citizen.phone);
    if (!c.citizen.id_number.empty())
      cit["id_number"] = full ? c.citizen.id_number : MaskId(c.citizen.id_number);
    if (!c.citizen.email.empty()) cit["email"] = full ? c.citizen.email : "***";
    cit["masked"] = !full;
    o["citizen"] = std::move(cit);
  }
  bj::object loc;
  loc["address"] = c.location.address;
  loc["district_id"] = c.location.district_id.empty() ? bj::value(nullptr)
                                                      : bj::value(c.location.district_id);
  if (const Unit* d = dir->FindUnit(c.location.district_id)) loc["district_name"] = d->name;
  if (c.location.lat) loc["lat"] = *c.location.lat;
  if (c.location.lng) loc["lng"] = *c.location.lng;
  o["location"] = std::move(loc);
  bj::array as;
  SlaState worst = SlaState::kOk;
  for (const auto& a : c.assignments) {
    bj::object x;
    x["id"] = a.id;
    x["unit_id"] = a.unit_id;
    const Unit* u = dir->FindUnit(a.unit_id);
    x["unit_name"] = u ? u->name : "";
    x["role"] = Name(a.role);
    x["status"] = Name(a.status);
    x["dispatched_by_unit_id"] = a.dispatched_by_unit;
    x["parent_assignment_id"] = a.parent_assignment.empty() ? bj::value(nullptr)
                                                            : bj::value(a.parent_assignment);
    x["assigned_at"] = FormatRfc3339(a.assigned_at, tz);
    x["sign_due_at"] = FormatRfc3339(a.sign_due_at, tz);
    x["contact_due_at"] = FormatRfc3339(a.contact_due_at, tz);
    x["due_at"] = FormatRfc3339(a.due_at, tz);
    x["warn_at"] = FormatRfc3339(a.warn_at, tz);
    x["signed_at"] = Time(a.signed_at, tz);
    x["contacted_at"] = Time(a.contacted_at, tz);
    x["replied_at"] = Time(a.replied_at, tz);
    x["paused"] = a.paused_at.has_value();
    SlaState sla = SlaState::kOk;
    bool running = a.Active() && a.status != AssignmentStatus::kReplied && IsOpen(c.status);
    if (running) {
      TimePoint at = a.paused_at.value_or(now);
      sla = at > a.due_at ? SlaState::kOverdue : at >= a.warn_at ? SlaState::kWarning : SlaState::kOk;
    } else if (a.replied_at && *a.replied_at > a.due_at) {
      sla = SlaState::kOverdue;
    }
    if (running && int(sla) > int(worst)) worst = sla;
    x["sla"] = Name(sla);
    if (a.extension) {
      x["extension"] = bj::object{
          {"until", FormatRfc3339(a.extension->until, tz)},
          {"reason", a.extension->reason},
          {"status", a.extension->status == ExtensionStatus::kPending    ? "pending"
                     : a.extension->status == ExtensionStatus::kApproved ? "approved"
                                                                         : "rejected"},
          {"note", a.extension->note}};
    } else {
      x["extension"] = nullptr;
    }
    x["return_reason"] = a.return_reason;
    x["reply"] = a.reply;
    x["urge_count"] = a.urge_count;
    as.push_back(std::move(x));
  }
  o["assignments"] = std::move(as);
  o["due_at"] = Time(c.due_at, tz);
  o["sla"] = Name(worst);
  o["callback_due_at"] = Time(c.callback_due_at, tz);
  if (c.rating) {
    o["rating"] = bj::object{{"satisfaction", Name(c.rating->satisfaction)},
                             {"resolved", c.rating->resolved},
                             {"note", c.rating->note},
                             {"source", c.rating->source}};
  } else {
    o["rating"] = nullptr;
  }
  o["reply"] = c.reply;
  o["reply_resolved"] = c.reply_resolved;
  o["reply_to_citizen"] = c.reply_to_citizen;
  o["kb_article_id"] = c.kb_article_id.empty() ? bj::value(nullptr) : bj::value(c.kb_article_id);
  o["parent_id"] = c.parent_id.empty() ? bj::value(nullptr) : bj::value(c.parent_id);
  o["transfer_to"] = c.transfer_to.empty() ? bj::value(nullptr) : bj::value(c.transfer_to);
  bj::array sv;
  for (const auto& s : c.supervisions)
    sv.push_back(bj::object{{"note", s.note},
                            {"due_at", FormatRfc3339(s.due_at, tz)},
                            {"issued_at", FormatRfc3339(s.issued_at, tz)}});
  o["supervisions"] = std::move(sv);
  o["reopen_count"] = c.reopen_count;
  o["urge_count"] = c.urge_count;
  o["created_at"] = FormatRfc3339(c.created_at, tz);
  o["updated_at"] = FormatRfc3339(c.updated_at, tz);
  o["closed_at"] = Time(c.closed_at, tz);
  o["version"] = c.version;
  if (with_actions) {
    bj::array acts;
    for (const auto& a : engine.AllowedActions(actor, c)) acts.emplace_back(a);
    o["allowed_actions"] = std::move(acts);
  }
  return o;
}

bj::object EncodeEvent(const Event& e, const workflow::Directory& dir, TimeZone tz) {
  bj::object o;
  o["seq"] = e.seq;
  o["at"] = FormatRfc3339(e.at, tz);
  bj::object actor{{"id", e.actor_id}, {"name", e.actor_name}, {"unit_id", e.actor_unit_id}};
  if (const Unit* u = dir.FindUnit(e.actor_unit_id)) actor["unit_name"] = u->name;
  o["actor"] = std::move(actor);
  o["action"] = e.action;
  o["data"] = e.data;
  o["hash"] = e.hash;
  return o;
}

bj::object EncodeUnit(const Unit& u) {
  return bj::object{{"id", u.id},
                    {"code", u.code},
                    {"name", u.name},
                    {"name_en", u.name_en},
                    {"parent_id", u.parent_id.empty() ? bj::value(nullptr) : bj::value(u.parent_id)},
                    {"kind", Name(u.kind)},
                    {"can_dispatch", u.can_dispatch},
                    {"contact_phone", u.contact_phone},
                    {"contact_email", u.contact_email},
                    {"disabled", u.disabled}};
}

bj::object EncodeCategory(const Category& c) {
  bj::array kw;
  for (const auto& k : c.keywords) kw.emplace_back(k);
  return bj::object{{"id", c.id},
                    {"code", c.code},
                    {"name", c.name},
                    {"name_en", c.name_en},
                    {"parent_id", c.parent_id.empty() ? bj::value(nullptr) : bj::value(c.parent_id)},
                    {"level", c.level},
                    {"default_lead_unit_id", c.default_lead_unit_id.empty()
                                                 ? bj::value(nullptr)
                                                 : bj::value(c.default_lead_unit_id)},
                    {"street_level", c.street_level},
                    {"keywords", std::move(kw)},
                    {"disabled", c.disabled}};
}

bj::object EncodeUser(const User& u) {
  bj::array roles;
  for (auto r : u.roles) roles.emplace_back(Name(r));
  return bj::object{{"id", u.id},
                    {"username", u.username},
                    {"name", u.name},
                    {"roles", std::move(roles)},
                    {"unit_id", u.unit_id},
                    {"disabled", u.disabled}};
}

}  // namespace hotline::api
