// Reading JSON request bodies with clear, field-named errors (400 with details.field).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/status.h"

namespace hotline::json {

// Parses a request body that must be one JSON object (max depth 32). Malformed → 400.
Result<boost::json::object> ParseObject(std::string_view body);

// Number of Unicode code points in valid UTF-8.
size_t Utf8Length(std::string_view s);
// The longest prefix of valid UTF-8 `s` with at most max_chars code points.
std::string Utf8Prefix(std::string_view s, size_t max_chars);

// Field readers: a missing or null field gives nullopt (or an error when required); a field of
// the wrong type, a string over max_chars or holding control characters other than \t \n \r is a
// 400 naming the field.
Result<std::optional<std::string>> OptString(const boost::json::object& o, std::string_view key,
                                             size_t max_chars);
Result<std::string> ReqString(const boost::json::object& o, std::string_view key,
                              size_t max_chars);
Result<std::optional<bool>> OptBool(const boost::json::object& o, std::string_view key);
Result<std::optional<int64_t>> OptInt(const boost::json::object& o, std::string_view key);
Result<std::optional<double>> OptDouble(const boost::json::object& o, std::string_view key);
Result<std::vector<std::string>> OptStringArray(const boost::json::object& o, std::string_view key,
                                                size_t max_items, size_t max_chars);
Result<const boost::json::object*> OptObject(const boost::json::object& o, std::string_view key);

std::string Serialize(const boost::json::value& v);

}  // namespace hotline::json
