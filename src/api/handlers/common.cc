#include "src/api/handlers/common.h"

#include "src/common/time.h"

namespace hotline::api {

Result<int> ParseLimit(const Request& req) {
  auto s = req.Query("limit");
  if (!s || s->empty()) return 50;
  int v = 0;
  if (s->size() > 4) return Status::Invalid("limit must be between 1 and 500", "limit");
  for (char ch : *s) {
    if (ch < '0' || ch > '9') return Status::Invalid("limit must be a whole number", "limit");
    v = v * 10 + (ch - '0');
  }
  if (v < 1 || v > 500) return Status::Invalid("limit must be between 1 and 500", "limit");
  return v;
}

boost::json::object PageJson(boost::json::array items, const std::string& next_cursor,
                             int64_t total) {
  return boost::json::object{
      {"items", std::move(items)},
      {"next_cursor", next_cursor.empty() ? boost::json::value(nullptr) : boost::json::value(next_cursor)},
      {"total", total}};
}

Result<std::optional<TimePoint>> ParseTimeParam(const Request& req, std::string_view name) {
  auto s = req.Query(name);
  if (!s || s->empty()) return std::optional<TimePoint>();
  if (auto t = ParseRfc3339(*s); t.ok()) return std::optional<TimePoint>(*t);
  if (auto d = ParseDate(*s); d.ok()) return std::optional<TimePoint>(LocalMidnight(*d));
  return Status::Invalid(std::string(name) + " must be a date (2026-11-28) or an RFC 3339 time",
                         std::string(name));
}

}  // namespace hotline::api
