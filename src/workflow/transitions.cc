#include "src/workflow/transitions.h"

namespace hotline::workflow {
using domain::CaseStatus;
using domain::Role;

namespace {
using S = CaseStatus;
using R = Role;
const std::vector<S> kOpen = {S::kNew, S::kAnswered, S::kDispatched, S::kInProgress,
                              S::kReturnRequested, S::kReplied, S::kCallbackPending};
const std::vector<S> kHandling = {S::kDispatched, S::kInProgress, S::kReturnRequested,
                                  S::kReplied};
}  // namespace

const std::vector<Transition>& Transitions() {
  static const std::vector<Transition> kTable = {
      {"answer", {S::kNew}, {R::kAgent, R::kDispatcher}, Scope::kCentre, "answered"},
      {"dispatch", {S::kNew, S::kInProgress}, {R::kDispatcher, R::kUnitAdmin}, Scope::kCentreOrUnit,
       "dispatched (centre) / in_progress (sub-centre to a sub-unit)"},
      {"recall", {S::kDispatched}, {R::kDispatcher}, Scope::kCentre, "new"},
      {"sign", {S::kDispatched, S::kInProgress}, {R::kHandler, R::kUnitAdmin}, Scope::kUnitAssignee,
       "in_progress"},
      {"record_contact", {S::kInProgress}, {R::kHandler, R::kUnitAdmin}, Scope::kUnitAssignee,
       "in_progress"},
      {"return", {S::kDispatched, S::kInProgress}, {R::kHandler, R::kUnitAdmin},
       Scope::kUnitAssignee, "return_requested"},
      {"approve_return", {S::kReturnRequested}, {R::kDispatcher, R::kUnitAdmin}, Scope::kDecider,
       "new (centre) / in_progress (sub-centre takes it back)"},
      {"reject_return", {S::kReturnRequested}, {R::kDispatcher, R::kUnitAdmin}, Scope::kDecider,
       "in_progress, or dispatched if never signed"},
      {"request_extension", {S::kInProgress}, {R::kHandler, R::kUnitAdmin}, Scope::kUnitAssignee,
       "in_progress"},
      {"approve_extension", {S::kInProgress}, {R::kDispatcher, R::kUnitAdmin}, Scope::kDecider,
       "in_progress"},
      {"reject_extension", {S::kInProgress}, {R::kDispatcher, R::kUnitAdmin}, Scope::kDecider,
       "in_progress"},
      {"reply", {S::kInProgress}, {R::kHandler, R::kUnitAdmin}, Scope::kUnitAssignee,
       "replied (lead) / in_progress (co-handling part)"},
      {"approve_reply", {S::kReplied}, {R::kReviewer}, Scope::kCentre, "callback_pending"},
      {"reject_reply", {S::kReplied}, {R::kReviewer}, Scope::kCentre, "in_progress"},
      {"callback", {S::kCallbackPending, S::kAnswered}, {R::kCallback}, Scope::kCentre,
       "closed, or in_progress/new when reopened"},
      {"close", {S::kAnswered, S::kCallbackPending}, {R::kCallback, R::kAgent}, Scope::kCentre,
       "closed"},
      {"reopen", {S::kClosed}, {R::kCallback, R::kSupervisor}, Scope::kCentre,
       "in_progress, or new if no unit handled it"},
      {"merge", {S::kNew}, {R::kDispatcher, R::kAgent}, Scope::kCentre, "merged"},
      {"transfer", {S::kNew}, {R::kAgent, R::kDispatcher}, Scope::kCentre, "transferred"},
      {"invalidate", {S::kNew}, {R::kAgent, R::kDispatcher}, Scope::kCentre, "invalid"},
      {"urge", kHandling, {R::kSupervisor, R::kDispatcher}, Scope::kCentre, "unchanged"},
      {"supervise", kHandling, {R::kSupervisor}, Scope::kCentre, "unchanged"},
      {"escalate", kOpen, {R::kSupervisor, R::kDispatcher, R::kAgent}, Scope::kCentre,
       "unchanged"},
      {"comment",
       {S::kNew, S::kAnswered, S::kDispatched, S::kInProgress, S::kReturnRequested, S::kReplied,
        S::kCallbackPending, S::kClosed, S::kMerged, S::kTransferred, S::kInvalid},
       {R::kAgent, R::kDispatcher, R::kReviewer, R::kCallback, R::kSupervisor, R::kHandler,
        R::kUnitAdmin},
       Scope::kCentreOrUnit, "unchanged"},
      {"update_citizen", kOpen, {R::kAgent, R::kDispatcher, R::kCallback}, Scope::kCentre,
       "unchanged"},
  };
  return kTable;
}

const Transition* FindTransition(std::string_view action) {
  for (const auto& t : Transitions())
    if (t.action == action) return &t;
  return nullptr;
}

}  // namespace hotline::workflow
