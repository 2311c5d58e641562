// Verifies the hash chains of every case's history: detects an edited, inserted or deleted event
// (including the last one, against the head kept with the case).
#pragma once

#include <string>
#include <vector>

#include "src/store/store.h"

namespace hotline::workflow {

struct AuditReport {
  int64_t cases = 0;
  int64_t events = 0;
  std::vector<std::string> problems;  // one line per broken case: "case 2611280001: ..."
  bool ok() const { return problems.empty(); }
};

Result<AuditReport> VerifyAudit(store::Store& store);

}  // namespace hotline::workflow
