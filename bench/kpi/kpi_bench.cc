// KPI query speed at city scale. Fills the rollups of an existing data directory (made by
// `hotline seed --cases 0`: the demo city's units and categories) as N cases would — each case's
// deltas computed by the real analytics::DeltasOf from synthetic events and written through the
// real Store::AddKpiDeltas — then times the dashboard and KPI queries through the same code the
// API runs (analytics::QueryKpiTable, MonthRanking, the report builder, the overdue heat table).
//
//   kpi_bench --data DIR --cases 10000000 [--runs 50] [--skip-fill]
#include <algorithm>
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

struct KeyLess {
  bool operator()(const store::KpiKey& a, const store::KpiKey& b) const {
    return std::tie(a.day, a.unit, a.district, a.category, a.channel, a.type) <
           std::tie(b.day, b.unit, b.district, b.category, b.channel, b.type);
  }
};

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
  std::map<store::KpiKey, store::KpiCounters, KeyLess> acc;
  auto flush = [&]() -> Status {
    std::vector<store::KpiDelta> batch;
    for (auto& [k, c] : acc) {
      store::KpiDelta d;
      d.key = k;
      d.counters = c;
      d.ledger = false;
      batch.push_back(std::move(d));
      if (batch.size() == 20000) {
        HOTLINE_RETURN_IF_ERROR(
            store.Write([&](store::WriteTx& tx) { return tx.AddKpiDeltas(batch); }));
        batch.clear();
      }
    }
    if (!batch.empty())
      HOTLINE_RETURN_IF_ERROR(
          store.Write([&](store::WriteTx& tx) { return tx.AddKpiDeltas(batch); }));
    acc.clear();
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
        auto& x = acc[d.key];
        for (int m = 0; m < store::kKpiCounters; ++m) x[m] += d.counters[m];
      }
    }
    if ((i + 1) % 500000 == 0 || i + 1 == cases) {
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
    else {
      std::fprintf(stderr, "usage: kpi_bench --data DIR [--cases N] [--runs N] [--skip-fill]\n");
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
  return 0;
}
