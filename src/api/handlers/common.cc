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

Status ParseCaseText(const boost::json::object& b, workflow::NewCase* in) {
  HOTLINE_ASSIGN_OR_RETURN(std::string type, json::ReqString(b, "type", 32));
  auto t = domain::ParseCaseType(type);
  if (!t)
    return Status::Invalid("type must be consultation, help, complaint, report, suggestion or praise",
                           "type");
  in->type = *t;
  HOTLINE_ASSIGN_OR_RETURN(in->content, json::ReqString(b, "content", 5000));
  HOTLINE_ASSIGN_OR_RETURN(auto title, json::OptString(b, "title", 100));
  in->title = title.value_or("");
  HOTLINE_ASSIGN_OR_RETURN(auto cat, json::OptString(b, "category_id", 32));
  in->category_id = cat.value_or("");
  HOTLINE_ASSIGN_OR_RETURN(const boost::json::object* loc, json::OptObject(b, "location"));
  if (loc) {
    HOTLINE_ASSIGN_OR_RETURN(auto addr, json::OptString(*loc, "address", 200));
    HOTLINE_ASSIGN_OR_RETURN(auto district, json::OptString(*loc, "district_id", 32));
    HOTLINE_ASSIGN_OR_RETURN(in->location.lat, json::OptDouble(*loc, "lat"));
    HOTLINE_ASSIGN_OR_RETURN(in->location.lng, json::OptDouble(*loc, "lng"));
    if (in->location.lat && (*in->location.lat < -90 || *in->location.lat > 90))
      return Status::Invalid("location.lat must be between -90 and 90", "location.lat");
    if (in->location.lng && (*in->location.lng < -180 || *in->location.lng > 180))
      return Status::Invalid("location.lng must be between -180 and 180", "location.lng");
    in->location.address = addr.value_or("");
    in->location.district_id = district.value_or("");
  }
  return Status::Ok();
}

}  // namespace hotline::api
