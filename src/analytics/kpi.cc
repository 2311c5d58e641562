#include "src/analytics/kpi.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "src/analytics/counters.h"
#include "src/analytics/rollup.h"
#include "src/domain/enums.h"

namespace hotline::analytics {
namespace bj = boost::json;
using namespace hotline::domain;
using store::KpiCounters;

namespace {

std::optional<double> Ratio(int64_t num, int64_t den) {
  if (den <= 0) return std::nullopt;
  return double(num) / double(den);
}

void AddTo(KpiCounters& a, const KpiCounters& b) {
  for (int i = 0; i < store::kKpiCounters; ++i) a[i] += b[i];
}

// Maps a node to the child of `root` whose subtree holds it (or root itself), following parents.
template <typename ParentOf>
std::string FoldTo(const std::string& root, const std::string& id, ParentOf parent_of) {
  std::string cur = id;
  for (int depth = 0; depth < 64 && !cur.empty(); ++depth) {
    if (cur == root) return root;
    std::string p = parent_of(cur);
    if (p == root) return cur;
    cur = p;
  }
  return "";
}

std::string DateText(Date d) { return FormatDate(d); }

}  // namespace

std::optional<GroupBy> ParseGroupBy(std::string_view s) {
  static const std::pair<std::string_view, GroupBy> kAll[] = {
      {"none", GroupBy::kNone},         {"unit", GroupBy::kUnit},
      {"district", GroupBy::kDistrict}, {"category", GroupBy::kCategory},
      {"channel", GroupBy::kChannel},   {"type", GroupBy::kType},
      {"day", GroupBy::kDay},           {"week", GroupBy::kWeek},
      {"month", GroupBy::kMonth}};
  for (auto& [n, g] : kAll)
    if (n == s) return g;
  return std::nullopt;
}

std::string_view Name(GroupBy g) {
  switch (g) {
    case GroupBy::kNone:
      return "none";
    case GroupBy::kUnit:
      return "unit";
    case GroupBy::kDistrict:
      return "district";
    case GroupBy::kCategory:
      return "category";
    case GroupBy::kChannel:
      return "channel";
    case GroupBy::kType:
      return "type";
    case GroupBy::kDay:
      return "day";
    case GroupBy::kWeek:
      return "week";
    case GroupBy::kMonth:
      return "month";
  }
  return "none";
}

KpiRates RatesOf(const KpiCounters& c) {
  KpiRates r;
  r.response_rate = Ratio(c[kContactedOnTime], c[kReplied]);
  r.resolution_rate = Ratio(c[kResolved], c[kRated]);
  r.satisfaction_rate = Ratio(c[kSatisfied] + c[kBasicallySatisfied], c[kRated]);
  r.sign_on_time_rate = Ratio(c[kSignedOnTime], c[kSigned]);
  r.on_time_rate = Ratio(c[kRepliedOnTime], c[kReplied]);
  r.return_rate = Ratio(c[kReturned], c[kDispatched]);
  r.redo_rate = Ratio(c[kRedone], c[kReplied] + c[kAnswered]);
  r.direct_answer_rate = Ratio(c[kAnswered], c[kReceived] - c[kExcluded]);
  r.repeat_rate = Ratio(c[kRepeated], c[kReceived]);
  if (c[kClosed] > 0)
    r.avg_handling_hours = double(c[kHandleSeconds]) / 3600.0 / double(c[kClosed]);
  return r;
}

const std::vector<KpiInfo>& KpiList() {
  static const std::vector<KpiInfo> kList = {
      {"response_rate", "响应率", "Response rate", true},
      {"resolution_rate", "解决率", "Resolution rate", true},
      {"satisfaction_rate", "满意率", "Satisfaction rate", true},
      {"sign_on_time_rate", "按时签收率", "On-time signing", true},
      {"on_time_rate", "按时办结率", "On-time closure", true},
      {"return_rate", "退单率", "Return rate", true},
      {"redo_rate", "重办率", "Reopen rate", true},
      {"direct_answer_rate", "直接办结率", "Direct-answer rate", true},
      {"repeat_rate", "重复诉求率", "Repeat-request rate", true},
      {"avg_handling_hours", "平均办理时长(小时)", "Average handling time (h)", false},
  };
  return kList;
}

std::optional<double> RateByKey(const KpiRates& r, std::string_view k) {
  if (k == "response_rate") return r.response_rate;
  if (k == "resolution_rate") return r.resolution_rate;
  if (k == "satisfaction_rate") return r.satisfaction_rate;
  if (k == "sign_on_time_rate") return r.sign_on_time_rate;
  if (k == "on_time_rate") return r.on_time_rate;
  if (k == "return_rate") return r.return_rate;
  if (k == "redo_rate") return r.redo_rate;
  if (k == "direct_answer_rate") return r.direct_answer_rate;
  if (k == "repeat_rate") return r.repeat_rate;
  if (k == "avg_handling_hours") return r.avg_handling_hours;
  return std::nullopt;
}

const char* CounterLabel(int i) {
  static const char* kLabels[store::kKpiCounters] = {
      "受理量",   "无效/转出/并单", "直接答复",       "重复诉求", "派单(主办)",
      "签收",     "按时签收",       "办结反馈",       "按时反馈", "按时联系市民",
      "退单申请", "重办",           "回访评价",       "满意",     "基本满意",
      "已解决",   "办结",           "办理总时长(秒)", "超期"};
  return i >= 0 && i < store::kKpiCounters ? kLabels[i] : "";
}

Result<KpiTable> QueryKpiTable(store::ReadTx& tx, const workflow::Directory& dir,
                               const KpiRequest& req) {
  store::KpiQuery q;
  q.from_day = DayOf(req.from);
  q.to_day = DayOf(req.to);
  // Unit filter: the subtree of unit_id, intersected with the caller's scope.
  std::optional<std::vector<std::string>> units;
  if (!req.unit_id.empty()) units = dir.Subtree(req.unit_id);
  if (req.scope_unit_ids) {
    if (!units) {
      units = *req.scope_unit_ids;
    } else {
      std::vector<std::string> both;
      for (const auto& u : *units)
        if (std::find(req.scope_unit_ids->begin(), req.scope_unit_ids->end(), u) !=
            req.scope_unit_ids->end())
          both.push_back(u);
      units = std::move(both);
    }
  }
  if (units) {
    q.units.emplace();
    for (const auto& u : *units) q.units->push_back(IdNum(u));
  }
  if (!req.category_id.empty())
    for (const auto& c : dir.CategorySubtree(req.category_id))
      if (const Category* x = dir.FindCategory(c); x && x->level <= kRollupCategoryLevels)
        q.categories.push_back(IdNum(c));
  if (!req.district_id.empty()) q.districts.push_back(IdNum(req.district_id));
  q.channel = req.channel;
  q.type = req.type;
  using G = store::KpiQuery::GroupBy;
  switch (req.group_by) {
    case GroupBy::kNone:
      q.group_by = G::kNone;
      break;
    case GroupBy::kUnit:
      q.group_by = G::kUnit;
      break;
    case GroupBy::kDistrict:
      q.group_by = G::kDistrict;
      break;
    case GroupBy::kCategory:
      q.group_by = G::kCategory;
      break;
    case GroupBy::kChannel:
      q.group_by = G::kChannel;
      break;
    case GroupBy::kType:
      q.group_by = G::kType;
      break;
    case GroupBy::kDay:
    case GroupBy::kWeek:
      q.group_by = G::kDay;
      break;
    case GroupBy::kMonth:
      q.group_by = G::kMonth;
      break;
  }
  HOTLINE_ASSIGN_OR_RETURN(auto rows, tx.QueryKpis(q));

  KpiTable t;
  t.group_by = req.group_by;
  t.from = req.from;
  t.to = req.to;
  std::map<std::string, KpiGroup> groups;
  std::vector<std::string> order;  // period keys sort by text already
  // The root whose children the unit/category groups show.
  std::string unit_root = !req.unit_id.empty() ? req.unit_id : dir.centre_id();
  if (req.unit_id.empty() && req.scope_unit_ids && !req.scope_unit_ids->empty())
    unit_root = req.scope_unit_ids->front();  // a unit user: its own unit (Subtree puts it first)
  const std::string cat_root = req.category_id;
  for (const auto& row : rows) {
    AddTo(t.total.counters, row.counters);
    std::string key, label;
    switch (req.group_by) {
      case GroupBy::kNone:
        key = "all";
        label = "全部";
        break;
      case GroupBy::kUnit: {
        if (row.key == 0) {
          key = "";
          label = "热线中心直办";
          break;
        }
        std::string id = std::to_string(row.key);
        key = FoldTo(unit_root, id, [&](const std::string& u) {
          const Unit* x = dir.FindUnit(u);
          return x ? x->parent_id : std::string();
        });
        if (key.empty()) key = id;  // outside the tree (a deleted unit): on its own
        const Unit* x = dir.FindUnit(key);
        label = x ? x->name : key;
        break;
      }
      case GroupBy::kDistrict: {
        key = row.key ? std::to_string(row.key) : "";
        const Unit* x = dir.FindUnit(key);
        label = x ? x->name : "未指定区域";
        break;
      }
      case GroupBy::kCategory: {
        std::string id = row.key ? std::to_string(row.key) : "";
        if (id.empty()) {
          label = "未分类";
          break;
        }
        auto parent_of = [&](const std::string& c) {
          const Category* x = dir.FindCategory(c);
          return x ? x->parent_id : std::string();
        };
        key = FoldTo(cat_root, id, parent_of);
        if (key.empty()) key = id;
        const Category* x = dir.FindCategory(key);
        label = x ? x->name : key;
        break;
      }
      case GroupBy::kChannel: {
        auto ch = Channel(row.key);
        key = std::string(domain::Name(ch));
        label = std::string(Label(ch));
        break;
      }
      case GroupBy::kType: {
        auto ty = CaseType(row.key);
        key = std::string(domain::Name(ty));
        label = std::string(Label(ty));
        break;
      }
      case GroupBy::kDay:
        key = label = DateText(DateOfDay(int(row.key)));
        break;
      case GroupBy::kWeek: {
        // ISO weeks: the key is the Monday.
        auto d = std::chrono::sys_days(DateOfDay(int(row.key)));
        std::chrono::weekday wd(d);
        auto monday = d - std::chrono::days((wd.c_encoding() + 6) % 7);
        key = label = DateText(Date(monday));
        break;
      }
      case GroupBy::kMonth: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d", int(row.key / 100), int(row.key % 100));
        key = label = buf;
        break;
      }
    }
    auto [it, fresh] = groups.try_emplace(key);
    if (fresh) {
      it->second.key = key;
      it->second.label = label;
    }
    AddTo(it->second.counters, row.counters);
  }
  for (auto& [k, g] : groups) {
    g.rates = RatesOf(g.counters);
    t.groups.push_back(std::move(g));
  }
  const bool periods = req.group_by == GroupBy::kDay || req.group_by == GroupBy::kWeek ||
                       req.group_by == GroupBy::kMonth;
  if (!periods)
    std::stable_sort(t.groups.begin(), t.groups.end(), [](const KpiGroup& a, const KpiGroup& b) {
      int64_t va = a.counters[kReceived] + a.counters[kDispatched];
      int64_t vb = b.counters[kReceived] + b.counters[kDispatched];
      return va > vb;
    });
  t.total.key = "total";
  t.total.label = "合计";
  t.total.rates = RatesOf(t.total.counters);
  return t;
}

bj::object CountersJson(const KpiCounters& c) {
  bj::object o;
  for (int i = 0; i < store::kKpiCounters; ++i) o[store::kKpiCounterNames[i]] = c[i];
  o["valid"] = c[kReceived] - c[kExcluded];
  return o;
}

bj::object RatesJson(const KpiRates& r) {
  bj::object o;
  for (const auto& k : KpiList()) {
    auto v = RateByKey(r, k.key);
    if (v)
      o[k.key] = std::round(*v * 10000.0) / 10000.0;
    else
      o[k.key] = nullptr;
  }
  return o;
}

bj::object KpiTableJson(const KpiTable& t) {
  auto group = [](const KpiGroup& g) {
    return bj::object{{"key", g.key},
                      {"label", g.label},
                      {"counters", CountersJson(g.counters)},
                      {"kpis", RatesJson(g.rates)}};
  };
  bj::array items;
  for (const auto& g : t.groups) items.push_back(group(g));
  return bj::object{{"group_by", Name(t.group_by)},
                    {"from", FormatDate(t.from)},
                    {"to", FormatDate(t.to)},
                    {"items", std::move(items)},
                    {"total", group(t.total)}};
}

}  // namespace hotline::analytics
