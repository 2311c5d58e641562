#include "src/api/encode.h"

#include "src/api/json_out.h"
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

// Personal data: in clear for those who must call back, masked for the rest of the centre,
// absent for units on a confidential case.
PiiView ViewOf(const workflow::Engine& engine, const workflow::Actor& actor, const Case& c) {
  return engine.SeesPersonalData(actor, c)             ? PiiView::kFull
         : (c.confidential && actor.IsUnitUser()) ? PiiView::kHidden
                                                  : PiiView::kMasked;
}

// An assignment's SLA state now; `running` tells whether its clock still runs (an open case, an
// active assignment not yet replied).
SlaState AssignmentSla(const Assignment& a, const Case& c, TimePoint now, bool* running) {
  *running = a.Active() && a.status != AssignmentStatus::kReplied && IsOpen(c.status);
  if (*running) {
    TimePoint at = a.paused_at.value_or(now);
    return at > a.due_at ? SlaState::kOverdue : at >= a.warn_at ? SlaState::kWarning : SlaState::kOk;
  }
  if (a.replied_at && *a.replied_at > a.due_at) return SlaState::kOverdue;
  return SlaState::kOk;
}

const char* ExtensionStatusName(ExtensionStatus s) {
  return s == ExtensionStatus::kPending    ? "pending"
         : s == ExtensionStatus::kApproved ? "approved"
                                           : "rejected";
}

// ---- JsonOut helpers for EncodeCaseTo ----

void PutTime(JsonOut& j, TimePoint t, TimeZone tz) {
  char buf[kRfc3339Size + 2];
  buf[0] = '"';
  FormatRfc3339To(t, tz, buf + 1);
  buf[kRfc3339Size + 1] = '"';
  j.Raw(std::string_view(buf, sizeof buf));
}

void PutTime(JsonOut& j, const std::optional<TimePoint>& t, TimeZone tz) {
  if (t) {
    PutTime(j, *t, tz);
  } else {
    j.Null();
  }
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
  const PiiView view = ViewOf(engine, actor, c);
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
    bool running = false;
    const SlaState sla = AssignmentSla(a, c, now, &running);
    if (running && int(sla) > int(worst)) worst = sla;
    x["sla"] = Name(sla);
    if (a.extension) {
      x["extension"] = bj::object{
          {"until", FormatRfc3339(a.extension->until, tz)},
          {"reason", a.extension->reason},
          {"status", ExtensionStatusName(a.extension->status)},
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

void EncodeCaseTo(std::string* out, const workflow::Engine& engine, const workflow::Actor& actor,
                  const Case& c, bool with_actions) {
  // Field for field the order of EncodeCase above.
  auto dir = engine.directory();
  const TimeZone tz = engine.tz();
  const TimePoint now = engine.clock().Now();
  out->reserve(out->size() + 2048 + c.title.size() + c.content.size() + c.reply.size() +
               c.reply_to_citizen.size() + c.assignments.size() * 700);
  JsonOut j(out);
  j.BeginObject();
  j.Key("id");
  j.String(c.id);
  j.Key("number");
  j.String(c.number);
  j.Key("type");
  j.String(Name(c.type));
  j.Key("channel");
  j.String(Name(c.channel));
  j.Key("title");
  j.String(c.title);
  j.Key("content");
  j.String(c.content);
  j.Key("category_id");
  j.StringOrNull(c.category_id);
  if (const Category* cat = dir->FindCategory(c.category_id)) {
    j.Key("category_name");
    j.String(cat->name);
  }
  j.Key("status");
  j.String(Name(c.status));
  j.Key("urgent");
  j.Bool(c.urgent);
  j.Key("confidential");
  j.Bool(c.confidential);
  j.Key("escalated");
  j.Bool(c.escalated);
  j.Key("published");
  j.Bool(c.published);
  const PiiView view = ViewOf(engine, actor, c);
  j.Key("citizen");
  if (view == PiiView::kHidden) {
    j.Null();
  } else {
    const bool full = view == PiiView::kFull;
    j.BeginObject();
    j.Key("name");
    j.String(full ? c.citizen.name : MaskName(c.citizen.name));
    j.Key("phone");
    j.String(full ? c.citizen.phone : MaskPhone(c.citizen.phone));
    if (!c.citizen.id_number.empty()) {
      j.Key("id_number");
      j.String(full ? c.citizen.id_number : MaskId(c.citizen.id_number));
    }
    if (!c.citizen.email.empty()) {
      j.Key("email");
      j.String(full ? std::string_view(c.citizen.email) : std::string_view("***"));
    }
    j.Key("masked");
    j.Bool(!full);
    j.EndObject();
  }
  j.Key("location");
  j.BeginObject();
  j.Key("address");
  j.String(c.location.address);
  j.Key("district_id");
  j.StringOrNull(c.location.district_id);
  if (const Unit* d = dir->FindUnit(c.location.district_id)) {
    j.Key("district_name");
    j.String(d->name);
  }
  if (c.location.lat) {
    j.Key("lat");
    j.Double(*c.location.lat);
  }
  if (c.location.lng) {
    j.Key("lng");
    j.Double(*c.location.lng);
  }
  j.EndObject();
  j.Key("assignments");
  j.BeginArray();
  SlaState worst = SlaState::kOk;
  for (const auto& a : c.assignments) {
    j.BeginObject();
    j.Key("id");
    j.String(a.id);
    j.Key("unit_id");
    j.String(a.unit_id);
    const Unit* u = dir->FindUnit(a.unit_id);
    j.Key("unit_name");
    j.String(u ? std::string_view(u->name) : std::string_view());
    j.Key("role");
    j.String(Name(a.role));
    j.Key("status");
    j.String(Name(a.status));
    j.Key("dispatched_by_unit_id");
    j.String(a.dispatched_by_unit);
    j.Key("parent_assignment_id");
    j.StringOrNull(a.parent_assignment);
    j.Key("assigned_at");
    PutTime(j, a.assigned_at, tz);
    j.Key("sign_due_at");
    PutTime(j, a.sign_due_at, tz);
    j.Key("contact_due_at");
    PutTime(j, a.contact_due_at, tz);
    j.Key("due_at");
    PutTime(j, a.due_at, tz);
    j.Key("warn_at");
    PutTime(j, a.warn_at, tz);
    j.Key("signed_at");
    PutTime(j, a.signed_at, tz);
    j.Key("contacted_at");
    PutTime(j, a.contacted_at, tz);
    j.Key("replied_at");
    PutTime(j, a.replied_at, tz);
    j.Key("paused");
    j.Bool(a.paused_at.has_value());
    bool running = false;
    const SlaState sla = AssignmentSla(a, c, now, &running);
    if (running && int(sla) > int(worst)) worst = sla;
    j.Key("sla");
    j.String(Name(sla));
    j.Key("extension");
    if (a.extension) {
      j.BeginObject();
      j.Key("until");
      PutTime(j, a.extension->until, tz);
      j.Key("reason");
      j.String(a.extension->reason);
      j.Key("status");
      j.String(ExtensionStatusName(a.extension->status));
      j.Key("note");
      j.String(a.extension->note);
      j.EndObject();
    } else {
      j.Null();
    }
    j.Key("return_reason");
    j.String(a.return_reason);
    j.Key("reply");
    j.String(a.reply);
    j.Key("urge_count");
    j.Int(a.urge_count);
    j.EndObject();
  }
  j.EndArray();
  j.Key("due_at");
  PutTime(j, c.due_at, tz);
  j.Key("sla");
  j.String(Name(worst));
  j.Key("callback_due_at");
  PutTime(j, c.callback_due_at, tz);
  j.Key("rating");
  if (c.rating) {
    j.BeginObject();
    j.Key("satisfaction");
    j.String(Name(c.rating->satisfaction));
    j.Key("resolved");
    j.Bool(c.rating->resolved);
    j.Key("note");
    j.String(c.rating->note);
    j.Key("source");
    j.String(c.rating->source);
    j.EndObject();
  } else {
    j.Null();
  }
  j.Key("reply");
  j.String(c.reply);
  j.Key("reply_resolved");
  j.Bool(c.reply_resolved);
  j.Key("reply_to_citizen");
  j.String(c.reply_to_citizen);
  j.Key("kb_article_id");
  j.StringOrNull(c.kb_article_id);
  j.Key("parent_id");
  j.StringOrNull(c.parent_id);
  j.Key("transfer_to");
  j.StringOrNull(c.transfer_to);
  j.Key("supervisions");
  j.BeginArray();
  for (const auto& s : c.supervisions) {
    j.BeginObject();
    j.Key("note");
    j.String(s.note);
    j.Key("due_at");
    PutTime(j, s.due_at, tz);
    j.Key("issued_at");
    PutTime(j, s.issued_at, tz);
    j.EndObject();
  }
  j.EndArray();
  j.Key("reopen_count");
  j.Int(c.reopen_count);
  j.Key("urge_count");
  j.Int(c.urge_count);
  j.Key("created_at");
  PutTime(j, c.created_at, tz);
  j.Key("updated_at");
  PutTime(j, c.updated_at, tz);
  j.Key("closed_at");
  PutTime(j, c.closed_at, tz);
  j.Key("version");
  j.Int(c.version);
  if (with_actions) {
    j.Key("allowed_actions");
    j.BeginArray();
    for (const auto& a : engine.AllowedActions(actor, c)) j.String(a);
    j.EndArray();
  }
  j.EndObject();
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
