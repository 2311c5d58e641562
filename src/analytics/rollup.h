// KPI rollups: what each case event adds to the counters of docs/kpis.md, kept in the same write
// transaction as the event (Engine::SetTxObserver), and a rebuild from the stored events.
#pragma once

#include <array>
#include <map>
#include <vector>

#include "src/common/time.h"
#include "src/domain/model.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"

namespace hotline::analytics {

// YYYYMMDD of the instant's local date in the city.
int DayNumber(TimePoint t, TimeZone tz);
// The local date of a YYYYMMDD number.
Date DateOfDay(int day);
int DayOf(Date d);

// The unit answerable for the case's outcome: the last lead assignment that was not returned or
// recalled (the deepest one after a second-level dispatch), or "" when no unit handled it.
std::string OutcomeUnit(const domain::Case& c);

// The deltas one event adds, given the case as it is right after the event's change. `repeat`
// says whether a register event is a repeat request (same phone, same category, within the
// window; the caller looks it up). Pure: no I/O.
// `category` is the case's category as the rollups keep it (RollupCategory).
std::vector<store::KpiDelta> DeltasOf(const domain::Case& c, const domain::Event& e, bool repeat,
                                      TimeZone tz, const std::string& category);

// The rollups keep categories down to the second level of the tree (a level-3 category counts
// for its level-2 parent): fine enough for every KPI view, and it keeps the rollup small.
inline constexpr int kRollupCategoryLevels = 2;
std::string RollupCategory(const workflow::Directory& dir, const std::string& category_id);

struct RollupOptions {
  TimeZone tz;
  int repeat_window_days = 30;  // docs/kpis.md: 重复诉求
  // For the category tree (RollupCategory); null = categories as they are.
  const workflow::DirectoryHolder* directory = nullptr;
};

// The transaction observer: computes the deltas of the event (looking up repeat requests in the
// same transaction) and adds them to the rollups. Thread-safe (stateless).
class Rollup {
 public:
  explicit Rollup(RollupOptions o) : o_(o) {}
  Status Observe(store::WriteTx& tx, const domain::Case& c, const domain::Event& e) const;
  // What Observe adds for the event, without writing it.
  Result<std::vector<store::KpiDelta>> Deltas(store::WriteTx& tx, const domain::Case& c,
                                              const domain::Event& e) const;
  const RollupOptions& options() const { return o_; }

 private:
  RollupOptions o_;
};

// For bulk loads (`hotline seed`, `hotline kpi rebuild`): collects the deltas of many events and
// writes them as one sum per rollup row of every shape (store::ForEachKpiRollupRow) plus one
// ledger row per event — the same end state as calling Observe for each
// event, with a fraction of the writes. Add and Flush must use the same write transaction (or
// Flush a later one of the same load); nothing is written before Flush.
class RollupBatch {
 public:
  explicit RollupBatch(const Rollup& rollup) : rollup_(rollup) {}
  Status Add(store::WriteTx& tx, const domain::Case& c, const domain::Event& e);
  Status Flush(store::WriteTx& tx);

 private:
  const Rollup& rollup_;
  std::map<std::array<int64_t, 6>, store::KpiCounters> sums_;  // by cube row
  std::vector<store::KpiDelta> ledger_;
};

// Empties the rollups and recomputes them from every stored case event, 200 cases per write
// (summed per rollup row by a RollupBatch).
// The case's current state stands in for its state at each event (exact for everything the
// events themselves record; see docs/kpis.md). Returns how many events were replayed.
Result<int64_t> RebuildRollups(store::Store& store, const Rollup& rollup);

}  // namespace hotline::analytics
