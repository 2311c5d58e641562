#include "src/app/demo_data.h"

#include <array>
#include <boost/json.hpp>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <utility>

namespace hotline::app {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 5> kUnitKinds = {"centre", "district", "street",
                                                        "department", "enterprise"};
constexpr std::array<std::string_view, 6> kCaseTypes = {"consultation", "help",       "complaint",
                                                        "report",       "suggestion", "praise"};
constexpr int kMaxCategoryLevel = 3;

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& set, std::string_view v) {
  for (std::string_view s : set) {
    if (s == v) return true;
  }
  return false;
}

Status Bad(const std::string& where, const std::string& what, std::string field = {}) {
  return Status::Unprocessable(where + ": " + what, std::move(field));
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return Status::Internal(path + ": read error");
  return out.str();
}

Result<json::value> ParseJson(std::string_view text, const std::string& where) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Bad(where, "invalid JSON: " + ec.message());
  return v;
}

// Typed access to the keys of one JSON object, with errors that say where.
class Fields {
 public:
  Fields(const json::object& obj, std::string where) : obj_(obj), where_(std::move(where)) {}

  Status Str(std::string_view key, std::string* out, bool required = true) const {
    const json::value* v = obj_.if_contains(key);
    if (v == nullptr || v->is_null()) {
      return required ? Bad(where_, "missing \"" + std::string(key) + "\"", std::string(key))
                      : Status::Ok();
    }
    const json::string* s = v->if_string();
    if (s == nullptr)
      return Bad(where_, "\"" + std::string(key) + "\" must be a string", std::string(key));
    out->assign(s->data(), s->size());
    return Status::Ok();
  }

  Status NonEmpty(std::string_view key, std::string* out) const {
    HOTLINE_RETURN_IF_ERROR(Str(key, out));
    if (out->empty()) return Bad(where_, "\"" + std::string(key) + "\" is empty", std::string(key));
    return Status::Ok();
  }

  Status OptStr(std::string_view key, std::optional<std::string>* out) const {
    if (!Has(key)) return Status::Ok();
    std::string s;
    HOTLINE_RETURN_IF_ERROR(Str(key, &s));
    *out = std::move(s);
    return Status::Ok();
  }

  Status Bool(std::string_view key, bool* out, bool required = true) const {
    const json::value* v = obj_.if_contains(key);
    if (v == nullptr || v->is_null()) {
      return required ? Bad(where_, "missing \"" + std::string(key) + "\"", std::string(key))
                      : Status::Ok();
    }
    const bool* b = v->if_bool();
    if (b == nullptr)
      return Bad(where_, "\"" + std::string(key) + "\" must be a boolean", std::string(key));
    *out = *b;
    return Status::Ok();
  }

  Status Int(std::string_view key, int64_t* out) const {  // optional: keeps *out when absent
    const json::value* v = obj_.if_contains(key);
    if (v == nullptr || v->is_null()) return Status::Ok();
    if (const int64_t* i = v->if_int64()) {
      *out = *i;
      return Status::Ok();
    }
    const uint64_t* u = v->if_uint64();
    if (u != nullptr && *u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      *out = static_cast<int64_t>(*u);
      return Status::Ok();
    }
    return Bad(where_, "\"" + std::string(key) + "\" must be an integer", std::string(key));
  }

  Status Strings(std::string_view key, std::vector<std::string>* out) const {  // optional
    const json::value* v = obj_.if_contains(key);
    if (v == nullptr || v->is_null()) return Status::Ok();
    const json::array* a = v->if_array();
    if (a == nullptr)
      return Bad(where_, "\"" + std::string(key) + "\" must be an array", std::string(key));
    for (const json::value& e : *a) {
      const json::string* s = e.if_string();
      if (s == nullptr) {
        return Bad(where_, "\"" + std::string(key) + "\" must hold strings", std::string(key));
      }
      out->emplace_back(s->data(), s->size());
    }
    return Status::Ok();
  }

  bool Has(std::string_view key) const {
    const json::value* v = obj_.if_contains(key);
    return v != nullptr && !v->is_null();
  }

 private:
  const json::object& obj_;
  std::string where_;
};

Result<const json::array*> TopArray(const json::value& doc, std::string_view key,
                                    const std::string& where) {
  const json::object* o = doc.if_object();
  const json::value* v = o == nullptr ? nullptr : o->if_contains(key);
  const json::array* a = v == nullptr ? nullptr : v->if_array();
  if (a == nullptr)
    return Bad(where, "expected an object with an array \"" + std::string(key) + "\"");
  return a;
}

bool IsAsciiCode(std::string_view code) {
  if (code.empty()) return false;
  for (char c : code) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// --- org.json
// --------------------------------------------------------------------------------------

Status LoadUnits(const std::string& dir, DemoData* data) {
  const std::string file = dir + "/org.json";
  HOTLINE_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  HOTLINE_ASSIGN_OR_RETURN(json::value doc, ParseJson(text, file));
  HOTLINE_ASSIGN_OR_RETURN(const json::array* units, TopArray(doc, "units", file));

  std::map<std::string, std::string> kind_of;  // code → kind of the units read so far
  for (size_t i = 0; i < units->size(); ++i) {
    std::string where = file + " units[" + std::to_string(i) + "]";
    const json::object* obj = (*units)[i].if_object();
    if (obj == nullptr) return Bad(where, "expected an object");
    DemoUnit u;
    HOTLINE_RETURN_IF_ERROR(Fields(*obj, where).NonEmpty("code", &u.code));
    where += " (" + u.code + ")";
    Fields f(*obj, where);
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("name", &u.name));
    HOTLINE_RETURN_IF_ERROR(f.Str("name_en", &u.name_en, false));
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("kind", &u.kind));
    HOTLINE_RETURN_IF_ERROR(f.Str("parent", &u.parent, false));
    HOTLINE_RETURN_IF_ERROR(f.Bool("can_dispatch", &u.can_dispatch, false));
    HOTLINE_RETURN_IF_ERROR(f.Str("contact_phone", &u.contact_phone, false));
    HOTLINE_RETURN_IF_ERROR(f.Str("contact_email", &u.contact_email, false));
    HOTLINE_RETURN_IF_ERROR(f.Strings("aliases", &u.aliases));

    if (!IsAsciiCode(u.code)) return Bad(where, "code must be lower-case ASCII", "code");
    if (kind_of.count(u.code) != 0) return Bad(where, "duplicate code", "code");
    if (!OneOf(kUnitKinds, u.kind)) return Bad(where, "unknown kind \"" + u.kind + "\"", "kind");
    if (u.parent.empty()) {
      if (i != 0 || u.kind != "centre") {
        return Bad(where, "only the first unit, the centre, may have no parent", "parent");
      }
    } else {
      auto parent = kind_of.find(u.parent);
      if (parent == kind_of.end()) {
        return Bad(where, "parent \"" + u.parent + "\" is not an earlier unit", "parent");
      }
      if (u.kind == "centre") return Bad(where, "a centre must be the root", "kind");
      if (u.kind == "street" && parent->second != "district") {
        return Bad(where, "a street must hang under a district", "parent");
      }
    }
    if (!u.aliases.empty() && u.kind != "district") {
      return Bad(where, "only districts have aliases", "aliases");
    }
    kind_of.emplace(u.code, u.kind);
    data->units.push_back(std::move(u));
  }
  if (data->units.empty()) return Bad(file, "no units");
  return Status::Ok();
}

// --- categories.json
// -------------------------------------------------------------------------------

struct CategoryContext {
  const std::string& file;
  const std::set<std::string>& unit_codes;
  std::set<std::string> codes;
  DemoData* data;
};

Status LoadCategory(const json::value& v, const DemoCategory* parent, const std::string& where,
                    CategoryContext* ctx) {
  const json::object* obj = v.if_object();
  if (obj == nullptr) return Bad(where, "expected an object");
  DemoCategory c;
  HOTLINE_RETURN_IF_ERROR(Fields(*obj, where).NonEmpty("code", &c.code));
  const std::string here = ctx->file + " category " + c.code;
  Fields f(*obj, here);
  HOTLINE_RETURN_IF_ERROR(f.NonEmpty("name", &c.name));
  HOTLINE_RETURN_IF_ERROR(f.Str("name_en", &c.name_en, false));
  HOTLINE_RETURN_IF_ERROR(f.Strings("keywords", &c.keywords));

  c.level = parent == nullptr ? 1 : parent->level + 1;
  c.parent_code = parent == nullptr ? std::string() : parent->code;
  const std::string prefix = parent == nullptr ? std::string() : parent->code;
  bool code_ok = c.code.size() == static_cast<size_t>(2 * c.level) && AllDigits(c.code) &&
                 c.code.compare(0, prefix.size(), prefix) == 0 &&
                 c.code.substr(prefix.size()) != "00";
  if (!code_ok) {
    return Bad(
        here,
        "code must be the parent's code plus two digits (level " + std::to_string(c.level) + ")",
        "code");
  }
  if (!ctx->codes.insert(c.code).second) return Bad(here, "duplicate code", "code");

  c.lead = parent == nullptr ? std::string() : parent->lead;
  c.street_level = parent != nullptr && parent->street_level;
  if (f.Has("lead")) HOTLINE_RETURN_IF_ERROR(f.NonEmpty("lead", &c.lead));
  HOTLINE_RETURN_IF_ERROR(f.Bool("street_level", &c.street_level, false));
  if (c.lead.empty()) return Bad(here, "missing \"lead\"", "lead");
  if (ctx->unit_codes.count(c.lead) == 0) {
    return Bad(here, "lead \"" + c.lead + "\" is not a unit", "lead");
  }

  const json::value* kids = obj->if_contains("children");
  const json::array* children = kids == nullptr ? nullptr : kids->if_array();
  if (kids != nullptr && !kids->is_null() && children == nullptr) {
    return Bad(here, "\"children\" must be an array", "children");
  }
  if (children != nullptr && !children->empty() && c.level == kMaxCategoryLevel) {
    return Bad(here, "the tree has three levels", "children");
  }

  ctx->data->categories.push_back(std::move(c));
  // Copy: the vector may reallocate while the children are appended.
  const DemoCategory self = ctx->data->categories.back();
  if (children == nullptr) return Status::Ok();
  for (size_t i = 0; i < children->size(); ++i) {
    HOTLINE_RETURN_IF_ERROR(
        LoadCategory((*children)[i], &self, here + " children[" + std::to_string(i) + "]", ctx));
  }
  return Status::Ok();
}

Status LoadCategories(const std::string& dir, DemoData* data) {
  const std::string file = dir + "/categories.json";
  HOTLINE_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  HOTLINE_ASSIGN_OR_RETURN(json::value doc, ParseJson(text, file));
  HOTLINE_ASSIGN_OR_RETURN(const json::array* roots, TopArray(doc, "categories", file));
  std::set<std::string> unit_codes;
  for (const DemoUnit& u : data->units) unit_codes.insert(u.code);
  CategoryContext ctx{file, unit_codes, {}, data};
  for (size_t i = 0; i < roots->size(); ++i) {
    HOTLINE_RETURN_IF_ERROR(
        LoadCategory((*roots)[i], nullptr, file + " categories[" + std::to_string(i) + "]", &ctx));
  }
  if (data->categories.empty()) return Bad(file, "no categories");
  return Status::Ok();
}

// --- messages.jsonl
// --------------------------------------------------------------------------------

Status LoadMessages(const std::string& dir, DemoData* data) {
  const std::string file = dir + "/messages.jsonl";
  HOTLINE_ASSIGN_OR_RETURN(std::string text, ReadFile(file));

  std::map<std::string, int> category_level;
  for (const DemoCategory& c : data->categories) category_level.emplace(c.code, c.level);
  std::map<std::string, std::string> unit_kind;
  for (const DemoUnit& u : data->units) unit_kind.emplace(u.code, u.kind);

  std::istringstream lines(text);
  std::string line;
  for (int line_no = 1; std::getline(lines, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string where = file + ":" + std::to_string(line_no);
    HOTLINE_ASSIGN_OR_RETURN(json::value v, ParseJson(line, where));
    const json::object* obj = v.if_object();
    if (obj == nullptr) return Bad(where, "expected an object");
    Fields f(*obj, where);
    DemoMessage m;
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("title", &m.title));
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("content", &m.content));
    HOTLINE_RETURN_IF_ERROR(f.Str("reply", &m.reply, false));
    HOTLINE_RETURN_IF_ERROR(f.Str("reply_unit", &m.reply_unit, false));
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("category", &m.category));
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("type", &m.type));
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("district", &m.district));
    HOTLINE_RETURN_IF_ERROR(f.Str("address", &m.address, false));
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("created_at", &m.created_at));
    HOTLINE_RETURN_IF_ERROR(f.Str("replied_at", &m.replied_at, false));
    HOTLINE_RETURN_IF_ERROR(f.Int("votes", &m.votes));

    auto level = category_level.find(m.category);
    if (level == category_level.end()) {
      return Bad(where, "unknown category \"" + m.category + "\"", "category");
    }
    if (level->second != kMaxCategoryLevel) {
      return Bad(where, "category \"" + m.category + "\" is not a level-3 category", "category");
    }
    if (!OneOf(kCaseTypes, m.type)) return Bad(where, "unknown type \"" + m.type + "\"", "type");
    auto district = unit_kind.find(m.district);
    if (district == unit_kind.end() || district->second != "district") {
      return Bad(where, "\"" + m.district + "\" is not a district", "district");
    }
    if (!m.reply_unit.empty() && unit_kind.count(m.reply_unit) == 0) {
      return Bad(where, "unknown reply_unit \"" + m.reply_unit + "\"", "reply_unit");
    }
    if (m.reply.empty() && !m.reply_unit.empty()) {
      return Bad(where, "reply_unit without a reply", "reply_unit");
    }
    if (m.created_at.size() < 19 || m.created_at[4] != '-' || m.created_at[10] != 'T') {
      return Bad(where, "created_at must be ISO 8601 (YYYY-MM-DDThh:mm:ss…)", "created_at");
    }
    if (m.votes < 0) return Bad(where, "votes must not be negative", "votes");
    data->messages.push_back(std::move(m));
  }
  return Status::Ok();
}

// --- citizens.json
// ---------------------------------------------------------------------------------

Status LoadCitizens(const std::string& dir, DemoData* data) {
  const std::string file = dir + "/citizens.json";
  HOTLINE_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  HOTLINE_ASSIGN_OR_RETURN(json::value doc, ParseJson(text, file));
  HOTLINE_ASSIGN_OR_RETURN(const json::array* citizens, TopArray(doc, "citizens", file));

  std::set<std::string> districts;
  for (const DemoUnit& u : data->units) {
    if (u.kind == "district") districts.insert(u.code);
  }
  std::set<std::string> phones;
  for (size_t i = 0; i < citizens->size(); ++i) {
    const std::string where = file + " citizens[" + std::to_string(i) + "]";
    const json::object* obj = (*citizens)[i].if_object();
    if (obj == nullptr) return Bad(where, "expected an object");
    Fields f(*obj, where);
    DemoCitizen c;
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("name", &c.name));
    HOTLINE_RETURN_IF_ERROR(f.NonEmpty("phone", &c.phone));
    HOTLINE_RETURN_IF_ERROR(f.OptStr("id_number", &c.id_number));
    HOTLINE_RETURN_IF_ERROR(f.OptStr("email", &c.email));
    HOTLINE_RETURN_IF_ERROR(f.Str("district", &c.district, false));
    HOTLINE_RETURN_IF_ERROR(f.Bool("repeat_caller", &c.repeat_caller, false));

    if (c.phone.size() != 11 || c.phone[0] != '1' || !AllDigits(c.phone)) {
      return Bad(where, "phone must be an 11-digit mobile number", "phone");
    }
    if (!phones.insert(c.phone).second) return Bad(where, "duplicate phone", "phone");
    if (c.id_number && !IsValidResidentId(*c.id_number)) {
      return Bad(where, "invalid id_number", "id_number");
    }
    if (c.email && c.email->find('@') == std::string::npos) {
      return Bad(where, "invalid email", "email");
    }
    if (!c.district.empty() && districts.count(c.district) == 0) {
      return Bad(where, "\"" + c.district + "\" is not a district", "district");
    }
    data->citizens.push_back(std::move(c));
  }
  return Status::Ok();
}

}  // namespace

bool IsValidResidentId(std::string_view id) {
  if (id.size() != 18 || !AllDigits(id.substr(0, 17))) return false;
  const int month = (id[10] - '0') * 10 + (id[11] - '0');
  const int day = (id[12] - '0') * 10 + (id[13] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) sum += (id[i] - '0') * kWeights[i];
  char last = id[17] == 'x' ? 'X' : id[17];
  return last == kCheck[sum % 11];
}

Result<DemoData> LoadDemoData(const std::string& dir) {
  DemoData data;
  HOTLINE_RETURN_IF_ERROR(LoadUnits(dir, &data));
  HOTLINE_RETURN_IF_ERROR(LoadCategories(dir, &data));
  HOTLINE_RETURN_IF_ERROR(LoadMessages(dir, &data));
  HOTLINE_RETURN_IF_ERROR(LoadCitizens(dir, &data));
  return data;
}

}  // namespace hotline::app
