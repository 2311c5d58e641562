// Assessment (考核): a monthly ranking of units by a weighted score of their KPIs. The weights,
// the tiers and the minimum case count are data the admin sets (versioned, assessment_configs);
// a finished month's ranking is frozen with the config version it used. docs/kpis.md §Assessment.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "src/common/clock.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"

namespace hotline::analytics {

struct AssessmentConfig {
  int64_t version = 0;  // 0 = the built-in default (never saved)
  // KPI key (analytics::KpiList) → weight. Rates where lower is better (return_rate, redo_rate)
  // score as 1 - rate.
  std::vector<std::pair<std::string, double>> weights;
  struct Tier {
    std::string name;
    double min_score = 0;  // inclusive
  };
  std::vector<Tier> tiers;  // highest first
  int64_t min_cases = 1;    // units with fewer dispatched cases in the month are not ranked
};

AssessmentConfig DefaultAssessmentConfig();
// Parses and checks an admin's config (unknown KPI, negative or all-zero weights, tiers not in
// descending order or without a 0 floor are 400s naming the field).
Result<AssessmentConfig> ParseAssessmentConfig(const boost::json::value& v);
boost::json::object AssessmentConfigJson(const AssessmentConfig& c);
// The latest saved config, or the default.
Result<AssessmentConfig> CurrentAssessmentConfig(store::ReadTx& tx);

struct ScorePart {
  std::string kpi;
  double weight = 0;
  std::optional<double> value;  // the rate (nullopt: no cases for it; weight left out)
  double points = 0;            // weight-normalised contribution to the 0..100 score
};

struct UnitScore {
  std::string unit_id;
  std::string unit_name;
  store::KpiCounters counters{};
  double score = 0;
  std::string tier;
  int rank = 0;  // 1-based; 0 = not ranked (fewer than min_cases)
  std::vector<ScorePart> parts;
};

UnitScore ScoreUnit(const AssessmentConfig& cfg, const store::KpiCounters& counters);

struct Ranking {
  int month = 0;  // YYYYMM
  int64_t config_version = 0;
  bool frozen = false;  // a finished month, stored
  TimePoint computed_at{};
  std::vector<UnitScore> units;  // ranked first, by score; then the unranked
};

// The month's ranking: the stored one for a finished month (computed and stored on first read),
// else computed now with the current config. `now` decides whether the month is finished.
Result<Ranking> MonthRanking(store::Store& store, const workflow::Directory& dir, int month,
                             TimePoint now);
boost::json::object RankingJson(const Ranking& r);

// How one unit's score was made: its parts and, case by case, the events that counted.
Result<boost::json::object> UnitAssessmentJson(store::Store& store, const workflow::Directory& dir,
                                               const std::string& unit_id, int month,
                                               TimePoint now);

// "2026-11" → 202611.
std::optional<int> ParseMonth(std::string_view s);
std::string MonthText(int month);

}  // namespace hotline::analytics
