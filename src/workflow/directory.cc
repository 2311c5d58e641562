#include "src/workflow/directory.h"

#include <algorithm>
#include <boost/json.hpp>

namespace hotline::workflow {
using namespace hotline::domain;

Result<std::shared_ptr<const Directory>> Directory::Load(store::ReadTx& tx, TimeZone tz) {
  std::shared_ptr<Directory> d(new Directory(tz));
  HOTLINE_ASSIGN_OR_RETURN(d->units_, tx.ListUnits());
  HOTLINE_ASSIGN_OR_RETURN(d->categories_, tx.ListCategories());
  HOTLINE_ASSIGN_OR_RETURN(d->rules_, tx.ListRoutingRules());
  for (size_t i = 0; i < d->units_.size(); ++i) {
    const auto& u = d->units_[i];
    d->unit_index_[u.id] = i;
    d->unit_code_index_[u.code] = i;
    if (!u.parent_id.empty()) d->unit_children_[u.parent_id].push_back(u.id);
    if (u.kind == UnitKind::kCentre && d->centre_id_.empty()) d->centre_id_ = u.id;
  }
  for (size_t i = 0; i < d->categories_.size(); ++i) {
    const auto& c = d->categories_[i];
    d->category_index_[c.id] = i;
    if (!c.parent_id.empty()) d->category_children_[c.parent_id].push_back(c.id);
  }
  HOTLINE_ASSIGN_OR_RETURN(auto years, tx.ListCalendarYears());
  for (const auto& y : years) {
    auto sched = ParseYearSchedule(y.json);
    if (!sched.ok()) return Status::Internal("stored calendar " + std::to_string(y.year) +
                                             " is invalid: " + sched.status().message());
    d->calendar_.SetYear(std::move(sched).value());
  }
  HOTLINE_ASSIGN_OR_RETURN(auto policy_texts, tx.ListSlaPolicies());
  for (const auto& text : policy_texts) {
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) return Status::Internal("a stored time-limit policy is not JSON");
    HOTLINE_ASSIGN_OR_RETURN(auto p, PolicyFromJson(v));
    d->policy_list_.push_back(std::move(p));
  }
  if (d->policy_list_.empty()) d->policy_list_ = DefaultPolicies();
  d->policies_ = std::make_unique<PolicyTable>(d->policy_list_);
  HOTLINE_ASSIGN_OR_RETURN(d->settings_, LoadSettings(tx));
  return std::shared_ptr<const Directory>(std::move(d));
}

const Unit* Directory::FindUnit(const std::string& id) const {
  auto it = unit_index_.find(id);
  return it == unit_index_.end() ? nullptr : &units_[it->second];
}

const Unit* Directory::FindUnitByCode(const std::string& code) const {
  auto it = unit_code_index_.find(code);
  return it == unit_code_index_.end() ? nullptr : &units_[it->second];
}

const Category* Directory::FindCategory(const std::string& id) const {
  auto it = category_index_.find(id);
  return it == category_index_.end() ? nullptr : &categories_[it->second];
}

std::vector<std::string> Directory::Subtree(const std::string& unit_id) const {
  std::vector<std::string> out;
  if (!FindUnit(unit_id)) return out;
  out.push_back(unit_id);
  for (size_t i = 0; i < out.size(); ++i) {
    auto it = unit_children_.find(out[i]);
    if (it != unit_children_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

bool Directory::InSubtree(const std::string& root, const std::string& unit_id) const {
  const Unit* u = FindUnit(unit_id);
  for (int depth = 0; u && depth < 64; ++depth) {
    if (u->id == root) return true;
    u = u->parent_id.empty() ? nullptr : FindUnit(u->parent_id);
  }
  return false;
}

std::vector<std::string> Directory::CategoryPath(const std::string& category_id) const {
  std::vector<std::string> out;
  const Category* c = FindCategory(category_id);
  for (int depth = 0; c && depth < 16; ++depth) {
    out.push_back(c->id);
    c = c->parent_id.empty() ? nullptr : FindCategory(c->parent_id);
  }
  return out;
}

std::vector<std::string> Directory::CategorySubtree(const std::string& category_id) const {
  std::vector<std::string> out;
  if (!FindCategory(category_id)) return out;
  out.push_back(category_id);
  for (size_t i = 0; i < out.size(); ++i) {
    auto it = category_children_.find(out[i]);
    if (it != category_children_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

RoutingSuggestion Directory::Suggest(const std::string& category_id,
                                     const std::string& district_id) const {
  auto path = CategoryPath(category_id);
  // 1. An explicit rule: the deepest category match wins; a district match beats "any district".
  const RoutingRule* best = nullptr;
  int best_score = -1;
  for (const auto& r : rules_) {
    int depth_score = -1;
    if (r.category_id.empty()) {
      depth_score = 0;
    } else {
      auto it = std::find(path.begin(), path.end(), r.category_id);
      if (it == path.end()) continue;
      depth_score = int(path.size() - size_t(it - path.begin()));
    }
    if (!r.district_id.empty() && r.district_id != district_id) continue;
    int score = depth_score * 2 + (r.district_id.empty() ? 0 : 1);
    if (score > best_score && FindUnit(r.lead_unit_id)) {
      best = &r;
      best_score = score;
    }
  }
  if (best) return {best->lead_unit_id, best->co_unit_ids, "routing rule " + best->id};
  // 2. Neighbourhood matters go to the district sub-centre of the case.
  for (const auto& id : path) {
    const Category* c = FindCategory(id);
    if (c && c->street_level && !district_id.empty() && FindUnit(district_id))
      return {district_id, {}, "street-level category: the district sub-centre"};
    if (c && !c->default_lead_unit_id.empty() && FindUnit(c->default_lead_unit_id))
      return {c->default_lead_unit_id, {}, "default lead unit of category " + c->name};
  }
  return {"", {}, "no rule matches: choose the lead unit by hand"};
}

Status DirectoryHolder::Reload() {
  HOTLINE_ASSIGN_OR_RETURN(auto tx, store_.Read());
  HOTLINE_ASSIGN_OR_RETURN(auto d, Directory::Load(*tx, tz_));
  std::lock_guard lock(mu_);
  current_ = std::move(d);
  return Status::Ok();
}

std::shared_ptr<const Directory> DirectoryHolder::Get() const {
  std::lock_guard lock(mu_);
  return current_;
}

}  // namespace hotline::workflow
