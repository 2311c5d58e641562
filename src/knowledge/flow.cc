#include "src/knowledge/flow.h"

namespace hotline::knowledge {

using domain::Role;

const std::vector<FlowStep>& Flow() {
  static const std::vector<FlowStep> kFlow = {
      {"submit",
       Subject::kWorkingRevision,
       "draft",
       "in_review",
       {Role::kReviewer, Role::kAdmin},
       true,
       false,
       false},
      {"withdraw",
       Subject::kWorkingRevision,
       "in_review",
       "draft",
       {Role::kReviewer, Role::kAdmin},
       true,
       false,
       false},
      {"reject",
       Subject::kWorkingRevision,
       "in_review",
       "draft",
       {Role::kReviewer, Role::kAdmin},
       false,
       true,
       false},
      {"approve",
       Subject::kWorkingRevision,
       "in_review",
       "published",
       {Role::kReviewer, Role::kAdmin},
       false,
       false,
       true},
      {"retire", Subject::kArticle, "published", "retired", {Role::kAdmin}, false, false, false},
      {"publish",
       Subject::kArticle,
       "retired",
       "published",
       {Role::kReviewer, Role::kAdmin},
       false,
       false,
       false},
  };
  return kFlow;
}

const FlowStep* FindStep(std::string_view action) {
  for (const auto& s : Flow())
    if (s.action == action) return &s;
  return nullptr;
}

std::string_view CurrentState(const domain::Article& a, Subject subject) {
  if (subject == Subject::kArticle) return Name(a.status);
  if (a.working_rev == 0 || !a.working_status) return "";
  return Name(*a.working_status);
}

std::vector<const FlowStep*> StepsFrom(const domain::Article& a) {
  std::vector<const FlowStep*> out;
  for (const auto& s : Flow())
    if (CurrentState(a, s.subject) == s.from) out.push_back(&s);
  return out;
}

}  // namespace hotline::knowledge
