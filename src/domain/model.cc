#include "src/domain/model.h"

#include <algorithm>

namespace hotline::domain {

const Assignment* Case::LeadAssignment() const {
  // Second-level dispatch stacks leads (district → street): the one without an active child wins.
  const Assignment* found = nullptr;
  for (const auto& a : assignments) {
    if (a.role != AssignmentRole::kLead || !a.Active()) continue;
    bool has_child = std::any_of(assignments.begin(), assignments.end(), [&](const Assignment& b) {
      return b.parent_assignment == a.id && b.role == AssignmentRole::kLead && b.Active();
    });
    if (!has_child) found = &a;
  }
  return found;
}

Assignment* Case::LeadAssignment() {
  return const_cast<Assignment*>(static_cast<const Case*>(this)->LeadAssignment());
}

Assignment* Case::FindAssignment(const std::string& id) {
  for (auto& a : assignments)
    if (a.id == id) return &a;
  return nullptr;
}

bool User::Has(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

}  // namespace hotline::domain
