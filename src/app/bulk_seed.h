// `hotline seed`: a fast bulk loader for benchmarks and load tests. Creates a new data directory
// with the demo city's reference data (SeedReferenceData: units, categories, time limits,
// calendars, demo users) and then N realistic cases built from data/demo/messages.jsonl: a mix of
// every stage (new, dispatched, in progress, replied, awaiting callback, closed, answered,
// invalid), with assignments and deadlines from the real time-limit policies and calendar, and the
// events of each step taken (register first) chained exactly as the engine would, so `hotline audit
// verify` passes. Cases go straight through store::WriteTx (InsertCase + AppendEvent), `batch`
// cases per Write, while the next batch is prepared on another thread (which also sums the KPI
// rollups of every step for the whole load; they are written once, at the end). It does not run the
// workflow engine's checks (it writes states the engine could reach), so it is for test data only,
// not for imports.
#pragma once

#include <cstdint>
#include <string>

#include "src/app/runtime.h"

namespace hotline::app {

struct BulkSeedOptions {
  std::string assets_dir = "data";  // data/demo/*, data/calendar/*
  int64_t cases = 1000000;
  int batch = 5000;  // cases per store Write (one transaction, one fsync)
  uint64_t seed = 12345;
  // "inline": each batch writes the cases' search index entries (FTS5: ~3,500 cases per CPU
  // second). "background": the cases go into the search backlog instead, and `hotline serve`
  // indexes them afterwards (SearchBacklogJob); search finds them once that is done.
  std::string index = "background";
};

// The setting a bulk load keeps in the database: "loading" from before its first case until the
// transaction that writes the last of its KPI rollups (summed in memory for the whole load, see
// analytics::BulkRollup), then "complete". A data directory left "loading" (the seed was
// interrupted: cases without their counts) is refused by OpenRuntime; remove it and seed again.
inline constexpr char kBulkSeedSetting[] = "bulk_seed";

// REQUIRES: rt was opened on a new, empty data directory.
Status BulkSeed(Runtime& rt, const BulkSeedOptions& options);

}  // namespace hotline::app
