#include "src/common/json.h"

namespace hotline::json {
namespace {

Status WrongType(std::string_view key, std::string_view want) {
  return Status::Invalid(std::string(key) + " must be " + std::string(want), std::string(key));
}

Status CheckText(std::string_view key, std::string_view s, size_t max_chars) {
  for (unsigned char ch : s) {
    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
      return Status::Invalid(std::string(key) + " contains a control character", std::string(key));
  }
  if (Utf8Length(s) > max_chars)
    return Status::Invalid(std::string(key) + " is longer than " + std::to_string(max_chars) +
                               " characters",
                           std::string(key));
  return Status::Ok();
}

}  // namespace

Result<boost::json::object> ParseObject(std::string_view body) {
  boost::json::parse_options opt;
  opt.max_depth = 32;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec, {}, opt);
  if (ec) return Status::Invalid("the body is not valid JSON: " + ec.message(), "body");
  if (!v.is_object()) return Status::Invalid("the body must be a JSON object", "body");
  return std::move(v.as_object());
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char ch : s)
    if ((ch & 0xC0) != 0x80) ++n;
  return n;
}

std::string Utf8Prefix(std::string_view s, size_t max_chars) {
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == max_chars) break;
      ++n;
    }
  }
  return std::string(s.substr(0, i));
}

Result<std::optional<std::string>> OptString(const boost::json::object& o, std::string_view key,
                                             size_t max_chars) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) return WrongType(key, "a string");
  std::string s(it->value().as_string());
  HOTLINE_RETURN_IF_ERROR(CheckText(key, s, max_chars));
  return std::optional<std::string>(std::move(s));
}

Result<std::string> ReqString(const boost::json::object& o, std::string_view key,
                              size_t max_chars) {
  auto r = OptString(o, key, max_chars);
  if (!r.ok()) return r.status();
  if (!r->has_value() || (*r)->find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Invalid(std::string(key) + " is required", std::string(key));
  return std::move(**r);
}

Result<std::optional<bool>> OptBool(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<bool>();
  if (!it->value().is_bool()) return WrongType(key, "true or false");
  return std::optional<bool>(it->value().as_bool());
}

Result<std::optional<int64_t>> OptInt(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<int64_t>();
  const auto& v = it->value();
  if (v.is_int64()) return std::optional<int64_t>(v.as_int64());
  if (v.is_uint64() && v.as_uint64() <= uint64_t(INT64_MAX))
    return std::optional<int64_t>(int64_t(v.as_uint64()));
  return WrongType(key, "an integer");
}

Result<std::optional<double>> OptDouble(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<double>();
  const auto& v = it->value();
  if (v.is_double()) return std::optional<double>(v.as_double());
  if (v.is_int64()) return std::optional<double>(double(v.as_int64()));
  if (v.is_uint64()) return std::optional<double>(double(v.as_uint64()));
  return WrongType(key, "a number");
}

Result<std::vector<std::string>> OptStringArray(const boost::json::object& o, std::string_view key,
                                                size_t max_items, size_t max_chars) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) return WrongType(key, "an array of strings");
  const auto& arr = it->value().as_array();
  if (arr.size() > max_items)
    return Status::Invalid(std::string(key) + " has too many items", std::string(key));
  for (const auto& v : arr) {
    if (!v.is_string()) return WrongType(key, "an array of strings");
    HOTLINE_RETURN_IF_ERROR(CheckText(key, v.as_string(), max_chars));
    out.emplace_back(v.as_string());
  }
  return out;
}

Result<const boost::json::object*> OptObject(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return static_cast<const boost::json::object*>(nullptr);
  if (!it->value().is_object()) return WrongType(key, "an object");
  return &it->value().as_object();
}

std::string Serialize(const boost::json::value& v) { return boost::json::serialize(v); }

}  // namespace hotline::json
