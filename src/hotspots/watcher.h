// The surge watcher: follows newly registered cases by a durable cursor (the last case id it has
// looked at, hot_state 'surge_cursor'), feeds them to a SurgeDetector and stores what it finds —
// a new surge with its member cases and a "raised" trail entry, or a case joining an open surge —
// in the same write as the advanced cursor. So a case is looked at exactly once, even across a
// crash or a restart (the detector's windows are rebuilt from the cases before the cursor).
//
// `hotline serve` polls it every second; the demo runs it once after seeding. Not thread-safe:
// one watcher per data directory, driven by one thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "src/hotspots/config.h"
#include "src/hotspots/places.h"
#include "src/hotspots/surge.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"

namespace hotline::hotspots {

// What the watcher did to a surge: "raised" or "joined" (with the surge as stored after it).
using SurgeListener = std::function<void(const std::string& action, const store::Surge& s)>;

// The keys a case answers to (see surge.h): "c:<category>|<place>" and "t:<watch term>|<place>",
// place "s:<street>" or else "d:<district>". None without a place.
std::vector<std::string> SurgeKeys(const store::HotCaseRow& r, const PlaceResolver& places,
                                   const HotConfig& cfg);

class SurgeWatcher {
 public:
  SurgeWatcher(store::Store& store, workflow::DirectoryHolder& directory,
               SurgeListener listener = {});

  // Processes every case registered since the last call (in batches); returns how many cases it
  // looked at. Loads the configuration and rebuilds its state on the first call.
  Result<int> Poll(TimePoint now);

 private:
  Status Restore(TimePoint now);
  Result<int> Batch(TimePoint now);

  store::Store& store_;
  workflow::DirectoryHolder& directory_;
  SurgeListener listener_;
  std::unique_ptr<SurgeDetector> detector_;
  HotConfig cfg_;
  std::string cfg_text_;
  int64_t cursor_ = 0;
  size_t closed_seen_ = 0;  // closed surges of the last week, to notice a close by staff
  bool restored_ = false;
};

}  // namespace hotline::hotspots
