#include "src/workflow/audit.h"

#include <boost/json.hpp>

#include "src/store/event_hash.h"

namespace hotline::workflow {

Result<AuditReport> VerifyAudit(store::Store& store) {
  AuditReport report;
  std::string after;
  while (true) {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, store.Read());
    HOTLINE_ASSIGN_OR_RETURN(auto ids, tx->CaseIds(after, 1000));
    if (ids.empty()) break;
    for (const auto& id : ids) {
      HOTLINE_ASSIGN_OR_RETURN(auto c, tx->GetCase(id));
      HOTLINE_ASSIGN_OR_RETURN(auto events, tx->ListEvents(id));
      ++report.cases;
      report.events += int64_t(events.size());
      std::string prev;
      int64_t expect = 1;
      std::string problem;
      for (const auto& e : events) {
        if (e.seq != expect) {
          problem = "event " + std::to_string(expect) + " is missing";
          break;
        }
        if (e.prev_hash != prev) {
          problem = "event " + std::to_string(e.seq) + " does not follow the one before";
          break;
        }
        std::string h = store::EventHash(prev, id, e.seq, e.at, e.actor_id, e.action,
                                         boost::json::serialize(e.data));
        if (h != e.hash) {
          problem = "event " + std::to_string(e.seq) + " (" + e.action + ") was altered";
          break;
        }
        prev = e.hash;
        ++expect;
      }
      if (problem.empty() && (c.last_seq != expect - 1 || c.last_hash != prev))
        problem = "the history ends at event " + std::to_string(expect - 1) +
                  " but the case records " + std::to_string(c.last_seq) + " (events were deleted)";
      if (!problem.empty()) report.problems.push_back("case " + c.number + ": " + problem);
    }
    after = ids.back();
  }
  return report;
}

}  // namespace hotline::workflow
