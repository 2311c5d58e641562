// GET /api/v1/stats counts (ReadTx::Stats). Property-style: random cases registered over ten days
// at random minutes, then random changes of every kind (status, rating given and cleared,
// reclassified, moved to another district or registration time, units added and removed), then
// hundreds of random periods (open ends, whole hours, part-hours, inside one hour) and every
// dimension, with and without a data scope, in a whole-hour and a part-hour time zone: each
// answer must equal the count computed here from the cases themselves. The SQLite backend answers
// unscoped counts from case_counts (migration 0014, kept by triggers) plus the part-hours at the
// ends; the check also compares that table with a recount of the cases, as the migration's
// backfill makes it, and checks that a failed write leaves it unchanged.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <random>
#include <set>

#include "tests/fakes/test_city.h"

namespace hotline::testing {
namespace {

using namespace hotline::domain;
using store::StatsDimension;
using store::StatsQuery;

constexpr int64_t kMinute = 60000;
const TimePoint kT0 = *ParseRfc3339("2026-03-01T00:00:00+08:00");
const TimePoint kNow = kT0 + std::chrono::hours(24 * 8);

class StatsContract : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenTestStore(dir_.db()); }

  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  void RandomUnits(Case& c) {
    c.assignments.clear();
    const int n = Pick(0, 3);
    for (int i = 0; i < n; ++i) {
      Assignment a;
      a.id = "a" + std::to_string(i);
      a.unit_id = std::to_string(Pick(5, 9));  // a unit may appear twice (taken back, re-sent)
      a.role = i == 0 ? AssignmentRole::kLead : AssignmentRole::kCo;
      a.status = Pick(0, 3) ? AssignmentStatus::kSigned : AssignmentStatus::kReturned;
      a.assigned_at = c.created_at;
      a.warn_at = kT0 + std::chrono::minutes(Pick(0, 60 * 24 * 12));
      a.due_at = a.warn_at + std::chrono::minutes(Pick(0, 60 * 24 * 3));
      c.assignments.push_back(a);
    }
  }

  void RandomRating(Case& c) {
    if (Pick(0, 2)) {
      c.rating.reset();
      return;
    }
    c.rating = Rating{Satisfaction(Pick(0, 2)), Pick(0, 1) == 1, "回访", "phone"};
  }

  Case RandomCase() {
    Case c;
    c.created_at =
        kT0 + std::chrono::milliseconds(int64_t(Pick(0, 60 * 24 * 10)) * kMinute + Pick(0, 59999));
    c.updated_at = c.created_at;
    c.status = CaseStatus(Pick(0, 10));
    c.type = CaseType(Pick(0, 4));
    c.channel = Channel(Pick(0, 3));
    c.category_id = Pick(0, 5) ? std::to_string(Pick(20, 26)) : "";
    c.location.district_id = Pick(0, 5) ? std::to_string(Pick(2, 4)) : "";
    c.title = "路灯不亮";
    c.content = "小区门口路灯不亮，晚上出行不便。";
    c.created_by = "u1";
    RandomUnits(c);
    RandomRating(c);
    return c;
  }

  // One random change of the kinds the workflow and the admins make.
  void Change(Case& c) {
    const int64_t v = c.version;
    switch (Pick(0, 9)) {
      case 0:
        c.category_id = std::to_string(Pick(20, 26));
        break;
      case 1:
        c.location.district_id = std::to_string(Pick(2, 4));
        c.channel = Channel(Pick(0, 3));
        break;
      case 2:
        c.created_at += std::chrono::minutes(Pick(-600, 600));
        break;
      case 3:
        RandomUnits(c);
        break;
      case 4:
        RandomRating(c);
        break;
      case 5:
        RandomRating(c);
        c.status = CaseStatus(Pick(0, 10));
        break;
      default:
        c.status = CaseStatus(Pick(0, 10));
        break;
    }
    c.version = v + 1;
    Status st = store_->Write([&](store::WriteTx& tx) { return tx.UpdateCase(c, v); });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  static bool In(const StatsQuery& q, const Case& c) {
    if (q.from && c.created_at < *q.from) return false;
    if (q.to && c.created_at >= *q.to) return false;
    if (!q.scope_unit_ids) return true;
    for (const auto& a : c.assignments)
      for (const auto& u : *q.scope_unit_ids)
        if (a.unit_id == u) return true;
    return false;
  }

  // The answer computed from the cases.
  std::map<std::string, int64_t> Expected(const StatsQuery& q) const {
    std::map<std::string, int64_t> out;
    const int64_t now = ToUnixMillis(q.now);
    for (const auto& c : cases_) {
      if (!In(q, c)) continue;
      switch (q.by) {
        case StatsDimension::kStatus:
          ++out[std::string(Name(c.status))];
          break;
        case StatsDimension::kType:
          ++out[std::string(Name(c.type))];
          break;
        case StatsDimension::kChannel:
          ++out[std::string(Name(c.channel))];
          break;
        case StatsDimension::kCategory:
          ++out[c.category_id];
          break;
        case StatsDimension::kDistrict:
          ++out[c.location.district_id];
          break;
        case StatsDimension::kDay:
          ++out[FormatDate(LocalDate(c.created_at, TimeZone{q.tz_offset_minutes}))];
          break;
        case StatsDimension::kSatisfaction:
          if (c.rating) ++out[std::string(Name(c.rating->satisfaction))];
          break;
        case StatsDimension::kUnit:
        case StatsDimension::kSla:
        case StatsDimension::kOverdue: {
          // One case_units row per unit: active if any of its assignments is, with the times of
          // the last one (as the store keeps them).
          std::map<std::string, std::pair<bool, std::optional<std::pair<int64_t, int64_t>>>> units;
          for (const auto& a : c.assignments) {
            bool active = IsOpen(c.status) && a.Active();
            auto& u = units[a.unit_id];
            u.first = u.first || active;
            if (active)
              u.second = std::make_pair(ToUnixMillis(a.warn_at), ToUnixMillis(a.due_at));
            else
              u.second.reset();
          }
          for (const auto& [unit, st] : units) {
            if (q.by == StatsDimension::kUnit) {
              ++out[unit];
              continue;
            }
            if (!st.first) continue;
            const bool overdue = st.second && st.second->second < now;
            if (q.by == StatsDimension::kOverdue) {
              if (overdue) ++out[unit];
            } else {
              ++out[overdue ? "overdue" : st.second && st.second->first <= now ? "warning" : "ok"];
            }
          }
          break;
        }
      }
    }
    return out;
  }

  std::map<std::string, int64_t> Actual(const StatsQuery& q) {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    auto r = (*tx)->Stats(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::map<std::string, int64_t> out;
    if (r.ok())
      for (const auto& c : *r) {
        EXPECT_GT(c.count, 0) << c.key;
        EXPECT_FALSE(out.count(c.key)) << "key twice: " << c.key;
        out[c.key] = c.count;
      }
    return out;
  }

  // A random bound: an exact hour, a random minute, or open.
  std::optional<TimePoint> RandomBound() {
    switch (Pick(0, 3)) {
      case 0:
        return std::nullopt;
      case 1:
        return kT0 + std::chrono::hours(Pick(-2, 24 * 11));
      default:
        return kT0 + std::chrono::milliseconds(int64_t(Pick(-60, 60 * 24 * 11)) * kMinute +
                                               Pick(0, 59999));
    }
  }

  void CheckRandomQueries(int n) {
    static const StatsDimension kAll[] = {StatsDimension::kStatus,       StatsDimension::kType,
                                          StatsDimension::kChannel,      StatsDimension::kCategory,
                                          StatsDimension::kDistrict,     StatsDimension::kDay,
                                          StatsDimension::kUnit,         StatsDimension::kSla,
                                          StatsDimension::kSatisfaction, StatsDimension::kOverdue};
    for (int i = 0; i < n; ++i) {
      StatsQuery q;
      q.by = kAll[Pick(0, int(std::size(kAll)) - 1)];
      q.from = RandomBound();
      q.to = RandomBound();
      if (q.from && Pick(0, 4) == 0)  // inside one hour, or across one hour's end
        q.to = *q.from + std::chrono::minutes(Pick(0, 90));
      q.now = kNow;
      q.tz_offset_minutes = Pick(0, 4) ? 480 : 330;  // 330: a part-hour zone (India)
      if (Pick(0, 3) == 0) {
        std::vector<std::string> scope;
        for (int u = 5; u <= 9; ++u)
          if (Pick(0, 1)) scope.push_back(std::to_string(u));
        q.scope_unit_ids = scope;
      }
      ASSERT_EQ(Actual(q), Expected(q))
          << "query " << i << " by " << int(q.by) << " from "
          << (q.from ? FormatRfc3339(*q.from, TimeZone{480}) : "-") << " to "
          << (q.to ? FormatRfc3339(*q.to, TimeZone{480}) : "-") << " scope "
          << (q.scope_unit_ids ? std::to_string(q.scope_unit_ids->size()) : "none") << " tz "
          << q.tz_offset_minutes;
    }
  }

  // case_counts against a recount of the cases (what the migration's backfill writes).
  void CheckCountsTable() {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(dir_.db().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    const char* sql =
        "WITH recount(dim, hour, key, n) AS ("
        " SELECT 1, created_at / 3600000, status, COUNT(*) FROM cases GROUP BY 2, 3"
        " UNION ALL SELECT 2, created_at / 3600000, type, COUNT(*) FROM cases GROUP BY 2, 3"
        " UNION ALL SELECT 3, created_at / 3600000, channel, COUNT(*) FROM cases GROUP BY 2, 3"
        " UNION ALL SELECT 4, created_at / 3600000, category_id, COUNT(*) FROM cases GROUP BY 2, 3"
        " UNION ALL SELECT 5, created_at / 3600000, district_id, COUNT(*) FROM cases GROUP BY 2, 3"
        " UNION ALL SELECT 14, created_at / 86400000, category_id, COUNT(*) FROM cases GROUP BY 2, "
        "3"
        " UNION ALL SELECT 6, c.created_at / 3600000, cu.unit_id, COUNT(*) FROM case_units cu"
        "   JOIN cases c ON c.id = cu.case_id GROUP BY 2, 3"
        " UNION ALL SELECT 7, created_at / 3600000, json_extract(doc, '$.rating.satisfaction'),"
        "   COUNT(*) FROM cases WHERE json_extract(doc, '$.rating.satisfaction') IS NOT NULL"
        "   GROUP BY 2, 3),"
        " kept AS (SELECT dim, hour, key, n FROM case_counts WHERE n <> 0)"
        " SELECT (SELECT COUNT(*) FROM (SELECT * FROM recount EXCEPT SELECT * FROM kept)),"
        "        (SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM recount)),"
        "        (SELECT COUNT(*) FROM kept)";
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(st, 0), 0) << "counts missing from case_counts";
    EXPECT_EQ(sqlite3_column_int64(st, 1), 0) << "counts in case_counts that the cases do not give";
    EXPECT_GT(sqlite3_column_int64(st, 2), 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
  }

  TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::mt19937 rng_{20261129};
  std::vector<Case> cases_;
};

TEST_F(StatsContract, CountsEqualTheCasesThroughEveryKindOfChange) {
  for (int i = 0; i < 400; ++i) {
    Case c = RandomCase();
    Status st = store_->Write([&](store::WriteTx& tx) { return tx.InsertCase(c, 480); });
    ASSERT_TRUE(st.ok()) << st.ToString();
    cases_.push_back(c);
  }
  CheckCountsTable();
  CheckRandomQueries(300);
  for (int i = 0; i < 1200; ++i) {
    Change(cases_[size_t(Pick(0, int(cases_.size()) - 1))]);
    if (HasFatalFailure()) return;
  }
  CheckCountsTable();
  CheckRandomQueries(600);

  // A write that fails after changing a case leaves every count as it was.
  Case copy = cases_[0];
  copy.status = copy.status == CaseStatus::kClosed ? CaseStatus::kNew : CaseStatus::kClosed;
  copy.category_id = "99";
  copy.version += 1;
  Status st = store_->Write([&](store::WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(tx.UpdateCase(copy, cases_[0].version));
    return Status::Invalid("refused after the change");
  });
  EXPECT_FALSE(st.ok());
  CheckCountsTable();
  CheckRandomQueries(100);
}

// A bulk load turns the triggers off and recounts once at the end; a load that dies in between is
// recounted when the store is opened again.
TEST_F(StatsContract, BulkLoadsRecountOnceAndAnInterruptedOneAtOpen) {
  auto mode = [&](store::WriteTx::CaseCountsMode m) {
    ASSERT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.SetCaseCountsMode(m); }).ok());
  };
  auto load = [&](int n) {
    for (int i = 0; i < n; ++i) {
      Case c = RandomCase();
      ASSERT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertCase(c, 480); }).ok());
      cases_.push_back(c);
    }
    for (int i = 0; i < n; ++i) Change(cases_[size_t(Pick(0, int(cases_.size()) - 1))]);
  };
  load(50);  // counted by the triggers
  mode(store::WriteTx::CaseCountsMode::kBulk);
  load(200);
  mode(store::WriteTx::CaseCountsMode::kNormal);
  CheckCountsTable();
  CheckRandomQueries(200);
  load(50);  // the triggers again
  CheckCountsTable();

  mode(store::WriteTx::CaseCountsMode::kBulk);
  load(100);
  store_.reset();  // the load dies here
  store_ = OpenTestStore(dir_.db());
  CheckCountsTable();
  CheckRandomQueries(200);
  load(20);
  CheckCountsTable();
}

TEST_F(StatsContract, EmptyScopeAndEmptyStoreCountNothing) {
  StatsQuery q;
  q.now = kNow;
  for (auto by : {StatsDimension::kStatus, StatsDimension::kDay, StatsDimension::kSla,
                  StatsDimension::kOverdue}) {
    q.by = by;
    EXPECT_TRUE(Actual(q).empty());
  }
  Case c = RandomCase();
  ASSERT_TRUE(store_->Write([&](store::WriteTx& tx) { return tx.InsertCase(c, 480); }).ok());
  q.by = StatsDimension::kStatus;
  EXPECT_EQ(Actual(q).size(), 1u);
  q.scope_unit_ids = std::vector<std::string>{};
  EXPECT_TRUE(Actual(q).empty());
}

}  // namespace
}  // namespace hotline::testing
