// Hot and difficult issues (热点难点): what rose in a window of days against its usual level.
//
// For the cases of the window (filtered by district, category subtree and the reader's data
// scope) it reports
//   * rising terms: Chinese bigrams (terms.h) whose case count beats the baseline (burst.h);
//     terms that mark the same cases (≥ 70% overlap) are folded into one item;
//   * clusters of similar cases (cluster.h), labelled by their most telling terms;
//   * places where cases concentrate: districts and streets (places.h) against their baseline.
// The baseline is the `baseline_periods` windows of the same length before the window. Their
// per-day counts are cached in the store (hot_days) once a day is over, so a day's texts are read
// once; the window itself is always read afresh.
//
// Thread-safety: Analyze may run on many threads at once (the store serialises writes).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/common/clock.h"
#include "src/common/time.h"
#include "src/hotspots/burst.h"
#include "src/hotspots/config.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"

namespace hotline::hotspots {

struct HotQuery {
  TimePoint from{};  // window start (inclusive)
  TimePoint to{};    // window end (exclusive)
  std::string district_id;
  std::string category_id;                                 // with its subtree
  std::optional<std::vector<std::string>> scope_unit_ids;  // nullopt = every case
};

struct HotItem {
  std::string
      id;  // stable for the same window: "t-<hex of the term>", "c-<first case id>", "p-<unit id>"
  std::string kind;                // term | cluster | place
  std::string label;               // 停水 / 停水 · 水压 · 自来 / 马王堆街道
  std::vector<std::string> terms;  // term: the term and the ones folded into it; cluster: top terms
  std::string place_unit_id;       // place: the district or street
  std::string place_kind;          // district | street
  Burst burst;
  std::vector<int64_t> case_ids;  // every member case, ascending
};

struct HotReport {
  TimePoint from{};
  TimePoint to{};
  int64_t cases = 0;              // cases in the window
  double baseline_cases = 0;      // mean cases per baseline period
  int baseline_periods = 0;       // periods with any cases
  std::vector<HotItem> terms;     // rising terms, highest burst first
  std::vector<HotItem> clusters;  // clusters of similar cases, highest burst first
  std::vector<HotItem> places;    // places, highest burst first
  const HotItem* Find(const std::string& id) const;
};

// The default window: the last `window_days` local days up to `now` (today included).
HotQuery DefaultWindow(TimePoint now, TimeZone tz, int window_days);

// REQUIRES: q.from < q.to, at most 31 days apart.
Result<HotReport> Analyze(store::Store& store, const workflow::Directory& dir, const HotQuery& q,
                          const HotConfig& cfg, TimePoint now);

// For the daily briefing: the rising terms, clusters and places of one local day (the whole
// city, no scope) against the same weekday-free baseline of the `cfg.baseline_periods` days
// before it — i.e. Analyze over [day, day+1). At most `limit` items per list.
Result<HotReport> TopIssues(store::Store& store, const workflow::Directory& dir, Date day,
                            const HotConfig& cfg, TimePoint now, int limit = 10);

// For the daily briefing: the surges raised on one local day (every status), earliest first.
// Members: tx.ListSurgeCases(id); escalation trail: tx.ListSurgeTrail(id).
Result<std::vector<store::Surge>> SurgesOfDay(store::ReadTx& tx, Date day, TimeZone tz);

}  // namespace hotline::hotspots
