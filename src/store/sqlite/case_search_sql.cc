#include "src/store/sqlite/case_search_sql.h"

#include <boost/json.hpp>

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

std::array<std::string, 5> CaseSearchText(const domain::Case& c) {
  std::vector<std::string> replies;
  for (const auto& a : c.assignments) replies.push_back(a.reply);
  return {c.title, c.content, CaseRepliesText(c.reply, c.reply_to_citizen, replies),
          c.location.address, c.number};
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

}  // namespace

Status RegisterCaseSearchFunctions(sqlite3* db) {
  int rc = sqlite3_create_function_v2(db, "case_replies", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                      nullptr, &CaseRepliesFn, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status::Internal(std::string("registering case_replies failed: ") + sqlite3_errstr(rc));
  return Status::Ok();
}

}  // namespace hotline::store::sqlite
