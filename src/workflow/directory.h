// Reference data as one immutable snapshot: the org tree, categories, routing rules, time-limit
// policies and the working calendar. Built from the store; replaced (not mutated) after an admin
// change, so readers hold a shared_ptr and never lock.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/domain/model.h"
#include "src/store/store.h"
#include "src/workflow/calendar.h"
#include "src/workflow/settings.h"
#include "src/workflow/sla.h"

namespace hotline::workflow {

struct RoutingSuggestion {
  std::string lead_unit_id;
  std::vector<std::string> co_unit_ids;
  std::string reason;  // which rule chose it, in words
};

class Directory {
 public:
  static Result<std::shared_ptr<const Directory>> Load(store::ReadTx& tx, TimeZone tz);

  const domain::Unit* FindUnit(const std::string& id) const;
  const domain::Unit* FindUnitByCode(const std::string& code) const;
  const domain::Category* FindCategory(const std::string& id) const;
  const std::vector<domain::Unit>& units() const { return units_; }
  const std::vector<domain::Category>& categories() const { return categories_; }
  const std::vector<domain::RoutingRule>& routing_rules() const { return rules_; }
  const std::string& centre_id() const { return centre_id_; }

  // The unit and every unit below it.
  std::vector<std::string> Subtree(const std::string& unit_id) const;
  bool InSubtree(const std::string& root, const std::string& unit_id) const;
  // The category and its ancestors, leaf first.
  std::vector<std::string> CategoryPath(const std::string& category_id) const;
  // The category and every category below it.
  std::vector<std::string> CategorySubtree(const std::string& category_id) const;

  RoutingSuggestion Suggest(const std::string& category_id, const std::string& district_id) const;

  const WorkCalendar& calendar() const { return calendar_; }
  const PolicyTable& policies() const { return *policies_; }
  const std::vector<SlaPolicy>& policy_list() const { return policy_list_; }
  TimeZone tz() const { return tz_; }
  const Settings& settings() const { return settings_; }

 private:
  Directory(TimeZone tz) : tz_(tz), calendar_(tz, OfficeHours{}) {}
  TimeZone tz_;
  std::vector<domain::Unit> units_;
  std::vector<domain::Category> categories_;
  std::vector<domain::RoutingRule> rules_;
  std::unordered_map<std::string, size_t> unit_index_, unit_code_index_, category_index_;
  std::unordered_map<std::string, std::vector<std::string>> unit_children_, category_children_;
  std::string centre_id_;
  WorkCalendar calendar_;
  std::vector<SlaPolicy> policy_list_;
  std::unique_ptr<PolicyTable> policies_;
  Settings settings_;
};

// Holds the current snapshot; Reload() after an admin write. Thread-safe.
class DirectoryHolder {
 public:
  DirectoryHolder(store::Store& store, TimeZone tz) : store_(store), tz_(tz) {}
  Status Reload();
  std::shared_ptr<const Directory> Get() const;

 private:
  store::Store& store_;
  TimeZone tz_;
  mutable std::mutex mu_;
  std::shared_ptr<const Directory> current_;  // GUARDED_BY(mu_)
};

}  // namespace hotline::workflow
