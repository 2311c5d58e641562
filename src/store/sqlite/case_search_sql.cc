#include "src/store/sqlite/case_search_sql.h"

#include <boost/json.hpp>

#include "src/search/facets.h"

namespace hotline::store::sqlite {
namespace bj = boost::json;

std::string CaseRepliesText(const std::string& reply, const std::string& reply_to_citizen,
                            const std::vector<std::string>& assignment_replies) {
  std::string out = reply;
  auto add = [&](const std::string& s) {
    if (s.empty() || s == reply) return;
    if (!out.empty()) out += '\n';
    out += s;
  };
  add(reply_to_citizen);
  for (const auto& r : assignment_replies) add(r);
  return out;
}

std::array<std::string, kCaseSearchColumns> CaseSearchText(const domain::Case& c) {
  std::vector<std::string> replies;
  for (const auto& a : c.assignments) replies.push_back(a.reply);
  return {c.title,
          c.content,
          CaseRepliesText(c.reply, c.reply_to_citizen, replies),
          c.location.address,
          c.number,
          CaseFacetsText(domain::Name(c.status), c.location.district_id, c.category_id,
                         ToUnixMillis(c.created_at))};
}

std::string StatusFacetValue(std::string_view status) {
  auto s = domain::ParseCaseStatus(status);
  return s && domain::KindOf(*s) == domain::StatusKind::kOpen ? "open" : std::string(status);
}

std::string CaseFacetsText(std::string_view status, std::string_view district_id,
                           std::string_view category_id, int64_t created_at_ms) {
  std::string out = search::FacetToken("s", StatusFacetValue(status));
  out += search::FacetToken("d", district_id);
  out += search::FacetToken("c", category_id);
  for (const auto& t : search::CreatedFacetTokens(created_at_ms)) out += t;
  return out;
}

namespace {

std::string StringAt(const bj::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                  : std::string();
}

void CaseRepliesFn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  std::string out;
  if (argc == 1 && sqlite3_value_type(argv[0]) == SQLITE_TEXT) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    boost::system::error_code ec;
    bj::value v = bj::parse(std::string_view(p, size_t(sqlite3_value_bytes(argv[0]))), ec);
    if (!ec && v.is_object()) {
      const bj::object& o = v.as_object();
      std::vector<std::string> replies;
      if (auto it = o.find("assignments"); it != o.end() && it->value().is_array())
        for (const auto& a : it->value().as_array())
          if (a.is_object()) replies.push_back(StringAt(a.as_object(), "reply"));
      out = CaseRepliesText(StringAt(o, "reply"), StringAt(o, "reply_to_citizen"), replies);
    }
  }
  sqlite3_result_text(ctx, out.data(), int(out.size()), SQLITE_TRANSIENT);
}

std::string_view ArgText(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return p ? std::string_view(p, size_t(sqlite3_value_bytes(v))) : std::string_view();
}

void CaseFacetsFn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 4) return sqlite3_result_error(ctx, "case_facets takes 4 arguments", -1);
  const std::string out = CaseFacetsText(ArgText(argv[0]), ArgText(argv[1]), ArgText(argv[2]),
                                         sqlite3_value_int64(argv[3]));
  sqlite3_result_text(ctx, out.data(), int(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status RegisterCaseSearchFunctions(sqlite3* db) {
  int rc = sqlite3_create_function_v2(db, "case_replies", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                      nullptr, &CaseRepliesFn, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status::Internal(std::string("registering case_replies failed: ") + sqlite3_errstr(rc));
  rc = sqlite3_create_function_v2(db, "case_facets", 4,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                  &CaseFacetsFn, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status::Internal(std::string("registering case_facets failed: ") + sqlite3_errstr(rc));
  return Status::Ok();
}

}  // namespace hotline::store::sqlite
