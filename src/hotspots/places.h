// Where a case is: its district (location.district_id) and, when the address names one of that
// district's streets (街道/镇), the street. Built from a directory snapshot; immutable;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/workflow/directory.h"

namespace hotline::hotspots {

class PlaceResolver {
 public:
  explicit PlaceResolver(const workflow::Directory& dir);
  // The street unit id named in `address` (among the district's streets, or any street when the
  // district is unknown), or "".
  std::string Street(const std::string& district_id, std::string_view address) const;
  std::string UnitName(const std::string& unit_id) const;

 private:
  struct StreetName {
    std::string id;
    std::string name;        // 马王堆街道
    std::string short_name;  // 马王堆 (without 街道/镇/乡), when at least two characters remain
  };
  std::unordered_map<std::string, std::vector<StreetName>> by_district_;
  std::vector<StreetName> all_;
  std::unordered_map<std::string, std::string> names_;
};

}  // namespace hotline::hotspots
