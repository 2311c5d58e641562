// The dashboards' counts (GET /api/v1/stats) at city scale. Fills an existing data directory (made
// by `hotline seed --cases 0`: the demo city's units and categories) with N synthetic cases spread
// over the 365 days before now — rows written by SQL straight into `cases` and `case_units`, so
// the triggers of migration 0014 keep `case_counts` exactly as they do for every write — then times
// what the leader dashboard asks (web/src/views/DashboardView.vue), today and this month, through
// the same ReadTx::Stats the API runs.
//
//   stats_bench --data DIR --cases 10000000 [--runs 30] [--skip-fill]
//
// The synthetic cases carry only what the counts read (status, type, channel, category, district,
// registration time, a rating for most closed cases, the units that hold them with their due and
// warning times for open ones); they have no text, no citizen and no events, so they are for this
// benchmark only.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "src/app/runtime.h"

using namespace hotline;
using Steady = std::chrono::steady_clock;

namespace {

bool Ok(sqlite3* db, int rc, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
  std::fprintf(stderr, "stats_bench: %s: %s\n", what, sqlite3_errmsg(db));
  return false;
}

// N cases over the 365 days before `now`, oldest first (ids grow with time, as registrations do).
bool Fill(const std::string& path, const workflow::Directory& dir, int64_t cases, TimePoint now) {
  using namespace domain;
  std::vector<std::string> leaves, districts, units;
  for (const auto& c : dir.categories())
    if (c.level == 3 && !c.disabled) leaves.push_back(c.id);
  for (const auto& u : dir.units()) {
    if (u.kind == UnitKind::kDistrict) districts.push_back(u.id);
    if (u.kind == UnitKind::kDepartment || u.kind == UnitKind::kStreet ||
        u.kind == UnitKind::kEnterprise)
      units.push_back(u.id);
  }
  if (leaves.empty() || districts.empty() || units.empty()) {
    std::fprintf(stderr, "stats_bench: the data directory has no city (hotline seed --cases 0)\n");
    return false;
  }
  sqlite3* db = nullptr;
  if (!Ok(db, sqlite3_open(path.c_str(), &db), "open")) return false;
  sqlite3_busy_timeout(db, 10000);
  sqlite3_exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000", nullptr, nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_stmt* unit = nullptr;
  if (!Ok(db,
          sqlite3_prepare_v2(db,
                             "INSERT INTO cases(number, status, type, channel, category_id, "
                             "district_id, created_at, updated_at, version, title, content, doc) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 1, '', '', ?8)",
                             -1, &ins, nullptr),
          "prepare") ||
      !Ok(db,
          sqlite3_prepare_v2(db,
                             "INSERT OR IGNORE INTO case_units(unit_id, case_id, active, status, "
                             "warn_at, due_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                             -1, &unit, nullptr),
          "prepare"))
    return false;
  std::mt19937_64 rng(20261129);
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const int64_t end = ToUnixMillis(now);
  const int64_t span = int64_t(365) * 86400000;
  const int64_t day = 86400000;
  const char* kChannels[] = {"phone", "phone",   "phone",  "web",
                             "app",   "mailbox", "letter", "open311"};
  const char* kTypes[] = {"consultation", "help",   "help",      "complaint",
                          "complaint",    "report", "suggestion"};
  const char* kOpen[] = {
      "new",     "dispatched",      "in_progress", "in_progress", "return_requested",
      "replied", "callback_pending"};
  const char* kSat[] = {"satisfied", "satisfied", "satisfied", "basically_satisfied",
                        "unsatisfied"};
  const auto t0 = Steady::now();
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (int64_t i = 0; i < cases; ++i) {
    const int64_t at = end - span + span * i / cases;
    const int64_t age = end - at;
    // Recent cases are mostly open; a case older than three weeks is finished.
    const double open_p = age < 2 * day ? 0.8 : age < 21 * day ? 0.3 : 0.0;
    const bool open = chance(open_p);
    std::string status = open           ? kOpen[pick(std::size(kOpen))]
                         : chance(0.25) ? "answered"
                         : chance(0.03) ? (chance(0.5) ? "invalid" : "transferred")
                                        : "closed";
    const std::string doc = status == "closed" && chance(0.8)
                                ? std::string(R"({"rating":{"satisfaction":")") +
                                      kSat[pick(std::size(kSat))] + R"(","resolved":true}})"
                                : std::string("{}");
    const std::string number = "S" + std::to_string(i + 1);
    sqlite3_bind_text(ins, 1, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 2, status.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 3, kTypes[pick(std::size(kTypes))], -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, kChannels[pick(std::size(kChannels))], -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 5, leaves[pick(leaves.size())].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 6, districts[pick(districts.size())].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 7, at);
    sqlite3_bind_text(ins, 8, doc.c_str(), -1, SQLITE_TRANSIENT);
    if (!Ok(db, sqlite3_step(ins), "insert case")) return false;
    sqlite3_reset(ins);
    const int64_t id = sqlite3_last_insert_rowid(db);
    const bool held =
        status != "new" && status != "answered" && status != "invalid" && status != "transferred";
    for (int u = 0; held && u < (chance(0.12) ? 2 : 1); ++u) {
      const bool active = open && status != "replied" && status != "callback_pending";
      const int64_t due = at + int64_t(3 + pick(12)) * day;
      sqlite3_bind_text(unit, 1, units[pick(units.size())].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(unit, 2, id);
      sqlite3_bind_int(unit, 3, active ? 1 : 0);
      sqlite3_bind_text(unit, 4, active ? "signed" : "replied", -1, SQLITE_STATIC);
      if (active) {
        sqlite3_bind_int64(unit, 5, due - (due - at) / 4);
        sqlite3_bind_int64(unit, 6, due);
      } else {
        sqlite3_bind_null(unit, 5);
        sqlite3_bind_null(unit, 6);
      }
      if (!Ok(db, sqlite3_step(unit), "insert unit")) return false;
      sqlite3_reset(unit);
    }
    if ((i + 1) % 200000 == 0 || i + 1 == cases) {
      if (!Ok(db, sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "commit")) return false;
      std::printf("fill: %lld cases, %.0f s\n", static_cast<long long>(i + 1),
                  std::chrono::duration<double>(Steady::now() - t0).count());
      std::fflush(stdout);
      if (i + 1 < cases) sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    }
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(unit);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return true;
}

struct Query {
  std::string name;
  store::StatsQuery q;
};

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  int64_t cases = 10000000;
  int runs = 30;
  bool skip_fill = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--data" && i + 1 < argc)
      data = argv[++i];
    else if (a == "--cases" && i + 1 < argc)
      cases = std::atoll(argv[++i]);
    else if (a == "--runs" && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
    else if (a == "--skip-fill")
      skip_fill = true;
    else {
      std::fprintf(stderr, "usage: stats_bench --data DIR [--cases N] [--runs N] [--skip-fill]\n");
      return 2;
    }
  }
  if (data.empty()) {
    std::fprintf(stderr,
                 "stats_bench: --data DIR (made by `hotline seed --cases 0`) is required\n");
    return 2;
  }
  auto rt = app::OpenRuntime(data, false);
  if (!rt.ok()) {
    std::fprintf(stderr, "stats_bench: %s\n", rt.status().message().c_str());
    return 1;
  }
  store::Store& store = *(*rt)->store;
  auto dir = (*rt)->directory->Get();
  const TimePoint now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  if (!skip_fill && !Fill(data + "/hotline.db", *dir, cases, now)) return 1;

  // What the dashboard asks: today and this month (local time), the 30-day trend, the SLA states
  // of every open assignment, the overdue units.
  const TimeZone tz = (*rt)->engine->tz();
  const Date today = LocalDate(now, tz);
  const TimePoint day0 = LocalMidnight(today, tz);
  const Date first = today.year() / today.month() / std::chrono::day{1};
  const TimePoint month0 = LocalMidnight(first, tz);
  const TimePoint trend0 = day0 - std::chrono::hours(24 * 29);
  std::vector<Query> queries;
  auto add = [&](std::string name, store::StatsDimension by, std::optional<TimePoint> from) {
    Query x{std::move(name), {}};
    x.q.by = by;
    x.q.from = from;
    if (from) x.q.to = now;
    x.q.now = now;
    x.q.tz_offset_minutes = tz.offset_minutes;
    queries.push_back(x);
  };
  using D = store::StatsDimension;
  for (auto [by, name] : {std::pair{D::kType, "type"},
                          {D::kChannel, "channel"},
                          {D::kCategory, "category"},
                          {D::kDistrict, "district"},
                          {D::kStatus, "status"},
                          {D::kSatisfaction, "satisfaction"}}) {
    add(std::string("today by ") + name, by, day0);
    add(std::string("this month by ") + name, by, month0);
  }
  add("30-day trend by day", D::kDay, trend0);
  add("sla (every open assignment)", D::kSla, std::nullopt);
  add("overdue units (every open assignment)", D::kOverdue, std::nullopt);
  // For comparison: a district sub-centre's own dashboard, counted from the cases (scoped).
  for (const auto& u : dir->units())
    if (u.kind == domain::UnitKind::kDistrict) {
      add("scoped: a district's subtree, today by status", D::kStatus, day0);
      queries.back().q.scope_unit_ids = dir->Subtree(u.id);
      break;
    }

  std::printf("%-48s %10s %10s %10s %12s\n", "query", "p50 ms", "p95 ms", "max ms", "total");
  for (auto& x : queries) {
    std::vector<double> ms;
    int64_t total = 0;
    for (int r = 0; r < runs; ++r) {
      const auto t = Steady::now();
      auto tx = store.Read();
      if (!tx.ok()) return 1;
      auto counts = (*tx)->Stats(x.q);
      if (!counts.ok()) {
        std::fprintf(stderr, "stats_bench: %s: %s\n", x.name.c_str(),
                     counts.status().message().c_str());
        return 1;
      }
      ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t).count());
      total = 0;
      for (const auto& c : *counts) total += c.count;
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double p) { return ms[std::min(ms.size() - 1, size_t(p * double(ms.size())))]; };
    std::printf("%-48s %10.2f %10.2f %10.2f %12lld\n", x.name.c_str(), at(0.5), at(0.95), ms.back(),
                static_cast<long long>(total));
    std::fflush(stdout);
  }
  return 0;
}
