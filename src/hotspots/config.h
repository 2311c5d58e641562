// The hot-issue settings: burst and cluster thresholds, the surge window and watch terms, the
// repeat/abusive caller limits. Data, editable by the admin (GET/PUT /api/v1/admin/hotspot-config),
// stored as JSON under hot_state 'config'. Absent keys keep their defaults.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "src/common/status.h"
#include "src/store/store.h"

namespace hotline::hotspots {

struct HotConfig {
  // Hot issues (热点): a window of `window_days` local days against `baseline_periods` earlier
  // windows of the same length.
  int window_days = 7;
  int baseline_periods = 8;
  int min_term_cases = 5;           // a term must be in this many window cases to be reported
  double min_burst = 3.0;           // burst score (see docs/hotspots.md)
  double min_ratio = 1.5;           // (count + 1) / (expected + 1)
  int max_items = 20;               // per list (terms, clusters, places)
  double cluster_similarity = 0.4;  // Jaccard of the cases' term sets
  int min_cluster_cases = 3;
  int min_place_cases = 5;
  std::vector<std::string> stop_terms;  // extra boilerplate terms, on top of the built-in list
  // Surges (突发聚集): min_cases cases with the same key within window_minutes.
  int surge_window_minutes = 60;
  int surge_min_cases = 30;
  int surge_join_gap_minutes =
      360;                        // a later case joins an open surge this long after its last case
  bool surge_by_category = true;  // key: category + place
  std::vector<std::string> surge_watch_terms = {"停水", "停电", "断水", "断电", "停气", "漏水",
                                                "爆管", "燃气", "积水", "内涝", "塌陷", "火灾"};
  // Callers.
  int repeat_days = 30;
  int repeat_min_cases = 5;
  int abuse_min_invalid = 3;  // invalid cases within repeat_days: suspected abuse
};

boost::json::object ConfigToJson(const HotConfig& c);
// Applies the keys of `o` to `base`; unknown keys and out-of-range values are errors naming the
// field.
Result<HotConfig> ConfigFromJson(const boost::json::object& o, HotConfig base = {});
// The stored configuration, or the defaults.
Result<HotConfig> LoadConfig(store::ReadTx& tx);
Status SaveConfig(store::WriteTx& tx, const HotConfig& c);

}  // namespace hotline::hotspots
