// Hot-issue and surge detection over a Beijing-sized day (docs/benchmarks.md, `make bench-hot`).
//
// Builds once, in --data (default bench/out/hot): the demo city's reference data, CASES cases
// (default 65,000) on each of the two days before today (from data/demo/messages.jsonl, with
// varied wording, across every street), a water outage of 40 calls within an hour in one street on
// the measured day, and the day cache (hot_days) of the 55 days before those two — counted by the
// same code the server runs (TermFilter, PlaceResolver) over generated days, so the baseline holds
// 8 weeks at 65,000 cases a day without storing 3.6 million cases. Then measures, on one thread:
//   cold:  hot issues of the measured day (yesterday) against 56 days (8 weeks): the day before
//          is counted into the cache on the way (as the server does once for every finished day);
//   warm:  the same again (every baseline day cached: the steady state of a running centre);
//   surge: the surge watcher over the measured day's cases, from a cursor at its start.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>

#include "src/app/demo.h"
#include "src/app/demo_data.h"
#include "src/app/runtime.h"
#include "src/common/time.h"
#include "src/hotspots/analyzer.h"
#include "src/hotspots/places.h"
#include "src/hotspots/terms.h"
#include "src/hotspots/watcher.h"

using namespace hotline;
using std::chrono::days;
using std::chrono::minutes;

namespace {

double Secs(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
// CPU seconds of the whole process (the machine may be shared: wall time alone misleads).
double Cpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

const char* const kOpen[] = {"", "您好，", "市民来电反映：", "我想反映一个问题，", "请问，"};
const char* const kClose[] = {"", "请尽快处理。", "希望相关部门重视。", "谢谢！",
                              "麻烦尽快给个答复。"};

struct Gen {
  const app::DemoData& data;
  std::map<std::string, std::string> unit_id, category_id;
  std::vector<std::pair<std::string, std::string>> streets;  // (district id, street name)
  std::mt19937_64 rng{20261128};

  domain::Case Make(TimePoint at) {
    const auto& m = data.messages[rng() % data.messages.size()];
    domain::Case c;
    c.type = domain::ParseCaseType(m.type).value_or(domain::CaseType::kHelp);
    c.channel = domain::Channel::kPhone;
    c.title = m.title;
    c.content = std::string(kOpen[rng() % 5]) + m.content + kClose[rng() % 5];
    c.category_id = category_id.count(m.category) ? category_id[m.category] : "";
    const auto& st = streets[rng() % streets.size()];
    c.location.district_id = st.first;
    c.location.address = "江城市" + st.second + std::to_string(1 + rng() % 300) + "号";
    c.citizen.name = "张三";
    c.citizen.phone = "139" + std::to_string(10000000 + rng() % 89999999);
    c.status = domain::CaseStatus::kNew;
    c.created_at = at;
    c.updated_at = at;
    c.version = 1;
    return c;
  }
};

Status Build(app::Runtime& rt, int64_t per_day, TimePoint today) {
  HOTLINE_RETURN_IF_ERROR(app::SeedReferenceData(rt, "data"));
  HOTLINE_ASSIGN_OR_RETURN(app::DemoData data, app::LoadDemoData("data/demo"));
  Gen g{data, {}, {}, {}};
  auto dir = rt.directory->Get();
  for (const auto& u : dir->units()) {
    g.unit_id[u.code] = u.id;
    if (u.kind == domain::UnitKind::kStreet) g.streets.emplace_back(u.parent_id, u.name);
  }
  for (const auto& c : dir->categories()) g.category_id[c.code] = c.id;
  const TimeZone tz = dir->tz();
  const Date d0 = LocalDate(today, tz);
  // The two stored days: the day before yesterday, and yesterday (the measured day).
  for (int back = 2; back >= 1; --back) {
    TimePoint start = LocalMidnight(Date(std::chrono::sys_days(d0) - days(back)), tz);
    std::vector<domain::Case> cases;
    for (int64_t i = 0; i < per_day; ++i)
      cases.push_back(g.Make(start + Millis(int64_t(86'400'000) * i / per_day)));
    if (back == 1) {
      const std::string street = "马王堆街道";
      for (int i = 0; i < 40; ++i) {
        domain::Case c = g.Make(start + std::chrono::hours(15) + std::chrono::seconds(i * 80));
        c.title = "小区停水";
        c.content = "芙蓉苑小区" + std::to_string(1 + i % 12) +
                    "栋从下午开始突然停水，没有任何通知，请尽快恢复供水。";
        c.category_id = g.category_id["010215"];
        c.location.district_id = g.unit_id["jd"];
        c.location.address = "江城市江东区" + street + "芙蓉苑小区";
        cases.push_back(std::move(c));
      }
      std::sort(cases.begin(), cases.end(),
                [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
    }
    for (size_t k = 0; k < cases.size(); k += 5000) {
      HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) -> Status {
        for (size_t j = k; j < cases.size() && j < k + 5000; ++j)
          HOTLINE_RETURN_IF_ERROR(tx.InsertCase(cases[j], 480));
        return Status::Ok();
      }));
    }
    std::printf("hot_bench: %zu cases on %s\n", cases.size(),
                FormatDate(LocalDate(start, tz)).c_str());
  }
  // The day cache of the 55 days before: 7 generated days of per_day cases, counted as the
  // analyzer counts, each standing for every 7th day.
  hotspots::TermFilter filter;
  hotspots::PlaceResolver places(*dir);
  std::vector<store::HotDay> week(7);
  for (int k = 0; k < 7; ++k) {
    std::unordered_map<hotspots::TermId, int64_t> terms;
    std::unordered_map<std::string, int64_t> pl;
    for (int64_t i = 0; i < per_day; ++i) {
      domain::Case c = g.Make(today);
      for (auto t : filter.Terms(c.title + "\n" + c.content)) ++terms[t];
      ++pl["@d:" + c.location.district_id];
      std::string s = places.Street(c.location.district_id, c.location.address);
      if (!s.empty()) ++pl["@s:" + s];
    }
    week[size_t(k)].cases = per_day;
    for (const auto& [t, n] : terms) week[size_t(k)].terms.emplace_back(hotspots::TermText(t), n);
    for (const auto& [p, n] : pl) week[size_t(k)].terms.emplace_back(p, n);
  }
  for (int back = 3; back <= 57; ++back) {
    store::HotDay d = week[size_t(back % 7)];
    d.key = "";
    d.day = FormatDate(Date(std::chrono::sys_days(d0) - days(back)));
    d.computed_at = today;
    HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) { return tx.PutHotDay(d); }));
  }
  std::printf("hot_bench: day cache of 55 days written (%zu terms a day)\n", week[0].terms.size());
  return Status::Ok();
}

int Fail(const Status& st) {
  std::fprintf(stderr, "hot_bench: %s\n", st.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = argc > 1 ? argv[1] : "bench/out/hot";
  int64_t per_day = argc > 2 ? std::stoll(argv[2]) : 65000;
  const bool fresh = !std::filesystem::exists(data + "/hotline.db");
  auto rt = app::OpenRuntime(data, fresh);
  if (!rt.ok()) return Fail(rt.status());
  auto& r = **rt;
  // The clock of the data: built "today"; later runs measure the same day.
  TimePoint now = r.clock->Now();
  if (fresh) {
    auto t0 = std::chrono::steady_clock::now();
    Status st = Build(r, per_day, now);
    if (!st.ok()) return Fail(st);
    Status put = r.store->Write([&](store::WriteTx& tx) {
      return tx.PutHotState("bench_now", std::to_string(ToUnixMillis(now)));
    });
    if (!put.ok()) return Fail(put);
    std::printf("hot_bench: built in %.1f s\n", Secs(t0));
  } else {
    auto tx = r.store->Read();
    if (!tx.ok()) return Fail(tx.status());
    auto v = (*tx)->GetHotState("bench_now");
    if (!v.ok() || !*v) return Fail(Status::Invalid(data + " was not built by hot_bench"));
    now = FromUnixMillis(std::stoll(**v));
  }
  auto dir = r.directory->Get();
  const Date measured = Date(std::chrono::sys_days(LocalDate(now, dir->tz())) - days(1));
  hotspots::HotConfig cfg;
  cfg.baseline_periods = 56;  // a one-day window against the 56 days (8 weeks) before it
  hotspots::HotQuery q;
  q.from = LocalMidnight(measured, dir->tz());
  q.to = q.from + days(1);
  const char* runs[] = {"cold", "warm"};
  for (const char* run : runs) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = Cpu();
    auto rep = hotspots::Analyze(*r.store, *dir, q, cfg, now);
    if (!rep.ok()) return Fail(rep.status());
    std::printf(
        "hot issues (%s): %lld cases on %s against %d days, %.2f s wall, %.2f s CPU; %zu terms, "
        "%zu clusters, "
        "%zu places; top: %s (burst %.1f), %s, %s\n",
        run, (long long)rep->cases, FormatDate(measured).c_str(), rep->baseline_periods, Secs(t0),
        Cpu() - c0, rep->terms.size(), rep->clusters.size(), rep->places.size(),
        rep->terms.empty() ? "-" : rep->terms[0].label.c_str(),
        rep->terms.empty() ? 0.0 : rep->terms[0].burst.score,
        rep->clusters.empty() ? "-" : rep->clusters[0].label.c_str(),
        rep->places.empty() ? "-" : rep->places[0].label.c_str());
  }
  // Surge detection over the measured day, from a cursor at its start.
  int64_t cursor = 0;
  {
    auto tx = r.store->Read();
    if (!tx.ok()) return Fail(tx.status());
    store::HotCaseQuery hq;
    hq.from = q.from;
    hq.limit = 1;
    Status st = (*tx)->ScanHotCases(hq, [&](const store::HotCaseRow& row) { cursor = row.id - 1; });
    if (!st.ok()) return Fail(st);
  }
  Status reset = r.store->Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(tx.PutHotState("surge_cursor", std::to_string(cursor)));
    return Status::Ok();
  });
  if (!reset.ok()) return Fail(reset);
  int raised = 0, joined = 0;
  hotspots::SurgeWatcher watcher(*r.store, *r.directory,
                                 [&](const std::string& action, const store::Surge&) {
                                   (action == "raised" ? raised : joined)++;
                                 });
  auto t0 = std::chrono::steady_clock::now();
  double c0 = Cpu();
  auto n = watcher.Poll(now);
  if (!n.ok()) return Fail(n.status());
  std::printf("surges: %d cases watched, %.2f s wall, %.2f s CPU; %d raised, %d joined\n", *n,
              Secs(t0), Cpu() - c0, raised, joined);
  return 0;
}
