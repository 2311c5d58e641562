// KPI rollup shapes (issue 6, docs/kpis.md): every query reads the rollup shape of exactly its
// dimensions (unit, district, category, channel, type) instead of the full cube. Property-style:
// random hand-made deltas over three months, then hundreds of random queries (every group-by,
// random filter sets and date ranges, so every shape, whole months and ragged edges), each checked
// against the same sums computed here from the deltas themselves. Written twice: one delta at a
// time (AddKpiDeltas, as the engine's observer does: queued, then folded into the shapes) and
// summed per rollup row in bulk (ForEachKpiRollupRow + AddKpiRollupRows, as RollupBatch does for
// seed and rebuild). Checked while queued and again after the fold.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using store::KpiCounters;
using store::KpiDelta;
using store::KpiQuery;
using G = store::KpiQuery::GroupBy;

// Days 2026-01-20 .. 2026-04-10 as YYYYMMDD.
std::vector<int> Days() {
  std::vector<int> out;
  using namespace std::chrono;
  for (sys_days d = sys_days(year(2026) / 1 / 20); d <= sys_days(year(2026) / 4 / 10);
       d += days(1)) {
    year_month_day x(d);
    out.push_back(int(x.year()) * 10000 + int(unsigned(x.month())) * 100 + int(unsigned(x.day())));
  }
  return out;
}

std::vector<KpiDelta> RandomDeltas(std::mt19937& rng, int n) {
  const auto days = Days();
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<KpiDelta> out;
  for (int i = 0; i < n; ++i) {
    KpiDelta d;
    d.key.day = days[size_t(pick(0, int(days.size()) - 1))];
    d.key.unit = pick(0, 3) == 0 ? 0 : pick(1, 6);  // 0 = the centre's own intake
    d.key.district = pick(0, 5) == 0 ? 0 : pick(11, 13);
    d.key.category = pick(0, 6) == 0 ? 0 : pick(21, 26);
    d.key.channel = pick(0, 3);
    d.key.type = pick(0, 2);
    for (auto& c : d.counters) c = pick(0, 2);
    d.counters[17] = pick(0, 90000);  // handle_seconds
    d.case_id = i + 1;
    d.seq = 1;
    d.action = "test";
    d.ledger = false;
    out.push_back(d);
  }
  return out;
}

// The answer computed from the deltas: what the full cube would give.
std::map<int64_t, KpiCounters> Expected(const std::vector<KpiDelta>& deltas, const KpiQuery& q) {
  std::map<int64_t, KpiCounters> out;
  auto in = [](const std::vector<int64_t>& list, int64_t v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  for (const auto& d : deltas) {
    const auto& k = d.key;
    if (k.day < q.from_day || k.day > q.to_day) continue;
    if (q.units && std::find(q.units->begin(), q.units->end(), k.unit) == q.units->end()) continue;
    if (!in(q.districts, k.district) || !in(q.categories, k.category)) continue;
    if (q.channel && *q.channel != k.channel) continue;
    if (q.type && *q.type != k.type) continue;
    int64_t key = 0;
    switch (q.group_by) {
      case G::kNone:
        key = 0;
        break;
      case G::kUnit:
        key = k.unit;
        break;
      case G::kDistrict:
        key = k.district;
        break;
      case G::kCategory:
        key = k.category;
        break;
      case G::kChannel:
        key = k.channel;
        break;
      case G::kType:
        key = k.type;
        break;
      case G::kDay:
        key = k.day;
        break;
      case G::kMonth:
        key = k.day / 100;
        break;
    }
    auto [it, fresh] = out.try_emplace(key);
    if (fresh) it->second.fill(0);
    for (int i = 0; i < store::kKpiCounters; ++i) it->second[size_t(i)] += d.counters[size_t(i)];
  }
  return out;
}

KpiQuery RandomQuery(std::mt19937& rng, int mask, G g) {
  const auto days = Days();
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  KpiQuery q;
  size_t a = size_t(pick(0, int(days.size()) - 1)), b = size_t(pick(0, int(days.size()) - 1));
  if (pick(0, 3) == 0) a = 0, b = days.size() - 1;  // whole span: two whole months inside
  q.from_day = days[std::min(a, b)];
  q.to_day = days[std::max(a, b)];
  q.group_by = g;
  auto some = [&](int lo, int hi) {
    std::vector<int64_t> v;
    for (int x = lo; x <= hi; ++x)
      if (pick(0, 1)) v.push_back(x);
    if (v.empty()) v.push_back(pick(lo, hi));
    return v;
  };
  if (mask & 1) q.units = some(1, 6);
  if (mask & 2) q.districts = some(11, 13);
  if (mask & 4) q.categories = some(21, 26);
  if (mask & 8) q.channel = pick(0, 3);
  if (mask & 16) q.type = pick(0, 2);
  return q;
}

std::map<int64_t, KpiCounters> Actual(store::Store& s, const KpiQuery& q) {
  auto tx = s.Read();
  EXPECT_TRUE(tx.ok());
  auto rows = (*tx)->QueryKpis(q);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  std::map<int64_t, KpiCounters> out;
  if (!rows.ok()) return out;
  for (const auto& r : *rows) out[r.key] = r.counters;
  return out;
}

std::string Describe(const KpiQuery& q) {
  std::string s = std::to_string(q.from_day) + ".." + std::to_string(q.to_day) + " group " +
                  std::to_string(int(q.group_by));
  if (q.units) s += " units " + std::to_string(q.units->size());
  if (!q.districts.empty()) s += " districts " + std::to_string(q.districts.size());
  if (!q.categories.empty()) s += " categories " + std::to_string(q.categories.size());
  if (q.channel) s += " channel " + std::to_string(*q.channel);
  if (q.type) s += " type " + std::to_string(*q.type);
  return s;
}

TEST(KpiShapesContract, EveryShapeGivesTheCubesNumbers) {
  TempDir dir;
  auto per_event = OpenTestStore(dir.path() + "/a.db");
  auto bulk = OpenTestStore(dir.path() + "/b.db");
  std::mt19937 rng(20261128);
  const auto deltas = RandomDeltas(rng, 2500);
  // One delta per call, in several transactions, as the engine's observer writes them.
  for (size_t i = 0; i < deltas.size(); i += 250)
    Check(per_event->Write([&](store::WriteTx& tx) -> Status {
      for (size_t j = i; j < std::min(deltas.size(), i + 250); ++j)
        HOTLINE_RETURN_IF_ERROR(tx.AddKpiDeltas({deltas[j]}));
      return Status::Ok();
    }),
          "per-event");
  // Summed per rollup row first (two batches, so rows are added to, not only inserted).
  for (size_t half = 0; half < 2; ++half) {
    std::map<std::tuple<int, bool, int, int64_t, int64_t, int64_t, int, int>, KpiCounters> sums;
    for (size_t j = half * deltas.size() / 2; j < (half + 1) * deltas.size() / 2; ++j)
      store::ForEachKpiRollupRow(deltas[j].key, [&](int shape, bool m, const store::KpiKey& p) {
        auto [it, fresh] = sums.try_emplace(
            std::tuple{shape, m, p.day, p.unit, p.district, p.category, p.channel, p.type});
        if (fresh) it->second.fill(0);
        for (int k = 0; k < store::kKpiCounters; ++k)
          it->second[size_t(k)] += deltas[j].counters[size_t(k)];
      });
    std::vector<store::KpiRollupRow> rows;
    for (const auto& [k, c] : sums) {
      const auto& [shape, m, day, unit, district, category, channel, type] = k;
      rows.push_back({shape, m, store::KpiKey{day, unit, district, category, channel, type}, c});
    }
    Check(bulk->Write([&](store::WriteTx& tx) { return tx.AddKpiRollupRows(rows); }), "bulk");
  }

  const G groups[] = {G::kNone,    G::kUnit, G::kDistrict, G::kCategory,
                      G::kChannel, G::kType, G::kDay,      G::kMonth};
  auto check_all = [&](const char* when) {
    std::mt19937 qrng(99);
    int checked = 0, nonempty = 0;
    for (int mask = 0; mask < 32; ++mask)
      for (G g : groups)
        for (int rep = 0; rep < 3; ++rep) {
          KpiQuery q = RandomQuery(qrng, mask, g);
          auto want = Expected(deltas, q);
          EXPECT_EQ(Actual(*per_event, q), want) << Describe(q) << " " << when;
          EXPECT_EQ(Actual(*bulk, q), want) << Describe(q) << " (bulk)";
          ++checked;
          nonempty += want.empty() ? 0 : 1;
        }
    EXPECT_EQ(checked, 32 * 8 * 3);
    EXPECT_GT(nonempty, checked / 2);  // the filters are not so narrow that nothing is compared
  };
  // The per-event deltas are queued (kpi_pending) and folded by the writer about once a second:
  // right after the writes most are still queued, and the queries must add them.
  check_all("(just written)");
  // A restart folds whatever is still queued; then an explicit fold finds nothing left.
  per_event.reset();
  per_event = OpenTestStore(dir.path() + "/a.db");
  int64_t left = -1;
  Check(per_event->Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_ASSIGN_OR_RETURN(left, tx.FoldKpiPending(1000000));
    return Status::Ok();
  }),
        "fold");
  EXPECT_EQ(left, 0);
  check_all("(folded)");
}

// The writer's group commit sums rollup rows over a batch of write functions and writes them
// before COMMIT: a write function that fails must take its rows with it (also when it read the
// rollups, which writes the rows pending so far, mid-batch), and a successful one must count.
TEST(KpiShapesContract, GroupCommitCountsExactlyTheCommittedWrites) {
  TempDir dir;
  auto s = OpenTestStore(dir.path() + "/a.db");
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 60; ++i) {
        KpiDelta d;
        d.key = store::KpiKey{20260301 + (i % 3), t % 3, 11 + (i % 2), 21 + (t % 4), i % 3, t % 2};
        d.counters.fill(0);
        d.counters[0] = 1;
        d.ledger = false;
        const bool fail = (i + t) % 3 == 0;
        const bool read = (i + t) % 4 == 0;
        Status st = s->Write([&](store::WriteTx& tx) -> Status {
          HOTLINE_RETURN_IF_ERROR(tx.AddKpiDeltas({d}));
          if (read) {
            KpiQuery q;
            q.from_day = q.to_day = d.key.day;
            q.districts = {d.key.district};
            q.channel = d.key.channel;
            HOTLINE_ASSIGN_OR_RETURN(auto rows, tx.QueryKpis(q));
            if (rows.empty() || rows[0].counters[0] < 1)
              return Status::Internal("the write function does not see its own delta");
          }
          if (fail) return Status::Conflict("test", "refused after adding");
          return Status::Ok();
        });
        if (!fail) {
          EXPECT_TRUE(st.ok()) << st.ToString();
          ++ok;
        } else {
          EXPECT_EQ(st.code(), Code::kConflict) << st.ToString();
        }
      }
    });
  for (auto& th : threads) th.join();
  ASSERT_GT(ok.load(), 0);
  for (int mask = 0; mask < 32; ++mask) {
    KpiQuery q;
    q.from_day = 20260301;
    q.to_day = 20260303;
    q.group_by = G::kNone;
    if (mask & 1) q.units = std::vector<int64_t>{0, 1, 2};
    if (mask & 2) q.districts = {11, 12};
    if (mask & 4) q.categories = {21, 22, 23, 24};
    if (mask & 8) q.group_by = G::kChannel;  // filters that keep every delta, any group-by
    if (mask & 16) q.group_by = G::kType;
    int64_t total = 0;
    for (const auto& [k, c] : Actual(*s, q)) total += c[0];
    EXPECT_EQ(total, ok.load()) << "mask " << mask;
  }
}

// A data directory from before migration 0010 (rollups in the cube, the unit and the
// one-dimension shapes only) gets every multi-dimension shape filled from its cube on open.
TEST(KpiShapesContract, Migration0010FillsTheNewShapesFromTheCube) {
  TempDir dir;
  std::mt19937 rng(11);
  const auto deltas = RandomDeltas(rng, 1500);
  {
    auto s = OpenTestStore(dir.db());
    std::vector<store::KpiRollupRow> rows;
    for (const auto& d : deltas)
      store::ForEachKpiRollupRow(d.key, [&](int shape, bool m, const store::KpiKey& p) {
        rows.push_back({shape, m, p, d.counters});
      });
    Check(s->Write([&](store::WriteTx& tx) { return tx.AddKpiRollupRows(rows); }), "add");
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.db().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db,
                           "DROP TABLE kpi_day_multi; DROP TABLE kpi_month_multi; DROP TABLE "
                           "kpi_pending; DELETE FROM schema_migrations WHERE version = 10;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto s = OpenTestStore(dir.db());
  const G groups[] = {G::kNone,    G::kUnit, G::kDistrict, G::kCategory,
                      G::kChannel, G::kType, G::kDay,      G::kMonth};
  int nonempty = 0;
  for (int mask = 0; mask < 32; ++mask)
    for (G g : groups) {
      KpiQuery q = RandomQuery(rng, mask, g);
      auto want = Expected(deltas, q);
      EXPECT_EQ(Actual(*s, q), want) << Describe(q);
      nonempty += want.empty() ? 0 : 1;
    }
  EXPECT_GT(nonempty, 32 * 8 / 2);
}

// Clearing empties every shape, so a rebuild starts from nothing.
TEST(KpiShapesContract, ClearEmptiesEveryShape) {
  TempDir dir;
  auto s = OpenTestStore(dir.path() + "/a.db");
  std::mt19937 rng(7);
  const auto deltas = RandomDeltas(rng, 200);
  Check(s->Write([&](store::WriteTx& tx) { return tx.AddKpiDeltas(deltas); }), "add");
  Check(s->Write([](store::WriteTx& tx) { return tx.ClearKpis(); }), "clear");
  for (int mask = 0; mask < 32; ++mask) {
    KpiQuery q = RandomQuery(rng, mask, G::kNone);
    q.from_day = 20260101;
    q.to_day = 20261231;
    EXPECT_TRUE(Actual(*s, q).empty()) << Describe(q);
  }
}

}  // namespace
}  // namespace hotline::testing
