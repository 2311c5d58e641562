// KPI tables (docs/kpis.md): sums of the rollup counters over a period, grouped by one dimension,
// with the rates computed from them. Reads only the rollups, so it is fast at any case count.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "src/common/time.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"

namespace hotline::analytics {

enum class GroupBy { kNone, kUnit, kDistrict, kCategory, kChannel, kType, kDay, kWeek, kMonth };
std::optional<GroupBy> ParseGroupBy(std::string_view s);
std::string_view Name(GroupBy g);

struct KpiRequest {
  Date from{};  // inclusive local dates
  Date to{};
  GroupBy group_by = GroupBy::kNone;
  // Filters (ids as in the API). unit_id restricts to the unit's subtree and, with group_by=unit,
  // groups by its direct children (each with its own subtree).
  std::string unit_id;
  std::string category_id;  // with its subtree
  std::string district_id;
  std::optional<int> channel;  // enum ordinal
  std::optional<int> type;
  // Data scope: when set, only rollup rows of these units (a unit user's subtree).
  std::optional<std::vector<std::string>> scope_unit_ids;
};

// The rates of docs/kpis.md; nullopt when the denominator is 0.
struct KpiRates {
  std::optional<double> response_rate, resolution_rate, satisfaction_rate, sign_on_time_rate,
      on_time_rate, return_rate, redo_rate, direct_answer_rate, repeat_rate, avg_handling_hours;
};
KpiRates RatesOf(const store::KpiCounters& c);
// The rate names (API keys), zh-CN labels, in display order.
struct KpiInfo {
  const char* key;
  const char* label;
  const char* label_en;
  bool percent;  // else hours
};
const std::vector<KpiInfo>& KpiList();
std::optional<double> RateByKey(const KpiRates& r, std::string_view key);
// zh-CN and English labels of the counters (store::kKpiCounterNames order).
const char* CounterLabel(int i);

struct KpiGroup {
  std::string key;    // unit/district/category id, channel/type name, YYYY-MM-DD, YYYY-MM
  std::string label;  // display name
  store::KpiCounters counters{};
  KpiRates rates;
};

struct KpiTable {
  GroupBy group_by = GroupBy::kNone;
  Date from{}, to{};
  std::vector<KpiGroup> groups;  // in key order (periods) or by received/dispatched, descending
  KpiGroup total;
};

// REQUIRES: from <= to. Unknown ids are the caller's to reject first.
Result<KpiTable> QueryKpiTable(store::ReadTx& tx, const workflow::Directory& dir,
                               const KpiRequest& req);

boost::json::object KpiTableJson(const KpiTable& t);
boost::json::object CountersJson(const store::KpiCounters& c);
boost::json::object RatesJson(const KpiRates& r);

}  // namespace hotline::analytics
