#include "src/store/case_doc.h"

namespace hotline::store {
namespace bj = boost::json;
using namespace hotline::domain;

namespace {

void PutTime(bj::object& o, const char* k, const std::optional<TimePoint>& t) {
  if (t) o[k] = ToUnixMillis(*t);
}
std::optional<TimePoint> GetTime(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  if (!v || !v->is_int64()) return std::nullopt;
  return FromUnixMillis(v->as_int64());
}
std::string GetStr(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
int64_t GetInt(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_int64() ? v->as_int64() : 0;
}
bool GetBool(const bj::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_bool() && v->as_bool();
}

// The stored documents are this file's own output (boost::json::serialize of strings that the API
// accepted only as valid UTF-8), so reading them back skips the UTF-8 re-validation: with it,
// every non-ASCII byte (most of a Chinese case) leaves boost::json's vectorised string scan for a
// byte-wise check, the largest single cost of a case read. Structure, escapes and numbers are
// still checked; the bytes of every string are copied as stored either way.
bj::parse_options StoredDocOptions() {
  bj::parse_options o;
  o.allow_invalid_utf8 = true;
  return o;
}

}  // namespace

std::string CaseDocToJson(const Case& c) {
  bj::object o;
  o["query_code"] = c.query_code;
  o["escalated"] = c.escalated;
  o["published"] = c.published;
  o["confidential"] = c.confidential;
  bj::object loc;
  loc["address"] = c.location.address;
  if (c.location.lat) loc["lat"] = *c.location.lat;
  if (c.location.lng) loc["lng"] = *c.location.lng;
  o["location"] = std::move(loc);
  o["call_id"] = c.call_id;
  bj::array as;
  for (const auto& a : c.assignments) {
    bj::object x;
    x["id"] = a.id;
    x["unit_id"] = a.unit_id;
    x["role"] = Name(a.role);
    x["status"] = Name(a.status);
    x["by"] = a.dispatched_by_unit;
    x["parent"] = a.parent_assignment;
    x["assigned_at"] = ToUnixMillis(a.assigned_at);
    x["sign_due_at"] = ToUnixMillis(a.sign_due_at);
    x["contact_due_at"] = ToUnixMillis(a.contact_due_at);
    x["due_at"] = ToUnixMillis(a.due_at);
    x["warn_at"] = ToUnixMillis(a.warn_at);
    x["h24"] = a.clock_24x7;
    PutTime(x, "signed_at", a.signed_at);
    PutTime(x, "contacted_at", a.contacted_at);
    PutTime(x, "replied_at", a.replied_at);
    PutTime(x, "paused_at", a.paused_at);
    if (a.extension) {
      bj::object e;
      e["until"] = ToUnixMillis(a.extension->until);
      e["reason"] = a.extension->reason;
      e["status"] = int(a.extension->status);
      e["note"] = a.extension->note;
      x["extension"] = std::move(e);
    }
    x["return_reason"] = a.return_reason;
    x["reply"] = a.reply;
    x["sla_emitted"] = Name(a.sla_emitted);
    x["urges"] = a.urge_count;
    as.push_back(std::move(x));
  }
  o["assignments"] = std::move(as);
  PutTime(o, "callback_due_at", c.callback_due_at);
  if (c.rating) {
    bj::object r;
    r["satisfaction"] = Name(c.rating->satisfaction);
    r["resolved"] = c.rating->resolved;
    r["note"] = c.rating->note;
    r["source"] = c.rating->source;
    o["rating"] = std::move(r);
  }
  o["reply"] = c.reply;
  o["reply_resolved"] = c.reply_resolved;
  o["reply_to_citizen"] = c.reply_to_citizen;
  o["kb_article_id"] = c.kb_article_id;
  o["transfer_to"] = c.transfer_to;
  bj::array sv;
  for (const auto& s : c.supervisions)
    sv.push_back(bj::object{{"note", s.note},
                            {"due_at", ToUnixMillis(s.due_at)},
                            {"issued_at", ToUnixMillis(s.issued_at)}});
  o["supervisions"] = std::move(sv);
  o["reopens"] = c.reopen_count;
  o["urges"] = c.urge_count;
  o["created_by"] = c.created_by;
  PutTime(o, "closed_at", c.closed_at);
  return bj::serialize(o);
}

Status CaseDocFromJson(std::string_view text, Case* c) {
  boost::system::error_code ec;
  // Every case read parses this document and copies what it needs out of it: parse into one
  // arena (a stack buffer, growing on the heap only for large documents) instead of one heap
  // allocation per key and string. Nothing below keeps a JSON value beyond this function.
  unsigned char buffer[16384];
  bj::monotonic_resource arena(buffer, sizeof buffer);
  bj::value v = bj::parse(text, ec, &arena, StoredDocOptions());
  if (ec || !v.is_object())
    return Status::Internal("case " + c->id + ": stored document is corrupt (" + ec.message() +
                            ", " + std::to_string(text.size()) + " bytes)");
  const auto& o = v.as_object();
  c->query_code = GetStr(o, "query_code");
  c->escalated = GetBool(o, "escalated");
  c->published = GetBool(o, "published");
  c->confidential = GetBool(o, "confidential");
  if (auto* loc = o.if_contains("location"); loc && loc->is_object()) {
    const auto& l = loc->as_object();
    c->location.address = GetStr(l, "address");
    if (auto* lat = l.if_contains("lat"); lat && lat->is_number())
      c->location.lat = lat->to_number<double>();
    if (auto* lng = l.if_contains("lng"); lng && lng->is_number())
      c->location.lng = lng->to_number<double>();
  }
  c->call_id = GetStr(o, "call_id");
  c->assignments.clear();
  if (auto* as = o.if_contains("assignments"); as && as->is_array()) {
    for (const auto& xv : as->as_array()) {
      if (!xv.is_object()) continue;
      const auto& x = xv.as_object();
      Assignment a;
      a.id = GetStr(x, "id");
      a.unit_id = GetStr(x, "unit_id");
      a.role = ParseAssignmentRole(GetStr(x, "role")).value_or(AssignmentRole::kLead);
      a.status = ParseAssignmentStatus(GetStr(x, "status")).value_or(AssignmentStatus::kPending);
      a.dispatched_by_unit = GetStr(x, "by");
      a.parent_assignment = GetStr(x, "parent");
      a.assigned_at = FromUnixMillis(GetInt(x, "assigned_at"));
      a.sign_due_at = FromUnixMillis(GetInt(x, "sign_due_at"));
      a.contact_due_at = FromUnixMillis(GetInt(x, "contact_due_at"));
      a.due_at = FromUnixMillis(GetInt(x, "due_at"));
      a.warn_at = FromUnixMillis(GetInt(x, "warn_at"));
      a.clock_24x7 = GetBool(x, "h24");
      a.signed_at = GetTime(x, "signed_at");
      a.contacted_at = GetTime(x, "contacted_at");
      a.replied_at = GetTime(x, "replied_at");
      a.paused_at = GetTime(x, "paused_at");
      if (auto* e = x.if_contains("extension"); e && e->is_object()) {
        Extension ext;
        ext.until = FromUnixMillis(GetInt(e->as_object(), "until"));
        ext.reason = GetStr(e->as_object(), "reason");
        ext.status = ExtensionStatus(GetInt(e->as_object(), "status"));
        ext.note = GetStr(e->as_object(), "note");
        a.extension = ext;
      }
      a.return_reason = GetStr(x, "return_reason");
      a.reply = GetStr(x, "reply");
      a.sla_emitted = ParseSlaState(GetStr(x, "sla_emitted")).value_or(SlaState::kOk);
      a.urge_count = int(GetInt(x, "urges"));
      c->assignments.push_back(std::move(a));
    }
  }
  c->callback_due_at = GetTime(o, "callback_due_at");
  if (auto* r = o.if_contains("rating"); r && r->is_object()) {
    Rating rating;
    rating.satisfaction = ParseSatisfaction(GetStr(r->as_object(), "satisfaction"))
                              .value_or(Satisfaction::kSatisfied);
    rating.resolved = GetBool(r->as_object(), "resolved");
    rating.note = GetStr(r->as_object(), "note");
    rating.source = GetStr(r->as_object(), "source");
    c->rating = rating;
  }
  c->reply = GetStr(o, "reply");
  c->reply_resolved = GetBool(o, "reply_resolved");
  c->reply_to_citizen = GetStr(o, "reply_to_citizen");
  c->kb_article_id = GetStr(o, "kb_article_id");
  c->transfer_to = GetStr(o, "transfer_to");
  c->supervisions.clear();
  if (auto* sv = o.if_contains("supervisions"); sv && sv->is_array()) {
    for (const auto& s : sv->as_array()) {
      if (!s.is_object()) continue;
      c->supervisions.push_back({GetStr(s.as_object(), "note"),
                                 FromUnixMillis(GetInt(s.as_object(), "due_at")),
                                 FromUnixMillis(GetInt(s.as_object(), "issued_at"))});
    }
  }
  c->reopen_count = int(GetInt(o, "reopens"));
  c->urge_count = int(GetInt(o, "urges"));
  c->created_by = GetStr(o, "created_by");
  c->closed_at = GetTime(o, "closed_at");
  return Status::Ok();
}

std::string CitizenToJson(const Citizen& c) {
  bj::object o;
  if (!c.name.empty()) o["name"] = c.name;
  if (!c.phone.empty()) o["phone"] = c.phone;
  if (!c.id_number.empty()) o["id_number"] = c.id_number;
  if (!c.email.empty()) o["email"] = c.email;
  return bj::serialize(o);
}

Result<Citizen> CitizenFromJson(std::string_view text) {
  boost::system::error_code ec;
  unsigned char buffer[1024];
  bj::monotonic_resource arena(buffer, sizeof buffer);
  bj::value v = bj::parse(text, ec, &arena, StoredDocOptions());
  if (ec || !v.is_object()) return Status::Internal("stored personal data is corrupt");
  const auto& o = v.as_object();
  return Citizen{GetStr(o, "name"), GetStr(o, "phone"), GetStr(o, "id_number"), GetStr(o, "email")};
}

}  // namespace hotline::store
