#include "src/hotspots/places.h"

namespace hotline::hotspots {

namespace {
bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

PlaceResolver::PlaceResolver(const workflow::Directory& dir) {
  for (const auto& u : dir.units()) {
    names_[u.id] = u.name;
    if (u.kind != domain::UnitKind::kStreet || u.disabled) continue;
    StreetName s{u.id, u.name, ""};
    for (std::string_view suffix : {"街道", "镇", "乡"})
      if (EndsWith(u.name, suffix) && u.name.size() - suffix.size() >= 6) {
        s.short_name = u.name.substr(0, u.name.size() - suffix.size());
        break;
      }
    by_district_[u.parent_id].push_back(s);
    all_.push_back(std::move(s));
  }
}

std::string PlaceResolver::Street(const std::string& district_id, std::string_view address) const {
  if (address.empty()) return "";
  auto it = by_district_.find(district_id);
  const std::vector<StreetName>& streets = it != by_district_.end() ? it->second : all_;
  for (const auto& s : streets)
    if (address.find(s.name) != std::string_view::npos) return s.id;
  for (const auto& s : streets)
    if (!s.short_name.empty() && address.find(s.short_name) != std::string_view::npos) return s.id;
  return "";
}

std::string PlaceResolver::UnitName(const std::string& unit_id) const {
  auto it = names_.find(unit_id);
  return it == names_.end() ? unit_id : it->second;
}

}  // namespace hotline::hotspots
