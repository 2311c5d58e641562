// KPI rollups: what each case event adds to the counters of docs/kpis.md, kept in the same write
// transaction as the event (Engine::SetTxObserver), and a rebuild from the stored events.
#pragma once

#include <array>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
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

// The rollups of a bulk load into a new city (`hotline seed`): the deltas of every case event of
// the whole load are summed in memory by cube row (day, unit, district, category, channel, type),
// and Flush writes each row of every shape once, shape by shape (each one summed from the cube)
// and in each table's key order — far fewer and cheaper writes than summing per transaction,
// because most rollup rows (every monthly one, and the daily ones of busy days) are hit by the
// cases of many transactions. The same end state as Rollup::Observe for every event (the test
// kpi_test BulkRollupEqualsPerEventRollups checks it).
// Repeat requests are found in memory among the cases added before (same caller phone, same
// category, within the window, as ReadTx::HasEarlierCase): REQUIRES a store with no cases before
// the load, and the cases added in the order the store inserts them. Not thread-safe; one thread
// at a time (the seed's builder thread adds, its main thread flushes while the builder waits).
class BulkRollup {
 public:
  explicit BulkRollup(const Rollup& rollup) : rollup_(rollup) {}
  ~BulkRollup();
  BulkRollup(const BulkRollup&) = delete;
  BulkRollup& operator=(const BulkRollup&) = delete;

  // Adds the deltas of every event of case c: `history` is every step it took, oldest first
  // (also those not stored as events), and c its state after the last one. The per-unit ledger
  // rows (KpiDelta with unit != 0, rollup = false, case_id 0) are appended to *ledger: the caller
  // sets their case_id once the store has numbered the case and writes them with
  // WriteTx::AddKpiDeltas in the same transaction as the case.
  void Add(const domain::Case& c, const std::vector<domain::Event>& history,
           std::vector<store::KpiDelta>* ledger);
  // Cube rows summed and not written yet (each holds ~200 bytes).
  size_t rows() const { return cube_.size(); }

  // Writes the sums: whole shapes (their daily and monthly rows) until at least max_rows rows are
  // written in this call, so a large flush spans several transactions. Returns true once every
  // shape is written; the sums are then empty (Add may go on and Flush again later). Until it
  // returns true, the rollups hold part of the load: the caller marks the load incomplete until
  // then (a failed call leaves it so: the caller stops). REQUIRES: no Add between the calls of
  // one flush. Each shape is summed on a thread of its own while the one before is written, from
  // the smallest wider shape already summed (a spanning tree of the 31 shapes, rooted at the
  // cube), so that summing and writing overlap.
  Result<bool> Flush(store::WriteTx& tx, int64_t max_rows);

 private:
  struct KeyHash {
    size_t operator()(const std::array<int64_t, 6>& k) const;
  };
  using Sums = std::unordered_map<std::array<int64_t, 6>, store::KpiCounters, KeyHash>;
  struct ShapeRows {
    int shape = 0;
    std::vector<store::KpiRollupRow> rows;  // daily and monthly
  };
  // The summing thread of a flush: every shape in turn into ready_ (at most two waiting).
  bool Sum(int shape, const Sums& daily);
  void StopSumming();

  const Rollup& rollup_;
  Sums cube_;  // by (day, unit, district, category, channel, type)
  std::unordered_map<std::string, std::vector<int64_t>> calls_;  // phone + category: created (ms)
  std::unordered_map<std::string, std::string> categories_;      // category id: its rollup category
  // The flush under way.
  std::thread summer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ShapeRows> ready_;
  bool stop_ = false;
  int shapes_written_ = 0;
};

// Empties the rollups and recomputes them from every stored case event, 200 cases per write
// (summed per rollup row by a RollupBatch).
// The case's current state stands in for its state at each event (exact for everything the
// events themselves record; see docs/kpis.md). Returns how many events were replayed.
Result<int64_t> RebuildRollups(store::Store& store, const Rollup& rollup);

}  // namespace hotline::analytics
