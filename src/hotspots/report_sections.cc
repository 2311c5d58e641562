#include "src/hotspots/report_sections.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <mutex>

#include "src/hotspots/analyzer.h"
#include "src/hotspots/config.h"

namespace hotline::hotspots {
namespace bj = boost::json;
using analytics::ReportKind;
using analytics::ReportPeriod;
using analytics::ReportTable;
using T = analytics::XlsxColumn::Type;

namespace {

bj::value Round1(double v) { return std::round(v * 10.0) / 10.0; }

std::string UnitName(const workflow::Directory& dir, const std::string& id) {
  if (id.empty()) return "";
  const auto* u = dir.FindUnit(id);
  return u ? u->name : "";
}

// The first kReportCaseSamples member cases: numbers for the cell ("、"-joined), ids + numbers
// for the console's links. A case the snapshot cannot read (deleted, not yet visible) is skipped.
Result<std::pair<std::string, bj::array>> Samples(store::ReadTx& tx,
                                                  const std::vector<std::string>& ids) {
  std::string text;
  bj::array links;
  for (const auto& id : ids) {
    if (links.size() >= kReportCaseSamples) break;
    auto c = tx.GetCase(id);
    if (!c.ok()) {
      if (c.status().IsNotFound()) continue;
      return c.status();
    }
    if (!text.empty()) text += "、";
    text += c->number;
    links.push_back(bj::object{{"id", c->id}, {"number", c->number}});
  }
  return std::make_pair(std::move(text), std::move(links));
}

// The hot-issue analysis of a report period: a daily report analyses the day (TopIssues), a weekly
// or monthly one its whole period (monthly: at most 3 earlier months as the baseline).
Result<HotReport> AnalyzePeriod(store::Store& store, const Clock& clock, store::ReadTx& tx,
                                const workflow::Directory& dir, const ReportPeriod& p) {
  HOTLINE_ASSIGN_OR_RETURN(HotConfig cfg, LoadConfig(tx));
  const TimePoint now = clock.Now();
  if (p.kind == ReportKind::kDaily) return TopIssues(store, dir, p.from, cfg, now, 10);
  HotQuery q;
  q.from = LocalMidnight(p.from, dir.tz());
  q.to = LocalMidnight(Date(std::chrono::sys_days(p.to) + std::chrono::days(1)), dir.tz());
  if (p.kind == ReportKind::kMonthly) cfg.baseline_periods = std::min(cfg.baseline_periods, 3);
  cfg.max_items = 10;
  return Analyze(store, dir, q, cfg, now);
}

std::vector<std::string> Ids(const HotItem& i) {
  std::vector<std::string> out;
  for (size_t k = 0; k < i.case_ids.size() && k < kReportCaseSamples; ++k)
    out.push_back(std::to_string(i.case_ids[k]));
  return out;
}

std::string WindowNote(const ReportPeriod& p, const HotReport& r) {
  std::string base =
      p.kind == ReportKind::kDaily    ? "前 " + std::to_string(r.baseline_periods) + " 天"
      : p.kind == ReportKind::kWeekly ? "前 " + std::to_string(r.baseline_periods) + " 周"
                                      : "前 " + std::to_string(r.baseline_periods) + " 个月";
  return "本期 " + std::to_string(r.cases) + " 件工单与" + base +
         "的常态水平比较；热度为突增评分（≥3 视为显著），工单示例列出前 " +
         std::to_string(kReportCaseSamples) + " 件";
}

class HotSection : public analytics::ReportSection {
 public:
  HotSection(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  Result<ReportTable> Build(store::ReadTx& tx, const workflow::Directory& dir,
                            const ReportPeriod& p) const override {
    HOTLINE_ASSIGN_OR_RETURN(auto tables, BuildTables(tx, dir, p));
    return std::move(tables.front());
  }
  // One analysis, two tables: hot_issues and hot_places.
  Result<std::vector<ReportTable>> BuildTables(store::ReadTx& tx, const workflow::Directory& dir,
                                               const ReportPeriod& p) const override {
    // One analysis at a time: a month's window is held in memory while it is analysed, so
    // concurrent report requests wait for each other rather than multiply that memory.
    std::unique_lock lock(analyze_mu_);
    HOTLINE_ASSIGN_OR_RETURN(HotReport r, AnalyzePeriod(store_, clock_, tx, dir, p));
    lock.unlock();
    std::vector<ReportTable> out;
    HOTLINE_ASSIGN_OR_RETURN(auto issues, Issues(tx, p, r));
    out.push_back(std::move(issues));
    HOTLINE_ASSIGN_OR_RETURN(auto places, Places(tx, dir, r));
    out.push_back(std::move(places));
    return out;
  }

 private:
  static Result<ReportTable> Issues(store::ReadTx& tx, const ReportPeriod& p, const HotReport& r) {
    ReportTable t;
    t.id = "hot_issues";
    t.title = "热点问题";
    t.note = WindowNote(p, r);
    t.columns = {{"类型", T::kText, 10},       {"热点", T::kText, 30},  {"件数", T::kInt, 8},
                 {"常态水平", T::kNumber, 10}, {"热度", T::kNumber, 8}, {"倍数", T::kNumber, 8},
                 {"工单示例", T::kText, 60}};
    t.keys = {"kind", "label", "count", "expected", "burst", "ratio", "cases"};
    std::vector<const HotItem*> items;
    for (const auto& i : r.terms) items.push_back(&i);
    for (const auto& i : r.clusters) items.push_back(&i);
    std::stable_sort(items.begin(), items.end(), [](const HotItem* a, const HotItem* b) {
      return a->burst.score > b->burst.score;
    });
    for (const HotItem* i : items) {
      if (t.rows.size() >= 15) break;
      HOTLINE_ASSIGN_OR_RETURN(auto s, Samples(tx, Ids(*i)));
      t.rows.push_back({bj::value(i->kind == "term" ? "上升词" : "相似诉求"), bj::value(i->label),
                        bj::value(int64_t(i->case_ids.size())), Round1(i->burst.expected),
                        Round1(i->burst.score), Round1(i->burst.ratio), bj::value(s.first)});
      t.links.push_back(
          bj::object{{"hot_id", i->id}, {"kind", i->kind}, {"cases", std::move(s.second)}});
    }
    return t;
  }

  static Result<ReportTable> Places(store::ReadTx& tx, const workflow::Directory& dir,
                                    const HotReport& r) {
    ReportTable t;
    t.id = "hot_places";
    t.title = "诉求集中地点";
    t.note = "本期工单明显高于常态的区和街道（按工单地址识别），按热度排序";
    t.columns = {{"地点", T::kText, 20},    {"级别", T::kText, 8},        {"所属区", T::kText, 14},
                 {"件数", T::kInt, 8},      {"常态水平", T::kNumber, 10}, {"热度", T::kNumber, 8},
                 {"工单示例", T::kText, 60}};
    t.keys = {"place", "level", "district", "count", "expected", "burst", "cases"};
    for (const auto& i : r.places) {
      if (t.rows.size() >= 10) break;
      const auto* u = dir.FindUnit(i.place_unit_id);
      std::string district =
          i.place_kind == "street" && u ? UnitName(dir, u->parent_id) : std::string();
      HOTLINE_ASSIGN_OR_RETURN(auto s, Samples(tx, Ids(i)));
      t.rows.push_back({bj::value(i.label), bj::value(i.place_kind == "street" ? "街道" : "区"),
                        district.empty() ? bj::value(nullptr) : bj::value(district),
                        bj::value(int64_t(i.case_ids.size())), Round1(i.burst.expected),
                        Round1(i.burst.score), bj::value(s.first)});
      t.links.push_back(
          bj::object{{"hot_id", i.id}, {"level", i.place_kind}, {"cases", std::move(s.second)}});
    }
    return t;
  }

  store::Store& store_;
  const Clock& clock_;
  mutable std::mutex analyze_mu_;
};

const char* SurgeStatus(const std::string& s) {
  if (s == "open") return "待处置";
  if (s == "acknowledged") return "已确认";
  if (s == "escalated") return "已上报领导";
  if (s == "closed") return "已关闭";
  return "未知";
}

class SurgesSection : public analytics::ReportSection {
 public:
  Result<ReportTable> Build(store::ReadTx& tx, const workflow::Directory& dir,
                            const ReportPeriod& p) const override {
    ReportTable t;
    t.id = "surges";
    t.title = "突发聚集";
    t.note = "本期发出的突发聚集预警（短时间内同一地点、同类诉求集中出现），按发出时间排序";
    t.columns = {
        {"发出时间", T::kDateTime, 17}, {"事项", T::kText, 28},     {"关键词", T::kText, 10},
        {"街道", T::kText, 16},         {"区", T::kText, 12},       {"件数", T::kInt, 8},
        {"状态", T::kText, 10},         {"升级情况", T::kText, 24}, {"工单示例", T::kText, 60}};
    t.keys = {"raised_at", "label",  "term",       "street", "district",
              "count",     "status", "escalation", "cases"};
    for (Date d = p.from; std::chrono::sys_days(d) <= std::chrono::sys_days(p.to);
         d = Date(std::chrono::sys_days(d) + std::chrono::days(1))) {
      HOTLINE_ASSIGN_OR_RETURN(auto list, SurgesOfDay(tx, d, dir.tz()));
      for (const auto& s : list) {
        if (t.rows.size() >= 200) break;
        HOTLINE_ASSIGN_OR_RETURN(auto trail, tx.ListSurgeTrail(s.id));
        std::string escalation, escalated_at;
        for (const auto& e : trail) {
          if (e.action != "escalated") continue;
          escalated_at = FormatRfc3339(e.at, dir.tz()).substr(0, 16);
          escalated_at[10] = ' ';
          escalation = "已上报领导 " + escalated_at;
        }
        if (escalation.empty() && s.status == "closed") escalation = "未升级，已关闭";
        if (escalation.empty()) escalation = "未升级";
        HOTLINE_ASSIGN_OR_RETURN(auto members, tx.ListSurgeCases(s.id));
        std::vector<std::string> ids;
        for (const auto& m : members) ids.push_back(m.case_id);
        HOTLINE_ASSIGN_OR_RETURN(auto samples, Samples(tx, ids));
        std::string street = UnitName(dir, s.place_unit_id);
        std::string district = UnitName(dir, s.district_id);
        if (street == district) street.clear();  // a surge keyed on the district itself
        auto text = [](const std::string& v) {
          return v.empty() ? bj::value(nullptr) : bj::value(v);
        };
        t.rows.push_back({bj::value(FormatRfc3339(s.raised_at, dir.tz())), bj::value(s.label),
                          text(s.term), text(street), text(district), bj::value(s.case_count),
                          bj::value(SurgeStatus(s.status)), bj::value(escalation),
                          bj::value(samples.first)});
        t.links.push_back(bj::object{{"surge_id", s.id},
                                     {"status", s.status},
                                     {"escalated_at", escalated_at},
                                     {"cases", std::move(samples.second)}});
      }
    }
    return t;
  }
};

}  // namespace

std::vector<std::unique_ptr<analytics::ReportSection>> ReportSections(store::Store& store,
                                                                      const Clock& clock) {
  std::vector<std::unique_ptr<analytics::ReportSection>> out;
  out.push_back(std::make_unique<HotSection>(store, clock));
  out.push_back(std::make_unique<SurgesSection>());
  return out;
}

}  // namespace hotline::hotspots
