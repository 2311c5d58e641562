// `hotline report daily|weekly|monthly` and `hotline kpi rebuild`: reports to an Excel file from
// the shell, and a rebuild of the KPI rollups from the stored events.
#pragma once

#include <string>

namespace hotline::app {

// Writes the report of `kind` for the period holding `date` (YYYY-MM-DD) to `out` (.xlsx).
// Returns the process exit code (2 for bad arguments).
int ReportCommand(const std::string& data, const std::string& kind, const std::string& date,
                  const std::string& out);

// Empties and recomputes the KPI rollups from every case's events.
int KpiRebuild(const std::string& data);

}  // namespace hotline::app
