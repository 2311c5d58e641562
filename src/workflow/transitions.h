// The workflow as data: which action may leave which status, done by which roles. The engine
// (engine.cc) applies the effects; this table is the single place that says what is allowed, and
// the scenario tests (tests/scenarios/workflow/) exercise every row, allowed and refused.
#pragma once

#include <string_view>
#include <vector>

#include "src/domain/enums.h"

namespace hotline::workflow {

// Who, beyond the role, may act.
enum class Scope {
  kCentre,         // a centre role acting on any case it can see
  kUnitAssignee,   // a unit role whose unit holds the relevant assignment
  kDecider,        // whoever dispatched the assignment: the centre's dispatcher, or the
                   // sub-centre's unit_admin for a second-level dispatch
  kCentreOrUnit,   // centre roles listed, or unit roles on their own assignment
};

struct Transition {
  std::string_view action;
  std::vector<domain::CaseStatus> from;
  std::vector<domain::Role> roles;
  Scope scope;
  std::string_view to;  // the resulting status, in words (effects live in the engine)
};

const std::vector<Transition>& Transitions();
const Transition* FindTransition(std::string_view action);

}  // namespace hotline::workflow
