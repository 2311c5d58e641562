// The review flow of knowledge articles as data: which action moves what from which state to
// which, and who may take it. The service (service.h) looks actions up here and checks nothing
// the table can say in code of its own.
//
//   submit   working revision draft      → in_review   the owner unit's handler / unit admin,
//   reviewer, admin withdraw working revision in_review  → draft       the owner unit's handler /
//   unit admin, reviewer, admin reject   working revision in_review  → draft       reviewer, admin
//   (a note is required) approve  working revision in_review  → published   reviewer, admin (not
//   the revision's author);
//                                                      the earlier live revision is superseded
//   retire   article published           → retired     admin
//   publish  article retired             → published   reviewer, admin (puts the live revision
//   back)
#pragma once

#include <string_view>
#include <vector>

#include "src/domain/enums.h"
#include "src/domain/knowledge.h"

namespace hotline::knowledge {

// The state an action starts from: the working revision's, or the article's own.
enum class Subject { kWorkingRevision, kArticle };

// A state of either subject, by wire name: draft, in_review, published, retired.
struct FlowStep {
  std::string_view action;
  Subject subject;
  std::string_view from;
  std::string_view to;
  std::vector<domain::Role> roles;  // any of these, for any unit's article
  bool owner_unit = false;          // also a handler / unit admin of the owning unit (or above)
  bool note_required = false;
  bool not_by_author = false;  // the revision's author may not take it (four eyes)
};

// Every step, in the order above.
const std::vector<FlowStep>& Flow();
// The step for an action name; nullptr when there is no such action.
const FlowStep* FindStep(std::string_view action);
// The steps that can start from an article in its current state (for the UI's buttons).
std::vector<const FlowStep*> StepsFrom(const domain::Article& a);
// The subject's current state name for a step ("" when the subject does not exist, e.g. no
// working revision).
std::string_view CurrentState(const domain::Article& a, Subject subject);

}  // namespace hotline::knowledge
