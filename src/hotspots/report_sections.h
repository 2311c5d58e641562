// The hot-issue sections of the daily/weekly/monthly reports (analytics::ReportBuilder):
//   * hot_issues  (热点问题): rising terms and clusters of similar cases of the period with their
//     burst score, count, usual level and a few member case numbers;
//   * hot_places  (诉求集中地点): districts and streets where the period's cases concentrate;
//   * surges      (突发聚集): the surge alerts raised in the period with street, district, member
//     count, raised time, status and escalation.
// A daily report analyses the day (TopIssues: against the `baseline_periods` days before); a
// weekly or monthly one its whole period against earlier periods of the same length (monthly:
// at most 3 earlier months, so a month reads at most four months of texts once, then the cache).
// Rows carry case numbers and street/district names only — never a citizen's name, phone or
// address. Each row also has a `links` entry for the console — {hot_id, kind: term|cluster,
// cases}, {hot_id, level: district|street, cases} or {surge_id, status, escalated_at ("YYYY-MM-DD
// HH:MM" or ""), cases} with cases = [{id, number}] — which the Excel download leaves out.
//
// The sections live here (hotspots depends on analytics, not the other way round); the app adds
// them with ReportBuilder::AddSection. Thread-safe: Build may run on many threads at once; the
// hot analyses of concurrent builds run one after the other (a month's window is held in memory
// while it is analysed — docs/benchmarks.md).
#pragma once

#include <memory>
#include <vector>

#include "src/analytics/report.h"
#include "src/common/clock.h"
#include "src/store/store.h"

namespace hotline::hotspots {

// The sections in report order (the hot section gives two tables, hot_issues and hot_places).
// `store` and `clock` must outlive them. Build reads the hot settings (LoadConfig) from the
// snapshot it is given and the per-day term counts through `store` (filling the hot_days cache for
// finished days, in its own write transactions) — so Build must not be called from inside a
// Store::Write.
std::vector<std::unique_ptr<analytics::ReportSection>> ReportSections(store::Store& store,
                                                                      const Clock& clock);

// How many member case numbers a row shows.
inline constexpr size_t kReportCaseSamples = 5;

}  // namespace hotline::hotspots
