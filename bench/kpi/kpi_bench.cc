// KPI query speed at city scale. Fills the rollups of an existing data directory (made by
// `hotline seed --cases 0`: the demo city's units and categories) as N cases would — each case's
// deltas computed by the real analytics::DeltasOf from synthetic events, summed per row of every
// rollup shape (store::ForEachKpiRollupRow, as RollupBatch does) and written through the real
// WriteTx::AddKpiRollupRows — then times the dashboard and KPI queries through the same code the
// API runs (analytics::QueryKpiTable, MonthRanking, the report builder, the overdue heat table).
//
//   kpi_bench --data DIR --cases 10000000 [--runs 50] [--skip-fill] [--sweep RUNS]
//
// --sweep RUNS also times every query GET /api/v1/kpis can express (each group-by with each set of
// the five filters, over 30 days and 12 months) and prints the slowest.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "src/analytics/assessment.h"
#include "src/analytics/kpi.h"
#include "src/analytics/report.h"
#include "src/analytics/rollup.h"
#include "src/common/crypto.h"
#include "src/store/sqlite/sqlite_store.h"
#include "src/workflow/directory.h"

using namespace hotline;
namespace bj = boost::json;
using Steady = std::chrono::steady_clock;

namespace {

std::string ReadKey(const std::string& dir) {
  FILE* f = std::fopen((dir + "/secret.key").c_str(), "r");
  if (!f) return "";
  char buf[128] = {};
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  std::string k(buf, n);
  while (!k.empty() && (k.back() == '\n' || k.back() == ' ')) k.pop_back();
  return k;
}

domain::Event Ev(const char* action, TimePoint at, bj::object data = {}) {
  domain::Event e;
  e.action = action;
  e.at = at;
  e.data = std::move(data);
  return e;
}

// Fills the rollups with `cases` synthetic cases spread over the 365 days before `end`.
Status Fill(store::Store& store, const workflow::Directory& dir, int64_t cases, TimePoint end) {
  std::mt19937_64 rng(12345);
  std::vector<const domain::Category*> leaves;
  for (const auto& c : dir.categories())
    if (c.level == 3 && !c.disabled) leaves.push_back(&c);
  std::vector<std::string> districts, streets_of_any;
  for (const auto& u : dir.units())
    if (u.kind == domain::UnitKind::kDistrict) districts.push_back(u.id);
  auto pick = [&](size_t n) {
    return size_t(std::uniform_int_distribution<size_t>(0, n - 1)(rng));
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const domain::Channel channels[] = {domain::Channel::kPhone,   domain::Channel::kPhone,
                                      domain::Channel::kPhone,   domain::Channel::kPhone,
                                      domain::Channel::kWeb,     domain::Channel::kApp,
                                      domain::Channel::kMailbox, domain::Channel::kSms};
  const domain::CaseType types[] = {domain::CaseType::kConsultation, domain::CaseType::kHelp,
                                    domain::CaseType::kHelp,         domain::CaseType::kComplaint,
                                    domain::CaseType::kComplaint,    domain::CaseType::kReport,
                                    domain::CaseType::kSuggestion,   domain::CaseType::kPraise};
  // Deltas summed per cube row, then per rollup row of every shape (store::ForEachKpiRollupRow,
  // as analytics::RollupBatch does for `hotline seed`), then written by the real
  // WriteTx::AddKpiRollupRows.
  std::map<std::array<int64_t, 6>, store::KpiCounters> acc;
  auto flush = [&]() -> Status {
    std::map<std::array<int64_t, 8>, store::KpiCounters> rows;
    for (const auto& [k, c] : acc) {
      const store::KpiKey key{int(k[0]), k[1], k[2], k[3], int(k[4]), int(k[5])};
      store::ForEachKpiRollupRow(key, [&](int shape, bool monthly, const store::KpiKey& p) {
        auto [it, fresh] = rows.try_emplace(std::array<int64_t, 8>{
            shape, monthly ? 1 : 0, p.day, p.unit, p.district, p.category, p.channel, p.type});
        if (fresh) it->second.fill(0);
        for (int m = 0; m < store::kKpiCounters; ++m) it->second[m] += c[m];
      });
    }
    acc.clear();
    std::vector<store::KpiRollupRow> batch;
    for (auto& [k, c] : rows) {
      store::KpiRollupRow r;
      r.shape = int(k[0]);
      r.monthly = k[1] != 0;
      r.key = store::KpiKey{int(k[2]), k[3], k[4], k[5], int(k[6]), int(k[7])};
      r.counters = c;
      batch.push_back(std::move(r));
      if (batch.size() == 50000) {
        HOTLINE_RETURN_IF_ERROR(
            store.Write([&](store::WriteTx& tx) { return tx.AddKpiRollupRows(batch); }));
        batch.clear();
      }
    }
    if (!batch.empty())
      HOTLINE_RETURN_IF_ERROR(
          store.Write([&](store::WriteTx& tx) { return tx.AddKpiRollupRows(batch); }));
    return Status::Ok();
  };
  const TimeZone tz = dir.tz();
  auto t0 = Steady::now();
  for (int64_t i = 0; i < cases; ++i) {
    domain::Case c;
    c.id = std::to_string(i + 1);
    const auto* cat = leaves[pick(leaves.size())];
    c.category_id = cat->id;
    c.location.district_id = districts[pick(districts.size())];
    c.channel = channels[pick(8)];
    c.type = types[pick(8)];
    // Cases in time order over the year, so that the accumulator flushes whole days.
    c.created_at =
        end - std::chrono::days(365) +
        std::chrono::milliseconds(int64_t(double(i) / double(cases) * 365.0 * 86400000.0));
    std::string unit =
        cat->default_lead_unit_id.empty() ? c.location.district_id : cat->default_lead_unit_id;
    std::vector<domain::Event> evs;
    TimePoint t = c.created_at;
    evs.push_back(Ev("register", t));
    double r = std::uniform_real_distribution<double>(0, 1)(rng);
    if (r < 0.03) {
      evs.push_back(Ev("invalidate", t + std::chrono::minutes(3)));
    } else if (r < 0.25) {
      evs.push_back(Ev("answer", t + std::chrono::minutes(5)));
      evs.push_back(Ev("callback", t + std::chrono::hours(20),
                       {{"satisfaction", chance(0.8) ? "satisfied" : "basically_satisfied"},
                        {"resolved", true},
                        {"reopen", false}}));
    } else {
      domain::Assignment a;
      a.id = "a1";
      a.unit_id = unit;
      a.role = domain::AssignmentRole::kLead;
      a.contact_due_at = t + std::chrono::hours(24);
      if (chance(0.9)) a.contacted_at = t + std::chrono::hours(5);
      c.assignments.push_back(a);
      bj::object ref{{"assignment", "a1"}, {"unit_id", unit}, {"role", "lead"}};
      evs.push_back(Ev("dispatch", t + std::chrono::minutes(20), {{"units", bj::array{ref}}}));
      if (chance(0.04)) {
        bj::object d = ref;
        evs.push_back(Ev("return", t + std::chrono::hours(2), d));
      } else {
        bj::object s = ref;
        s["on_time"] = chance(0.93);
        evs.push_back(Ev("sign", t + std::chrono::hours(1), s));
        TimePoint done = t + std::chrono::hours(24 + int(pick(200)));
        if (chance(0.08)) evs.push_back(Ev("sla_overdue", done - std::chrono::hours(2), ref));
        bj::object rp = ref;
        rp["on_time"] = chance(0.9);
        evs.push_back(Ev("reply", done, rp));
        double sr = std::uniform_real_distribution<double>(0, 1)(rng);
        evs.push_back(Ev("callback", done + std::chrono::hours(20),
                         {{"satisfaction", sr < 0.75  ? "satisfied"
                                           : sr < 0.9 ? "basically_satisfied"
                                                      : "unsatisfied"},
                          {"resolved", sr < 0.9},
                          {"reopen", false}}));
      }
    }
    std::string rc = analytics::RollupCategory(dir, c.category_id);
    for (size_t k = 0; k < evs.size(); ++k) {
      evs[k].seq = int64_t(k + 1);
      for (auto& d : analytics::DeltasOf(c, evs[k], chance(0.05), tz, rc)) {
        auto [it, fresh] = acc.try_emplace(std::array<int64_t, 6>{
            d.key.day, d.key.unit, d.key.district, d.key.category, d.key.channel, d.key.type});
        if (fresh) it->second.fill(0);
        for (int m = 0; m < store::kKpiCounters; ++m) it->second[m] += d.counters[m];
      }
    }
    if ((i + 1) % 250000 == 0 || i + 1 == cases) {
      HOTLINE_RETURN_IF_ERROR(flush());
      std::printf("fill: %lld cases, %.0f s\n", static_cast<long long>(i + 1),
                  std::chrono::duration<double>(Steady::now() - t0).count());
      std::fflush(stdout);
    }
  }
  return Status::Ok();
}

struct Timing {
  std::string name;
  std::vector<double> ms;
};

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  int64_t cases = 10000000;
  int runs = 50;
  bool skip_fill = false;
  int sweep = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--data" && i + 1 < argc)
      data = argv[++i];
    else if (a == "--cases" && i + 1 < argc)
      cases = std::atoll(argv[++i]);
    else if (a == "--runs" && i + 1 < argc)
      runs = std::atoi(argv[++i]);
    else if (a == "--skip-fill")
      skip_fill = true;
    else if (a == "--sweep" && i + 1 < argc)
      sweep = std::atoi(argv[++i]);
    else {
      std::fprintf(
          stderr,
          "usage: kpi_bench --data DIR [--cases N] [--runs N] [--skip-fill] [--sweep RUNS]\n");
      return 2;
    }
  }
  if (data.empty() || !InitCrypto().ok()) {
    std::fprintf(stderr, "kpi_bench: --data DIR (made by `hotline seed --cases 0`) is required\n");
    return 2;
  }
  auto cipher = PiiCipher::FromHexKey(ReadKey(data));
  if (!cipher.ok()) {
    std::fprintf(stderr, "kpi_bench: no key in %s\n", data.c_str());
    return 1;
  }
  auto store = store::sqlite::SqliteStore::Open(data + "/hotline.db", std::move(cipher).value());
  if (!store.ok()) {
    std::fprintf(stderr, "kpi_bench: %s\n", store.status().message().c_str());
    return 1;
  }
  workflow::DirectoryHolder holder(**store, TimeZone{});
  if (!holder.Reload().ok()) return 1;
  auto dir = holder.Get();
  // The city's "now": the end of the filled year.
  const TimePoint now = *ParseRfc3339("2026-11-28T10:00:00+08:00");
  if (!skip_fill) {
    Status st = Fill(**store, *dir, cases, now);
    if (!st.ok()) {
      std::fprintf(stderr, "kpi_bench: fill: %s\n", st.message().c_str());
      return 1;
    }
  }
  const Date today = LocalDate(now);
  auto ago = [&](int d) { return Date(std::chrono::sys_days(today) - std::chrono::days(d)); };
  std::string a_district;
  for (const auto& u : dir->units())
    if (u.kind == domain::UnitKind::kDistrict) a_district = u.id;
  std::string a_category;
  for (const auto& c : dir->categories())
    if (c.level == 1) a_category = c.id;

  struct Q {
    const char* name;
    analytics::KpiRequest r;
  };
  auto req = [&](Date from, analytics::GroupBy g) {
    analytics::KpiRequest r;
    r.from = from;
    r.to = today;
    r.group_by = g;
    return r;
  };
  std::vector<Q> qs;
  qs.push_back({"30 days, total (KPI cards)", req(ago(29), analytics::GroupBy::kNone)});
  qs.push_back({"30 days by unit (ranking)", req(ago(29), analytics::GroupBy::kUnit)});
  qs.push_back({"30 days by category", req(ago(29), analytics::GroupBy::kCategory)});
  qs.push_back({"30 days by district, phone only", req(ago(29), analytics::GroupBy::kDistrict)});
  qs.back().r.channel = int(domain::Channel::kPhone);
  qs.push_back({"30 days by day (trend)", req(ago(29), analytics::GroupBy::kDay)});
  qs.push_back({"26 weeks by week (trend)", req(ago(181), analytics::GroupBy::kWeek)});
  qs.push_back({"12 months by month (trend)", req(ago(364), analytics::GroupBy::kMonth)});
  qs.push_back({"12 months by unit", req(ago(364), analytics::GroupBy::kUnit)});
  qs.push_back(
      {"12 months by category, one district", req(ago(364), analytics::GroupBy::kCategory)});
  qs.back().r.district_id = a_district;
  qs.push_back({"30 days, a district's subtree by unit", req(ago(29), analytics::GroupBy::kUnit)});
  qs.back().r.unit_id = a_district;
  qs.push_back({"30 days, one category's children", req(ago(29), analytics::GroupBy::kCategory)});
  qs.back().r.category_id = a_category;
  // Two or more dimensions (issue 6): a shape of exactly those dimensions each.
  qs.push_back({"30 days by unit, phone only", req(ago(29), analytics::GroupBy::kUnit)});
  qs.back().r.channel = int(domain::Channel::kPhone);
  qs.push_back(
      {"30 days by category, a district's units", req(ago(29), analytics::GroupBy::kCategory)});
  qs.back().r.unit_id = a_district;
  qs.push_back(
      {"12 months by district, one category", req(ago(364), analytics::GroupBy::kDistrict)});
  qs.back().r.category_id = a_category;
  qs.push_back(
      {"12 months by month, one district, complaints", req(ago(364), analytics::GroupBy::kMonth)});
  qs.back().r.district_id = a_district;
  qs.back().r.type = int(domain::CaseType::kComplaint);
  qs.push_back({"30 days by type, phone, one district", req(ago(29), analytics::GroupBy::kType)});
  qs.back().r.channel = int(domain::Channel::kPhone);
  qs.back().r.district_id = a_district;
  qs.push_back(
      {"12 months by unit, one district, complaints", req(ago(364), analytics::GroupBy::kUnit)});
  qs.back().r.district_id = a_district;
  qs.back().r.type = int(domain::CaseType::kComplaint);
  qs.push_back(
      {"30 days by category, all five filters", req(ago(29), analytics::GroupBy::kCategory)});
  qs.back().r.unit_id = a_district;
  qs.back().r.district_id = a_district;
  qs.back().r.category_id = a_category;
  qs.back().r.channel = int(domain::Channel::kPhone);
  qs.back().r.type = int(domain::CaseType::kHelp);

  std::vector<Timing> results;
  auto time_it = [&](const std::string& name, const std::function<Status()>& fn) {
    Timing t{name, {}};
    for (int i = 0; i < runs + 2; ++i) {
      auto s = Steady::now();
      Status st = fn();
      double ms = std::chrono::duration<double, std::milli>(Steady::now() - s).count();
      if (!st.ok()) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), st.message().c_str());
        return;
      }
      if (i >= 2) t.ms.push_back(ms);  // two warm-up runs
    }
    results.push_back(std::move(t));
  };
  for (const auto& q : qs)
    time_it(q.name, [&]() -> Status {
      HOTLINE_ASSIGN_OR_RETURN(auto tx, (*store)->Read());
      return analytics::QueryKpiTable(*tx, *dir, q.r).status();
    });
  const int month = analytics::DayNumber(now, TimeZone{}) / 100;
  time_it("assessment ranking, this month",
          [&]() -> Status { return analytics::MonthRanking(**store, *dir, month, now).status(); });
  analytics::ReportBuilder builder;
  time_it("daily report (all sections, KPI part)", [&]() -> Status {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, (*store)->Read());
    return builder.Build(*tx, *dir, analytics::PeriodOf(analytics::ReportKind::kDaily, ago(1)), now)
        .status();
  });
  time_it("monthly report", [&]() -> Status {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, (*store)->Read());
    return builder
        .Build(*tx, *dir, analytics::PeriodOf(analytics::ReportKind::kMonthly, ago(30)), now)
        .status();
  });

  // Every query GET /api/v1/kpis can express: each group-by × each set of the five filters ×
  // 30 days and 12 months, `sweep` runs each (after one warm-up).
  struct SweepResult {
    std::string name;
    double p50, worst;
  };
  std::vector<SweepResult> sweep_results;
  if (sweep > 0) {
    const analytics::GroupBy groups[] = {
        analytics::GroupBy::kNone,     analytics::GroupBy::kUnit,    analytics::GroupBy::kDistrict,
        analytics::GroupBy::kCategory, analytics::GroupBy::kChannel, analytics::GroupBy::kType,
        analytics::GroupBy::kDay,      analytics::GroupBy::kWeek,    analytics::GroupBy::kMonth};
    const char* filter_names[5] = {"unit", "district", "category", "channel", "type"};
    for (int span : {29, 364})
      for (auto g : groups)
        for (int mask = 0; mask < 32; ++mask) {
          analytics::KpiRequest r = req(ago(span), g);
          std::string name =
              std::string(span == 29 ? "30d" : "12m") + " by " + std::string(analytics::Name(g));
          for (int f = 0; f < 5; ++f)
            if (mask & (1 << f)) name += std::string(" +") + filter_names[f];
          if (mask & 1) r.unit_id = a_district;
          if (mask & 2) r.district_id = a_district;
          if (mask & 4) r.category_id = a_category;
          if (mask & 8) r.channel = int(domain::Channel::kPhone);
          if (mask & 16) r.type = int(domain::CaseType::kHelp);
          std::vector<double> ms;
          for (int i = 0; i < sweep + 1; ++i) {
            auto s = Steady::now();
            auto tx = (*store)->Read();
            auto t = tx.ok() ? analytics::QueryKpiTable(**tx, *dir, r)
                             : Result<analytics::KpiTable>(tx.status());
            if (!t.ok()) {
              std::fprintf(stderr, "%s: %s\n", name.c_str(), t.status().message().c_str());
              return 1;
            }
            if (i > 0)
              ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - s).count());
          }
          std::sort(ms.begin(), ms.end());
          sweep_results.push_back({name, ms[ms.size() / 2], ms.back()});
        }
  }

  {
    auto tx = (*store)->Read();
    store::KpiQuery all;
    all.from_day = 19000101;
    all.to_day = 29991231;
    auto rows = (*tx)->QueryKpis(all);
    std::printf("\nrollups hold %lld cases (received)\n",
                rows.ok() && !rows->empty() ? static_cast<long long>((*rows)[0].counters[0]) : 0LL);
  }
  std::printf("%-42s %8s %8s %8s\n", "query", "p50 ms", "p95 ms", "max ms");
  for (auto& t : results) {
    std::sort(t.ms.begin(), t.ms.end());
    auto pct = [&](double p) {
      return t.ms[std::min(t.ms.size() - 1, size_t(p * double(t.ms.size())))];
    };
    std::printf("%-42s %8.1f %8.1f %8.1f\n", t.name.c_str(), pct(0.5), pct(0.95), t.ms.back());
  }
  if (!sweep_results.empty()) {
    int over = 0;
    double worst = 0, sum_p50 = 0;
    for (const auto& r : sweep_results) {
      over += r.worst > 100.0 ? 1 : 0;
      worst = std::max(worst, r.worst);
      sum_p50 += r.p50;
    }
    std::printf(
        "\nsweep: %zu queries (every group-by x every filter set x 30 days / 12 months), "
        "%d runs each: mean p50 %.1f ms, worst run %.1f ms, %d with a run over 100 ms\n",
        sweep_results.size(), sweep, sum_p50 / double(sweep_results.size()), worst, over);
    std::sort(sweep_results.begin(), sweep_results.end(),
              [](const SweepResult& a, const SweepResult& b) { return a.worst > b.worst; });
    std::printf("slowest 12:\n");
    for (size_t i = 0; i < std::min<size_t>(12, sweep_results.size()); ++i)
      std::printf("  %-52s p50 %7.1f  max %7.1f\n", sweep_results[i].name.c_str(),
                  sweep_results[i].p50, sweep_results[i].worst);
  }
  return 0;
}
