#include "src/open311/georeport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "src/common/crypto.h"
#include "src/common/json.h"
#include "src/open311/xml_writer.h"

namespace hotline::open311 {
namespace bj = boost::json;
using namespace hotline::domain;

// Generated from data/open311/service_definitions.json (CMakeLists.txt).
std::string_view EmbeddedDefinitions();

namespace {

constexpr size_t kDescriptionMax = 4000;  // the schema's maxLength for description

std::string_view Singular(std::string_view plural) {
  if (plural == "attributes") return "attribute";
  if (plural == "values") return "value";
  if (plural == "endpoints") return "endpoint";
  if (plural == "formats") return "format";
  if (plural == "notes") return "note";
  if (plural == "services") return "service";
  return "item";
}

struct XmlNames {
  std::string_view root;
  std::string_view item;  // for a top-level array
};

XmlNames NamesOf(Resource r) {
  switch (r) {
    case Resource::kDiscovery:
      return {"discovery", "item"};
    case Resource::kServices:
      return {"services", "service"};
    case Resource::kServiceDefinition:
      return {"service_definition", "item"};
    case Resource::kRequests:
    case Resource::kPostResult:
    case Resource::kTokens:
      return {"service_requests", "request"};
    case Resource::kUpdates:
      return {"service_requests_updates", "request_update"};
    case Resource::kErrors:
      return {"errors", "error"};
  }
  return {"response", "item"};
}

void WriteValue(XmlWriter& w, std::string_view name, const bj::value& v);

void WriteFields(XmlWriter& w, const bj::object& o) {
  for (const auto& [k, v] : o) WriteValue(w, k, v);
}

void WriteValue(XmlWriter& w, std::string_view name, const bj::value& v) {
  switch (v.kind()) {
    case bj::kind::null:
      w.Text(name, "");
      break;
    case bj::kind::bool_:
      w.Bool(name, v.get_bool());
      break;
    case bj::kind::int64:
      w.Int(name, v.get_int64());
      break;
    case bj::kind::uint64:
      w.Text(name, std::to_string(v.get_uint64()));
      break;
    case bj::kind::double_:
      w.Number(name, v.get_double());
      break;
    case bj::kind::string:
      w.Text(name, v.get_string());
      break;
    case bj::kind::object:
      w.Open(name);
      WriteFields(w, v.get_object());
      w.Close();
      break;
    case bj::kind::array:
      w.Open(name);
      for (const auto& item : v.get_array()) WriteValue(w, Singular(name), item);
      w.Close();
      break;
  }
}

// JSON text like bj::serialize, but doubles in plain decimal ("30.5928", not "3.05928E1"), which
// is what Open311 clients and people reading coordinates expect.
void WriteJson(const bj::value& v, std::string& out) {
  switch (v.kind()) {
    case bj::kind::double_: {
      double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.12g", d);
      out += buf;
      return;
    }
    case bj::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [k, x] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += bj::serialize(bj::value(bj::string(k)));
        out += ':';
        WriteJson(x, out);
      }
      out += '}';
      return;
    }
    case bj::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v.get_array()) {
        if (!first) out += ',';
        first = false;
        WriteJson(x, out);
      }
      out += ']';
      return;
    }
    default:
      out += bj::serialize(v);
  }
}

std::string JoinComma(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

void ReplaceAll(std::string& s, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  size_t pos = 0;
  while ((pos = s.find(what, pos)) != std::string::npos) {
    s.replace(pos, what.size(), with);
    pos += with.size();
  }
}

std::optional<std::string> NonEmpty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

bj::value OptJson(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return bj::value(*s);
}

const Unit* LeadUnit(const Case& c, const workflow::Directory& dir) {
  const Assignment* a = c.LeadAssignment();
  if (!a) {
    // A finished case: the last lead assignment that was not returned or recalled.
    for (auto it = c.assignments.rbegin(); it != c.assignments.rend(); ++it)
      if (it->role == AssignmentRole::kLead && it->status != AssignmentStatus::kReturned &&
          it->status != AssignmentStatus::kRecalled) {
        a = &*it;
        break;
      }
  }
  return a ? dir.FindUnit(a->unit_id) : nullptr;
}

std::string_view PlainStatusWords(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNew:
      return "已受理，等待派单。Received.";
    case CaseStatus::kAnswered:
      return "已答复。Answered.";
    case CaseStatus::kDispatched:
      return "已转交承办单位。Sent to the responsible agency.";
    case CaseStatus::kInProgress:
    case CaseStatus::kReturnRequested:
    case CaseStatus::kReplied:
      return "承办单位正在办理。In progress.";
    case CaseStatus::kCallbackPending:
      return "已答复，等待回访。Answered; awaiting follow-up.";
    case CaseStatus::kClosed:
      return "已办结。Closed.";
    case CaseStatus::kMerged:
      return "与其他工单合并办理。Merged with another request.";
    case CaseStatus::kTransferred:
      return "已转交其他部门处理。Transferred to another service.";
    case CaseStatus::kInvalid:
      return "不予受理。Not accepted.";
  }
  return "";
}

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool HasControl(std::string_view s, bool allow_newlines) {
  for (unsigned char c : s) {
    if (c == 0x7F) return true;
    if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) return true;
  }
  return false;
}

Status CheckText(std::string_view field, std::string_view v, size_t max_chars, bool multiline) {
  if (!IsValidUtf8(v))
    return Status::Invalid(std::string(field) + " is not valid UTF-8", std::string(field));
  if (json::Utf8Length(v) > max_chars)
    return Status::Invalid(
        std::string(field) + " is longer than " + std::to_string(max_chars) + " characters",
        std::string(field));
  if (HasControl(v, multiline))
    return Status::Invalid(std::string(field) + " holds control characters", std::string(field));
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------- encoding

std::string JsonToXml(const bj::value& v, Resource r) {
  XmlNames names = NamesOf(r);
  XmlWriter w(names.root);
  if (v.is_array()) {
    for (const auto& item : v.get_array()) WriteValue(w, names.item, item);
  } else if (v.is_object()) {
    WriteFields(w, v.get_object());
  }
  return std::move(w).Finish();
}

Encoded Encode(const bj::value& v, Resource r, Format f, unsigned status) {
  Encoded e;
  e.status = status;
  if (f == Format::kJson) {
    e.content_type = "application/json; charset=utf-8";
    WriteJson(v, e.body);
  } else {
    e.content_type = "text/xml; charset=utf-8";
    e.body = JsonToXml(v, r);
  }
  return e;
}

Encoded Error(Format f, unsigned http_status, std::string_view description) {
  bj::array a;
  a.push_back(bj::object{{"code", http_status}, {"description", description}});
  return Encode(a, Resource::kErrors, f, http_status);
}

// ---------------------------------------------------------------- definitions

Result<std::vector<DefinitionRule>> ParseDefinitionRules(std::string_view text) {
  boost::system::error_code ec;
  bj::value v = bj::parse(text, ec);
  if (ec || !v.is_object()) return Status::Invalid("service definitions: not a JSON object");
  const auto* rules = v.as_object().if_contains("rules");
  if (!rules || !rules->is_array())
    return Status::Invalid("service definitions: no \"rules\" array");
  std::vector<DefinitionRule> out;
  std::set<std::string> prefixes;
  static const std::set<std::string> kTypes = {"string", "number",          "datetime",
                                               "text",   "singlevaluelist", "multivaluelist"};
  for (const auto& rv : rules->as_array()) {
    if (!rv.is_object()) return Status::Invalid("service definitions: a rule is not an object");
    const auto& ro = rv.as_object();
    DefinitionRule rule;
    HOTLINE_ASSIGN_OR_RETURN(auto prefix, json::OptString(ro, "prefix", 32));
    if (!prefix) return Status::Invalid("service definitions: a rule without \"prefix\"");
    rule.prefix = *prefix;
    if (!prefixes.insert(rule.prefix).second)
      return Status::Invalid("service definitions: prefix \"" + rule.prefix + "\" twice");
    HOTLINE_ASSIGN_OR_RETURN(auto type, json::OptString(ro, "case_type", 32));
    if (type) {
      auto t = ParseCaseType(*type);
      if (!t) return Status::Invalid("service definitions: unknown case_type " + *type);
      rule.case_type = *t;
    }
    const auto* attrs = ro.if_contains("attributes");
    if (attrs && !attrs->is_array())
      return Status::Invalid("service definitions: attributes is not an array");
    std::set<std::string> codes;
    if (attrs)
      for (const auto& av : attrs->as_array()) {
        if (!av.is_object())
          return Status::Invalid("service definitions: an attribute is not an object");
        const auto& ao = av.as_object();
        Attribute a;
        HOTLINE_ASSIGN_OR_RETURN(a.code, json::ReqString(ao, "code", 64));
        if (!codes.insert(a.code).second)
          return Status::Invalid("service definitions: attribute " + a.code + " twice in " +
                                 rule.prefix);
        HOTLINE_ASSIGN_OR_RETURN(a.datatype, json::ReqString(ao, "datatype", 32));
        if (!kTypes.count(a.datatype))
          return Status::Invalid("service definitions: unknown datatype " + a.datatype);
        HOTLINE_ASSIGN_OR_RETURN(auto req, json::OptBool(ao, "required"));
        a.required = req.value_or(false);
        HOTLINE_ASSIGN_OR_RETURN(auto var, json::OptBool(ao, "variable"));
        a.variable = var.value_or(true);
        HOTLINE_ASSIGN_OR_RETURN(auto order, json::OptInt(ao, "order"));
        a.order = int(order.value_or(1));
        HOTLINE_ASSIGN_OR_RETURN(auto desc, json::OptString(ao, "description", 500));
        a.description = desc.value_or("");
        HOTLINE_ASSIGN_OR_RETURN(auto dd, json::OptString(ao, "datatype_description", 500));
        a.datatype_description = dd.value_or("");
        const bool list = a.datatype == "singlevaluelist" || a.datatype == "multivaluelist";
        const auto* vals = ao.if_contains("values");
        if (list && (!vals || !vals->is_array() || vals->as_array().empty()))
          return Status::Invalid("service definitions: " + a.code + " needs values");
        if (list)
          for (const auto& x : vals->as_array()) {
            if (!x.is_object())
              return Status::Invalid("service definitions: a value is not an object");
            AttributeValue val;
            HOTLINE_ASSIGN_OR_RETURN(val.key, json::ReqString(x.as_object(), "key", 64));
            HOTLINE_ASSIGN_OR_RETURN(val.name, json::ReqString(x.as_object(), "name", 200));
            a.values.push_back(std::move(val));
          }
        rule.attributes.push_back(std::move(a));
      }
    std::sort(rule.attributes.begin(), rule.attributes.end(),
              [](const Attribute& x, const Attribute& y) { return x.order < y.order; });
    out.push_back(std::move(rule));
  }
  if (!prefixes.count(""))
    return Status::Invalid("service definitions: no default rule (prefix \"\")");
  return out;
}

const std::vector<DefinitionRule>& BuiltinDefinitionRules() {
  static const std::vector<DefinitionRule> kRules = [] {
    auto r = ParseDefinitionRules(EmbeddedDefinitions());
    return r.ok() ? std::move(r).value() : std::vector<DefinitionRule>{DefinitionRule{}};
  }();
  return kRules;
}

// ---------------------------------------------------------------- catalog

ServiceCatalog::ServiceCatalog(const workflow::Directory& dir,
                               const std::vector<DefinitionRule>& rules)
    : dir_(dir) {
  std::set<std::string> parents;
  for (const auto& c : dir.categories())
    if (!c.parent_id.empty()) parents.insert(c.parent_id);
  for (const auto& c : dir.categories()) {
    if (c.disabled || parents.count(c.id) || c.code.empty()) continue;
    // The top-level ancestor (bounded walk: the tree is at most a few levels deep).
    const Category* top = &c;
    for (int i = 0; i < 16 && !top->parent_id.empty(); ++i) {
      const Category* p = dir.FindCategory(top->parent_id);
      if (!p) break;
      top = p;
    }
    if (top->disabled) continue;
    Service s;
    s.category = &c;
    s.group = top->name;
    for (const auto& r : rules)
      if (c.code.rfind(r.prefix, 0) == 0 && (!s.rule || r.prefix.size() > s.rule->prefix.size()))
        s.rule = &r;
    services_.push_back(std::move(s));
  }
  std::sort(services_.begin(), services_.end(),
            [](const Service& a, const Service& b) { return a.category->code < b.category->code; });
  for (size_t i = 0; i < services_.size(); ++i) by_code_.emplace(services_[i].category->code, i);
}

const ServiceCatalog::Service* ServiceCatalog::Find(std::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &services_[it->second];
}

std::string ServiceCatalog::CodeOf(const std::string& category_id) const {
  const Category* c = dir_.FindCategory(category_id);
  return c ? c->code : "";
}

bj::array ServiceCatalog::ServicesJson() const {
  bj::array out;
  for (const auto& s : services_) {
    const Category& c = *s.category;
    std::string desc = c.name_en.empty() ? s.group + " / " + c.name
                                         : s.group + " / " + c.name + " (" + c.name_en + ")";
    out.push_back(bj::object{
        {"service_code", c.code},
        {"service_name", c.name},
        {"description", desc},
        {"metadata", s.rule && !s.rule->attributes.empty()},
        {"type", "realtime"},
        {"keywords", c.keywords.empty() ? bj::value(nullptr) : bj::value(JoinComma(c.keywords))},
        {"group", s.group}});
  }
  return out;
}

bj::object ServiceCatalog::DefinitionJson(const Service& s) const {
  bj::array attrs;
  if (s.rule)
    for (const auto& a : s.rule->attributes) {
      bj::object o{
          {"variable", a.variable},
          {"code", a.code},
          {"datatype", a.datatype},
          {"required", a.required},
          {"datatype_description",
           a.datatype_description.empty() ? bj::value(nullptr) : bj::value(a.datatype_description)},
          {"order", a.order},
          {"description", a.description}};
      if (!a.values.empty()) {
        bj::array vals;
        for (const auto& v : a.values) vals.push_back(bj::object{{"key", v.key}, {"name", v.name}});
        o["values"] = std::move(vals);
      }
      attrs.push_back(std::move(o));
    }
  return bj::object{{"service_code", s.category->code}, {"attributes", std::move(attrs)}};
}

// ---------------------------------------------------------------- public requests

std::string_view PublicStatus(CaseStatus s) { return IsOpen(s) ? "open" : "closed"; }

std::string ScrubPersonalData(std::string_view text, const Citizen& citizen) {
  std::string s(text);
  // The citizen's own details as given, wherever they appear.
  if (json::Utf8Length(citizen.name) >= 2) ReplaceAll(s, citizen.name, "***");
  if (citizen.phone.size() >= 5) ReplaceAll(s, citizen.phone, "***");
  if (citizen.email.size() >= 3) ReplaceAll(s, citizen.email, "***");
  if (citizen.id_number.size() >= 6) ReplaceAll(s, citizen.id_number, "***");
  // Long digit runs (phones, ID numbers, bank cards), ASCII or full-width (０-９), allowing spaces
  // and dashes inside.
  auto digit_len = [&](size_t i) -> size_t {  // bytes of the digit at s[i], 0 if none
    if (i < s.size() && IsAsciiDigit(s[i])) return 1;
    if (i + 2 < s.size() && s[i] == '\xEF' && s[i + 1] == '\xBC' &&
        static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(s[i + 2]) <= 0x99)
      return 3;
    return 0;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const bool plus = s[i] == '+' && digit_len(i + 1) > 0;
    if (digit_len(i) || plus) {
      size_t j = i, digits = 0, last_digit_end = i + 1;
      if (plus) ++j;
      while (j < s.size()) {
        if (size_t n = digit_len(j)) {
          ++digits;
          j += n;
          last_digit_end = j;
        } else if (s[j] == ' ' || s[j] == '-') {
          ++j;
        } else {
          break;
        }
      }
      // An ID number may end in X.
      if (last_digit_end < s.size() && (s[last_digit_end] == 'X' || s[last_digit_end] == 'x') &&
          digits == 17)
        ++last_digit_end;
      if (digits >= 7)
        out += "***";
      else
        out.append(s, i, last_digit_end - i);
      i = last_digit_end;
      continue;
    }
    out += s[i++];
  }
  // E-mail addresses: the run of address characters around each '@'.
  auto addr_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
           c == '+' || c == '%';
  };
  for (size_t at = out.find('@'); at != std::string::npos; at = out.find('@', at)) {
    size_t b = at, e = at + 1;
    while (b > 0 && addr_char(out[b - 1])) --b;
    while (e < out.size() && addr_char(out[e])) ++e;
    if (b < at && e > at + 1) {
      out.replace(b, e - b, "***");
      at = b + 3;
    } else {
      ++at;
    }
  }
  return out;
}

const std::vector<std::string>& PublicNoteActions() {
  static const std::vector<std::string> kActions = {
      "register", "dispatch", "sign",  "answer",   "approve_reply", "callback",
      "close",    "reopen",   "merge", "transfer", "invalidate"};
  return kActions;
}

std::optional<PublicNote> NoteForEvent(const Event& e, const workflow::Directory& dir,
                                       const Citizen& citizen) {
  auto str = [&](const char* key) -> std::string {
    const auto* v = e.data.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  auto flag = [&](const char* key) {
    const auto* v = e.data.if_contains(key);
    return v && v->is_bool() && v->as_bool();
  };
  const std::string& a = e.action;
  if (a == "register") return PublicNote{"OPEN", "已受理。Received."};
  if (a == "dispatch") {
    std::string unit;
    if (const auto* units = e.data.if_contains("units"); units && units->is_array())
      for (const auto& u : units->as_array())
        if (u.is_object() && u.as_object().if_contains("role") &&
            u.as_object().at("role") == "lead" && u.as_object().at("unit_id").is_string())
          if (const Unit* x = dir.FindUnit(std::string(u.as_object().at("unit_id").as_string())))
            unit = x->name;
    return PublicNote{"ACTION_SCHEDULED",
                      unit.empty()
                          ? "已转交承办单位。Sent to the responsible agency."
                          : "已转交承办单位：" + unit + "。Sent to the responsible agency."};
  }
  if (a == "sign") return PublicNote{"IN_PROGRESS", "承办单位已签收，正在办理。In progress."};
  if (a == "answer") return PublicNote{"IN_PROGRESS", ScrubPersonalData(str("reply"), citizen)};
  if (a == "approve_reply")
    return PublicNote{"IN_PROGRESS", ScrubPersonalData(str("reply_to_citizen"), citizen)};
  if (a == "callback") {
    if (flag("reopen")) return PublicNote{"OPEN", "重新办理。Reopened."};
    return PublicNote{flag("resolved") ? "FIXED" : "CLOSED", "已办结。Closed."};
  }
  if (a == "close") return PublicNote{"CLOSED", "已办结。Closed."};
  if (a == "reopen") return PublicNote{"OPEN", "重新办理。Reopened."};
  if (a == "merge") {
    std::string parent = str("parent_number");
    return PublicNote{"DUPLICATE",
                      parent.empty()
                          ? "与其他工单合并办理。Merged with another request."
                          : "与工单 " + parent + " 合并办理。Merged with request " + parent + "."};
  }
  if (a == "transfer")
    return PublicNote{"NOT_COUNCILS_RESPONSIBILITY",
                      "已转交其他部门处理。Transferred to another service."};
  if (a == "invalidate") return PublicNote{"NO_FURTHER_ACTION", "不予受理。Not accepted."};
  return std::nullopt;
}

bj::object RequestJson(const Case& c, const std::optional<store::Open311Request>& extra,
                       const ServiceCatalog& catalog, const workflow::Directory& dir, TimeZone tz,
                       const std::vector<Event>* events) {
  const Category* cat = dir.FindCategory(c.category_id);
  const Unit* lead = LeadUnit(c, dir);
  const bool shows_reply =
      !c.reply_to_citizen.empty() &&
      (c.status == CaseStatus::kAnswered || c.status == CaseStatus::kCallbackPending ||
       c.status == CaseStatus::kClosed || c.status == CaseStatus::kMerged);
  std::string notes = shows_reply ? ScrubPersonalData(c.reply_to_citizen, c.citizen)
                                  : std::string(PlainStatusWords(c.status));
  std::string description =
      json::Utf8Prefix(ScrubPersonalData(c.content, c.citizen), kDescriptionMax);
  // Where: an Open311 client posted the location of a public-space problem, so it is shown as
  // given; for other channels the address may be the citizen's home, so only the district is shown.
  const bool from_open311 = c.channel == Channel::kOpen311 && extra.has_value();
  std::optional<std::string> address;
  bj::value lat = nullptr, lng = nullptr;
  if (from_open311) {
    address = NonEmpty(ScrubPersonalData(c.location.address, c.citizen));
    if (c.location.lat) lat = *c.location.lat;
    if (c.location.lng) lng = *c.location.lng;
  } else if (const Unit* d = dir.FindUnit(c.location.district_id)) {
    address = d->name;
  }
  std::optional<std::string> notice;
  if (c.due_at && IsOpen(c.status))
    notice = "承办单位应于 " + FormatRfc3339(*c.due_at, tz).substr(0, 10) +
             " 前办结。Expected to be handled by " + FormatRfc3339(*c.due_at, tz).substr(0, 10) +
             ".";
  bj::object o;
  o["service_request_id"] = c.number;
  o["status"] = PublicStatus(c.status);
  o["status_notes"] = notes;
  o["service_name"] = cat ? bj::value(cat->name) : bj::value(nullptr);
  o["service_code"] = catalog.CodeOf(c.category_id);
  o["description"] = description;
  o["agency_responsible"] = lead ? bj::value(lead->name) : bj::value(nullptr);
  o["service_notice"] = OptJson(notice);
  o["requested_datetime"] = FormatRfc3339(c.created_at, tz);
  o["updated_datetime"] = FormatRfc3339(
      c.closed_at && !IsOpen(c.status) ? std::max(*c.closed_at, c.updated_at) : c.updated_at, tz);
  o["expected_datetime"] =
      c.due_at && IsOpen(c.status) ? bj::value(FormatRfc3339(*c.due_at, tz)) : bj::value(nullptr);
  o["address"] = OptJson(address);
  o["address_id"] = from_open311 && !extra->address_id.empty() ? bj::value(extra->address_id)
                                                               : bj::value(nullptr);
  o["zipcode"] = nullptr;
  o["lat"] = lat;
  o["long"] = lng;
  o["media_url"] =
      from_open311 && !extra->media_url.empty() ? bj::value(extra->media_url) : bj::value(nullptr);
  if (events) {
    bj::array list;
    for (const auto& e : *events) {
      auto n = NoteForEvent(e, dir, c.citizen);
      if (!n) continue;
      list.push_back(bj::object{{"datetime", FormatRfc3339(e.at, tz)},
                                {"status", n->status},
                                {"description", n->description}});
    }
    o["extended_attributes"] =
        bj::object{{"case_type", Name(c.type)},
                   {"channel", Name(c.channel)},
                   {"detailed_status", Name(c.status)},
                   {"status_label", Label(c.status)},
                   {"group", cat ? bj::value(cat->name) : bj::value(nullptr)},
                   {"notes", std::move(list)}};
    // The group of the service, not the category itself.
    if (const auto* s = catalog.Find(catalog.CodeOf(c.category_id)))
      o["extended_attributes"].as_object()["group"] = s->group;
  }
  return o;
}

bj::object UpdateJson(const store::AuditEntry& a, const PublicNote& note, TimeZone tz) {
  return bj::object{{"update_id", std::to_string(a.id)},
                    {"service_request_id", a.case_number},
                    {"status", note.status},
                    {"updated_datetime", FormatRfc3339(a.event.at, tz)},
                    {"description", note.description},
                    {"media_url", nullptr}};
}

// ---------------------------------------------------------------- API keys

NewApiKey MakeApiKey(const std::string& name, const std::string& created_by, TimePoint now) {
  NewApiKey k;
  k.secret = "o311_" + RandomHex(24);
  k.key.name = name;
  k.key.key_hash = ApiKeyHash(k.secret);
  k.key.prefix = k.secret.substr(0, 12);
  k.key.created_by = created_by;
  k.key.created_at = now;
  return k;
}

std::string ApiKeyHash(std::string_view secret) { return Sha256Hex(secret); }

// ---------------------------------------------------------------- POST requests

Result<std::vector<std::pair<std::string, std::string>>> ParseForm(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  auto decode = [](std::string_view in) -> Result<std::string> {
    std::string s;
    s.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      char c = in[i];
      if (c == '+') {
        s += ' ';
      } else if (c == '%') {
        auto hex = [](char h) -> int {
          if (h >= '0' && h <= '9') return h - '0';
          if (h >= 'a' && h <= 'f') return h - 'a' + 10;
          if (h >= 'A' && h <= 'F') return h - 'A' + 10;
          return -1;
        };
        if (i + 2 >= in.size()) return Status::Invalid("malformed %-escape in the form");
        int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
        if (hi < 0 || lo < 0) return Status::Invalid("malformed %-escape in the form");
        s += char(hi * 16 + lo);
        i += 2;
      } else {
        s += c;
      }
    }
    return s;
  };
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      HOTLINE_ASSIGN_OR_RETURN(std::string k, decode(pair.substr(0, eq)));
      std::string v;
      if (eq != std::string_view::npos) {
        HOTLINE_ASSIGN_OR_RETURN(v, decode(pair.substr(eq + 1)));
      }
      if (!IsValidUtf8(k) || !IsValidUtf8(v)) return Status::Invalid("the form is not valid UTF-8");
      out.emplace_back(std::move(k), std::move(v));
    }
    if (end == body.size()) break;
    start = end + 1;
  }
  return out;
}

std::optional<std::string> NormalizePhone(std::string_view in) {
  std::string d;
  for (char ch : in) {
    if (ch == ' ' || ch == '-') continue;
    d += ch;
  }
  if (d.rfind("+86", 0) == 0)
    d = d.substr(3);
  else if (d.size() == 13 && d.rfind("86", 0) == 0)
    d = d.substr(2);
  if (d.empty() || !std::all_of(d.begin(), d.end(), IsAsciiDigit)) return std::nullopt;
  if (d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') return d;
  if (d.size() >= 10 && d.size() <= 12 && d[0] == '0' && d[1] != '0') return d;
  return std::nullopt;
}

Result<Submission> ParseSubmission(const std::vector<std::pair<std::string, std::string>>& params) {
  Submission s;
  std::map<std::string, std::string> one;
  for (const auto& [k, v] : params) {
    if (k.rfind("attribute[", 0) == 0) {
      // attribute[code]=v or attribute[code][]=v (multivaluelist)
      size_t close = k.find(']', 10);
      if (close == std::string::npos || close == 10)
        return Status::Invalid("malformed attribute parameter: " + json::Utf8Prefix(k, 64),
                               "attribute");
      std::string code = k.substr(10, close - 10);
      std::string rest = k.substr(close + 1);
      if (!rest.empty() && rest != "[]")
        return Status::Invalid("malformed attribute parameter: " + json::Utf8Prefix(k, 64),
                               "attribute");
      HOTLINE_RETURN_IF_ERROR(CheckText("attribute[" + code + "]", code, 64, false));
      HOTLINE_RETURN_IF_ERROR(CheckText("attribute[" + code + "]", v, 1000, true));
      auto& vals = s.attributes[code];
      if (vals.size() >= 20)
        return Status::Invalid("too many values for attribute[" + code + "]",
                               "attribute[" + code + "]");
      vals.push_back(Trimmed(v));
      if (s.attributes.size() > 50) return Status::Invalid("too many attributes", "attribute");
      continue;
    }
    one.try_emplace(k, v);  // the first occurrence wins (form fields come before the query)
  }
  auto get = [&](const char* k) {
    auto it = one.find(k);
    return it == one.end() ? std::string() : Trimmed(it->second);
  };
  struct Field {
    const char* name;
    std::string* out;
    size_t max;
    bool multiline;
  };
  const Field fields[] = {{"api_key", &s.api_key, 128, false},
                          {"jurisdiction_id", &s.jurisdiction_id, 128, false},
                          {"service_code", &s.service_code, 64, false},
                          {"address_string", &s.address_string, 200, false},
                          {"address_id", &s.address_id, 64, false},
                          {"email", &s.email, 128, false},
                          {"device_id", &s.device_id, 128, false},
                          {"account_id", &s.account_id, 128, false},
                          {"first_name", &s.first_name, 64, false},
                          {"last_name", &s.last_name, 64, false},
                          {"phone", &s.phone, 32, false},
                          {"description", &s.description, kDescriptionMax, true},
                          {"media_url", &s.media_url, 1024, false}};
  for (const auto& f : fields) {
    *f.out = get(f.name);
    HOTLINE_RETURN_IF_ERROR(CheckText(f.name, *f.out, f.max, f.multiline));
  }
  if (s.service_code.empty())
    return Status::Invalid("service_code was not provided", "service_code");
  auto coord = [&](const char* name, double lo, double hi) -> Result<std::optional<double>> {
    std::string t = get(name);
    if (t.empty()) return std::optional<double>();
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || errno != 0 || !std::isfinite(v) || v < lo || v > hi)
      return Status::Invalid(std::string(name) + " must be a number from " +
                                 std::to_string(int(lo)) + " to " + std::to_string(int(hi)) +
                                 " (WGS84)",
                             name);
    return std::optional<double>(v);
  };
  HOTLINE_ASSIGN_OR_RETURN(s.lat, coord("lat", -90, 90));
  HOTLINE_ASSIGN_OR_RETURN(s.lng, coord("long", -180, 180));
  if (s.lat.has_value() != s.lng.has_value())
    return Status::Invalid("lat and long go together", s.lat ? "long" : "lat");
  if (!s.lat && s.address_string.empty() && s.address_id.empty())
    return Status::Invalid("a location is required: lat & long, address_string or address_id",
                           "lat");
  if (!s.email.empty()) {
    auto at = s.email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= s.email.size() ||
        s.email.find_first_of(" \t") != std::string::npos)
      return Status::Invalid("email is not an e-mail address", "email");
  }
  if (!s.phone.empty()) {
    auto p = NormalizePhone(s.phone);
    if (!p)
      return Status::Invalid(
          "phone must be a mainland mobile number or a landline with its area code", "phone");
    s.phone = *p;
  }
  if (!s.media_url.empty() && s.media_url.rfind("https://", 0) != 0 &&
      s.media_url.rfind("http://", 0) != 0)
    return Status::Invalid("media_url must be an http(s) URL", "media_url");
  if (!s.media_url.empty() && s.media_url.find_first_of(" \"<>\\^`{|}") != std::string::npos)
    return Status::Invalid("media_url must be an http(s) URL", "media_url");
  return s;
}

Status CheckAttributes(const Submission& s, const ServiceCatalog::Service& service) {
  std::map<std::string, const Attribute*> defs;
  if (service.rule)
    for (const auto& a : service.rule->attributes) defs[a.code] = &a;
  for (const auto& [code, vals] : s.attributes) {
    auto it = defs.find(code);
    const std::string field = "attribute[" + code + "]";
    if (it == defs.end())
      return Status::Invalid("service " + service.category->code + " has no attribute " + code,
                             field);
    const Attribute& a = *it->second;
    if (vals.size() > 1 && a.datatype != "multivaluelist")
      return Status::Invalid(field + " takes one value", field);
    for (const auto& v : vals) {
      if (a.datatype == "singlevaluelist" || a.datatype == "multivaluelist") {
        bool known = std::any_of(a.values.begin(), a.values.end(),
                                 [&](const AttributeValue& x) { return x.key == v; });
        if (!known) return Status::Invalid(field + " is not one of the listed keys", field);
      } else if (a.datatype == "number") {
        char* end = nullptr;
        double d = std::strtod(v.c_str(), &end);
        if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(d))
          return Status::Invalid(field + " must be a number", field);
      } else if (a.datatype == "datetime") {
        if (!ParseRfc3339(v).ok())
          return Status::Invalid(field + " must be an ISO 8601 date-time", field);
      } else if (a.datatype == "string" && json::Utf8Length(v) > 200) {
        return Status::Invalid(field + " is longer than 200 characters", field);
      }
    }
  }
  for (const auto& [code, a] : defs) {
    if (!a->required || !a->variable) continue;
    auto it = s.attributes.find(code);
    if (it == s.attributes.end() || it->second.empty() ||
        std::all_of(it->second.begin(), it->second.end(),
                    [](const std::string& v) { return v.empty(); }))
      return Status::Invalid("attribute[" + code + "] is required for this service",
                             "attribute[" + code + "]");
  }
  return Status::Ok();
}

workflow::NewCase ToNewCase(const Submission& s, const ServiceCatalog::Service& service) {
  workflow::NewCase in;
  in.type = service.rule ? service.rule->case_type : CaseType::kComplaint;
  in.channel = Channel::kOpen311;
  in.category_id = service.category->id;
  std::string content = s.description.empty()
                            ? "【" + service.category->name + "】（Open311 报告，未附说明）"
                            : s.description;
  if (service.rule && !s.attributes.empty()) {
    std::string extra;
    for (const auto& a : service.rule->attributes) {
      auto it = s.attributes.find(a.code);
      if (it == s.attributes.end()) continue;
      std::string shown;
      for (const auto& v : it->second) {
        std::string name = v;
        for (const auto& x : a.values)
          if (x.key == v) name = x.name;
        if (!shown.empty()) shown += "、";
        shown += name;
      }
      if (shown.empty()) continue;
      // The Chinese part of the question: up to the first "（", "？" or space (whole characters).
      std::string label = a.description;
      size_t cut = label.size();
      for (std::string_view stop : {"（", "？", " "}) cut = std::min(cut, label.find(stop));
      label = label.substr(0, cut);
      if (label.empty()) label = a.code;
      extra += "\n" + label + "：" + shown;
    }
    if (!extra.empty()) content += "\n【补充信息】" + extra;
  }
  if (!s.media_url.empty()) content += "\n【图片】" + s.media_url;
  in.content = content;
  in.location.address = s.address_string;
  if (in.location.address.empty() && !s.address_id.empty())
    in.location.address = "地址编号 " + s.address_id;
  in.location.lat = s.lat;
  in.location.lng = s.lng;
  std::string name;
  const bool ascii =
      std::all_of(s.first_name.begin(), s.first_name.end(),
                  [](char c) { return (c & 0x80) == 0; }) &&
      std::all_of(s.last_name.begin(), s.last_name.end(), [](char c) { return (c & 0x80) == 0; });
  if (ascii)
    name = Trimmed(s.first_name + " " + s.last_name);
  else
    name = s.last_name + s.first_name;  // 姓 + 名
  in.citizen = {name, s.phone, "", s.email};
  return in;
}

std::string Fingerprint(const Submission& s) {
  bj::object attrs;
  for (const auto& [k, v] : s.attributes) {
    bj::array a;
    for (const auto& x : v) a.emplace_back(x);
    attrs[k] = std::move(a);
  }
  bj::array parts{s.service_code,
                  s.lat ? bj::value(*s.lat) : bj::value(nullptr),
                  s.lng ? bj::value(*s.lng) : bj::value(nullptr),
                  s.address_string,
                  s.address_id,
                  s.email,
                  s.device_id,
                  s.account_id,
                  s.first_name,
                  s.last_name,
                  s.phone,
                  s.description,
                  s.media_url,
                  std::move(attrs)};
  return Sha256Hex(bj::serialize(parts));
}

}  // namespace hotline::open311
