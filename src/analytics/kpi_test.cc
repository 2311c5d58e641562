// KPI definitions (docs/kpis.md) checked on hand-made cases run through the real engine on a
// fake clock: every counter and rate below is worked out by hand from the steps taken.
#include "src/analytics/kpi.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <memory>
#include <tuple>

#include "src/analytics/assessment.h"
#include "src/analytics/counters.h"
#include "src/analytics/report.h"
#include "src/analytics/rollup.h"
#include "tests/fakes/test_city.h"

namespace hotline::analytics {
namespace {
namespace bj = boost::json;
using domain::Case;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

int Idx(const char* name) {
  for (int i = 0; i < store::kKpiCounters; ++i)
    if (std::string_view(store::kKpiCounterNames[i]) == name) return i;
  throw std::runtime_error(std::string("no counter ") + name);
}

class KpiTest : public ::testing::Test {
 protected:
  KpiTest() : rollup_(RollupOptions{TimeZone{}, 30, &city_.directory()}) {
    city_.engine().SetTxObserver([this](store::WriteTx& tx, const Case& c, const domain::Event& e) {
      return rollup_.Observe(tx, c, e);
    });
  }

  Case Register(const std::string& phone, const std::string& category,
                domain::CaseType type = domain::CaseType::kHelp) {
    workflow::NewCase in;
    in.type = type;
    in.content = "小区路灯不亮，晚上出行不便";
    in.category_id = city_.category(category);
    in.citizen.name = "张三";
    in.citizen.phone = phone;
    in.location.district_id = city_.unit("jd");
    auto c = city_.engine().Register(city_.actor("agent"), in);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return *c;
  }

  Case Act(Case& c, const std::string& actor, const std::string& action, bj::object body = {}) {
    auto r = city_.engine().Act(city_.actor(actor), c.id, action, c.version, body);
    EXPECT_TRUE(r.ok()) << action << ": " << r.status().ToString();
    if (r.ok()) c = *r;
    return c;
  }

  void Advance(std::chrono::milliseconds d) { city_.clock().Advance(d); }

  KpiTable Query(GroupBy g, std::optional<std::vector<std::string>> scope = std::nullopt,
                 std::string unit = "") {
    KpiRequest r;
    r.from = LocalDate(testing::TestCityStart() - days(1));
    r.to = LocalDate(city_.clock().Now() + days(1));
    r.group_by = g;
    r.scope_unit_ids = std::move(scope);
    r.unit_id = std::move(unit);
    auto tx = city_.store().Read();
    EXPECT_TRUE(tx.ok());
    auto t = QueryKpiTable(**tx, *city_.directory().Get(), r);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return *t;
  }

  const KpiGroup* Group(const KpiTable& t, const std::string& key) {
    for (const auto& g : t.groups)
      if (g.key == key) return &g;
    return nullptr;
  }

  // The six hand-made cases of docs/kpis.md §Worked example.
  void RunScenario() {
    // A: help, c1 → zjj; signed, contacted and replied on time; satisfied and resolved.
    Case a = Register("13800000001", "c1");
    Act(a, "dispatcher", "dispatch", {{"lead_unit_id", city_.unit("zjj")}});
    Advance(minutes(30));
    Act(a, "zjj.handler", "sign");
    Act(a, "zjj.handler", "record_contact", {{"note", "已电话联系市民"}});
    Advance(hours(3));
    Act(a, "zjj.handler", "reply", {{"reply", "已修复路灯"}, {"resolved", true}});
    Act(a, "reviewer", "approve_reply");
    Act(a, "callback", "callback", {{"satisfaction", "satisfied"}, {"resolved", true}});
    a_handle_ =
        std::chrono::duration_cast<std::chrono::seconds>(*a.closed_at - a.created_at).count();

    // B: complaint, c2 → cgj; signed a day late, never contacted, replied late; unsatisfied and
    // reopened; replied again at once (on time), basically satisfied.
    Case b = Register("13800000002", "c2", domain::CaseType::kComplaint);
    Act(b, "dispatcher", "dispatch", {{"lead_unit_id", city_.unit("cgj")}});
    Advance(days(1));
    Act(b, "cgj.handler", "sign");
    Advance(days(20));
    Act(b, "cgj.handler", "reply", {{"reply", "已处理"}, {"resolved", false}});
    Act(b, "reviewer", "approve_reply");
    Act(b, "callback", "callback",
        {{"satisfaction", "unsatisfied"}, {"resolved", false}, {"reopen", true}});
    Advance(hours(1));
    Act(b, "cgj.handler", "reply", {{"reply", "再次处理，已解决"}, {"resolved", true}});
    Act(b, "reviewer", "approve_reply");
    Act(b, "callback", "callback", {{"satisfaction", "basically_satisfied"}, {"resolved", true}});

    // C: the caller of A again, same category, 21 days later: a repeat request, answered
    // directly and rated satisfied.
    Case c = Register("13800000001", "c1");
    Act(c, "agent", "answer", {{"reply", "已告知办理渠道"}});
    Act(c, "callback", "callback", {{"satisfaction", "satisfied"}, {"resolved", true}});

    // D: an empty call, invalid.
    Case d = Register("13800000004", "c1");
    Act(d, "agent", "invalidate", {{"reason", "空号"}});

    // E: c1 → zjj, which asks to return it; the dispatcher agrees.
    Case e = Register("13800000005", "c1");
    Act(e, "dispatcher", "dispatch", {{"lead_unit_id", city_.unit("zjj")}});
    Act(e, "zjj.handler", "return", {{"reason", "不属于本单位职责"}});
    Act(e, "dispatcher", "approve_return");

    // F: c2 → cgj, never signed; the sweeper marks it overdue after 30 days.
    Case f = Register("13800000006", "c2");
    Act(f, "dispatcher", "dispatch", {{"lead_unit_id", city_.unit("cgj")}});
    Advance(days(30));
    auto swept = city_.engine().SweepSla();
    ASSERT_TRUE(swept.ok());
  }

  testing::TestCity city_;
  Rollup rollup_;
  int64_t a_handle_ = 0;
};

TEST_F(KpiTest, CountersAndRatesOfTheWorkedExample) {
  RunScenario();
  KpiTable t = Query(GroupBy::kNone);
  const auto& c = t.total.counters;
  EXPECT_EQ(c[Idx("received")], 6);
  EXPECT_EQ(c[Idx("excluded")], 1);
  EXPECT_EQ(c[Idx("answered")], 1);
  EXPECT_EQ(c[Idx("repeated")], 1);
  EXPECT_EQ(c[Idx("dispatched")], 4);
  EXPECT_EQ(c[Idx("signed")], 2);
  EXPECT_EQ(c[Idx("signed_on_time")], 1);
  EXPECT_EQ(c[Idx("replied")], 3);
  EXPECT_EQ(c[Idx("replied_on_time")], 2);
  EXPECT_EQ(c[Idx("contacted_on_time")], 1);
  EXPECT_EQ(c[Idx("returned")], 1);
  EXPECT_EQ(c[Idx("redone")], 1);
  EXPECT_EQ(c[Idx("rated")], 4);
  EXPECT_EQ(c[Idx("satisfied")], 2);
  EXPECT_EQ(c[Idx("basically_satisfied")], 1);
  EXPECT_EQ(c[Idx("resolved")], 3);
  EXPECT_EQ(c[Idx("closed")], 3);
  EXPECT_EQ(c[Idx("overdue")], 1);
  const auto& r = t.total.rates;
  EXPECT_DOUBLE_EQ(*r.response_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(*r.resolution_rate, 3.0 / 4);
  EXPECT_DOUBLE_EQ(*r.satisfaction_rate, 3.0 / 4);
  EXPECT_DOUBLE_EQ(*r.sign_on_time_rate, 1.0 / 2);
  EXPECT_DOUBLE_EQ(*r.on_time_rate, 2.0 / 3);
  EXPECT_DOUBLE_EQ(*r.return_rate, 1.0 / 4);
  EXPECT_DOUBLE_EQ(*r.redo_rate, 1.0 / 4);
  EXPECT_DOUBLE_EQ(*r.direct_answer_rate, 1.0 / 5);
  EXPECT_DOUBLE_EQ(*r.repeat_rate, 1.0 / 6);
  EXPECT_GT(a_handle_, 0);
  EXPECT_GT(*r.avg_handling_hours, double(a_handle_) / 3600.0 / 3);
}

TEST_F(KpiTest, ByUnitEachUnitGetsItsOwnWork) {
  RunScenario();
  KpiTable t = Query(GroupBy::kUnit);
  const KpiGroup* zjj = Group(t, city_.unit("zjj"));
  const KpiGroup* cgj = Group(t, city_.unit("cgj"));
  const KpiGroup* centre = Group(t, "");
  ASSERT_TRUE(zjj && cgj && centre);
  EXPECT_EQ(zjj->counters[Idx("dispatched")], 2);
  EXPECT_EQ(zjj->counters[Idx("returned")], 1);
  EXPECT_DOUBLE_EQ(*zjj->rates.on_time_rate, 1.0);
  EXPECT_DOUBLE_EQ(*zjj->rates.satisfaction_rate, 1.0);
  EXPECT_EQ(cgj->counters[Idx("replied")], 2);
  EXPECT_EQ(cgj->counters[Idx("redone")], 1);
  EXPECT_EQ(cgj->counters[Idx("overdue")], 1);
  EXPECT_DOUBLE_EQ(*cgj->rates.satisfaction_rate, 0.5);
  EXPECT_DOUBLE_EQ(*cgj->rates.sign_on_time_rate, 0.0);
  // Intake (registration, direct answers) belongs to no unit.
  EXPECT_EQ(centre->counters[Idx("received")], 6);
  EXPECT_EQ(centre->counters[Idx("answered")], 1);
  EXPECT_EQ(zjj->counters[Idx("received")], 0);
}

TEST_F(KpiTest, UnitScopeSeesOnlyItsSubtree) {
  RunScenario();
  auto dir = city_.directory().Get();
  KpiTable t = Query(GroupBy::kNone, dir->Subtree(city_.unit("zjj")));
  EXPECT_EQ(t.total.counters[Idx("dispatched")], 2);
  EXPECT_EQ(t.total.counters[Idx("received")], 0);  // the centre's intake is not theirs
  EXPECT_EQ(t.total.counters[Idx("overdue")], 0);
  // Filtering by a unit with nothing gives zeros, not everything.
  KpiTable s = Query(GroupBy::kNone, std::nullopt, city_.unit("s1"));
  EXPECT_EQ(s.total.counters[Idx("dispatched")], 0);
}

TEST_F(KpiTest, PeriodsAttributeEachEventToItsDay) {
  RunScenario();
  KpiTable days_t = Query(GroupBy::kDay);
  int64_t sum = 0;
  for (const auto& g : days_t.groups) sum += g.counters[Idx("received")];
  EXPECT_EQ(sum, 6);
  const KpiGroup* first = Group(days_t, "2026-11-25");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->counters[Idx("received")], 2);  // A and B
  // Months: the same totals from kpi_month as from kpi_day.
  KpiTable months = Query(GroupBy::kMonth);
  int64_t msum = 0;
  for (const auto& g : months.groups) msum += g.counters[Idx("received")];
  EXPECT_EQ(msum, 6);
  EXPECT_TRUE(Group(months, "2026-11"));
  EXPECT_TRUE(Group(months, "2026-12"));
}

TEST_F(KpiTest, RebuildFromEventsGivesTheSameRollups) {
  RunScenario();
  KpiTable before = Query(GroupBy::kUnit);
  auto n = RebuildRollups(city_.store(), rollup_);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_GT(*n, 20);
  KpiTable after = Query(GroupBy::kUnit);
  ASSERT_EQ(before.groups.size(), after.groups.size());
  for (size_t i = 0; i < before.groups.size(); ++i) {
    EXPECT_EQ(before.groups[i].key, after.groups[i].key);
    EXPECT_EQ(before.groups[i].counters, after.groups[i].counters) << before.groups[i].label;
  }
}

// `hotline seed` sums a batch's deltas per rollup row (RollupBatch): the rollups must end where
// the engine's per-event observer left them.
TEST_F(KpiTest, BatchedRollupsEqualPerEventRollups) {
  RunScenario();
  KpiTable by_unit = Query(GroupBy::kUnit);
  KpiTable by_day = Query(GroupBy::kDay);
  ASSERT_TRUE(city_.store().Write([](store::WriteTx& tx) { return tx.ClearKpis(); }).ok());
  ASSERT_EQ(Query(GroupBy::kNone).total.counters[Idx("received")], 0);
  std::vector<std::string> ids;
  {
    auto tx = city_.store().Read();
    ASSERT_TRUE(tx.ok());
    auto all = (*tx)->CaseIds("", 1000);
    ASSERT_TRUE(all.ok());
    ids = *all;
  }
  ASSERT_FALSE(ids.empty());
  Status st = city_.store().Write([&](store::WriteTx& tx) -> Status {
    RollupBatch batch(rollup_);
    for (const auto& id : ids) {
      HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(id));
      HOTLINE_ASSIGN_OR_RETURN(auto events, tx.ListEvents(id));
      for (const auto& e : events) HOTLINE_RETURN_IF_ERROR(batch.Add(tx, c, e));
    }
    return batch.Flush(tx);
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  for (auto [before, g] : {std::pair{by_unit, GroupBy::kUnit}, std::pair{by_day, GroupBy::kDay}}) {
    KpiTable after = Query(g);
    ASSERT_EQ(before.groups.size(), after.groups.size());
    for (size_t i = 0; i < before.groups.size(); ++i) {
      EXPECT_EQ(before.groups[i].key, after.groups[i].key);
      EXPECT_EQ(before.groups[i].counters, after.groups[i].counters) << before.groups[i].label;
    }
  }
}

// Every rollup shape (issue 6): one store query per group-by × filter set (all 32 sets, so every
// shape is read), taken after the engine's per-event rollups, again after `hotline kpi rebuild`
// and again after the bulk RollupBatch of `hotline seed`: all three must give the same rows.
std::vector<std::vector<store::KpiRow>> EveryShape(store::Store& s, const workflow::Directory& dir,
                                                   testing::TestCity& city) {
  using G = store::KpiQuery::GroupBy;
  std::vector<std::vector<store::KpiRow>> out;
  auto tx = s.Read();
  EXPECT_TRUE(tx.ok());
  for (int mask = 0; mask < 32; ++mask)
    for (G g : {G::kNone, G::kUnit, G::kDistrict, G::kCategory, G::kChannel, G::kType, G::kDay,
                G::kMonth}) {
      store::KpiQuery q;
      q.from_day = DayNumber(testing::TestCityStart() - days(1), TimeZone{});
      q.to_day = DayNumber(city.clock().Now() + days(1), TimeZone{});
      q.group_by = g;
      if (mask & 1)
        q.units = std::vector<int64_t>{IdNum(city.unit("zjj")), IdNum(city.unit("cgj"))};
      if (mask & 2) q.districts = {IdNum(city.unit("jd"))};
      if (mask & 4)
        q.categories = {IdNum(RollupCategory(dir, city.category("c1"))),
                        IdNum(RollupCategory(dir, city.category("c2")))};
      if (mask & 8) q.channel = int(domain::Channel::kPhone);
      if (mask & 16) q.type = int(domain::CaseType::kHelp);
      auto rows = (*tx)->QueryKpis(q);
      EXPECT_TRUE(rows.ok()) << rows.status().ToString();
      out.push_back(rows.ok() ? *rows : std::vector<store::KpiRow>{});
    }
  return out;
}

bool SameRows(const std::vector<std::vector<store::KpiRow>>& a,
              const std::vector<std::vector<store::KpiRow>>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) return false;
    for (size_t j = 0; j < a[i].size(); ++j)
      if (a[i][j].key != b[i][j].key || a[i][j].counters != b[i][j].counters) return false;
  }
  return true;
}

TEST_F(KpiTest, EveryShapeIsTheSameAfterRebuildAndBulkLoad) {
  RunScenario();
  const auto& dir = *city_.directory().Get();
  const auto per_event = EveryShape(city_.store(), dir, city_);
  size_t nonempty = 0;
  for (const auto& r : per_event) nonempty += r.empty() ? 0 : 1;
  EXPECT_GT(nonempty, per_event.size() / 2);  // the filters match the scenario's cases
  ASSERT_TRUE(RebuildRollups(city_.store(), rollup_).ok());
  EXPECT_TRUE(SameRows(per_event, EveryShape(city_.store(), dir, city_))) << "rebuild";
  ASSERT_TRUE(city_.store().Write([](store::WriteTx& tx) { return tx.ClearKpis(); }).ok());
  EXPECT_FALSE(SameRows(per_event, EveryShape(city_.store(), dir, city_)));
  std::vector<std::string> ids;
  {
    auto tx = city_.store().Read();
    ASSERT_TRUE(tx.ok());
    ids = *(*tx)->CaseIds("", 1000);
  }
  // Two batches in two transactions, as `hotline seed` loads.
  for (size_t half = 0; half < 2; ++half) {
    Status st = city_.store().Write([&](store::WriteTx& tx) -> Status {
      RollupBatch batch(rollup_);
      for (size_t i = half * ids.size() / 2; i < (half + 1) * ids.size() / 2; ++i) {
        HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(ids[i]));
        HOTLINE_ASSIGN_OR_RETURN(auto events, tx.ListEvents(ids[i]));
        for (const auto& e : events) HOTLINE_RETURN_IF_ERROR(batch.Add(tx, c, e));
      }
      return batch.Flush(tx);
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  EXPECT_TRUE(SameRows(per_event, EveryShape(city_.store(), dir, city_))) << "bulk";
}

// `hotline seed` sums the whole load in memory (BulkRollup: repeat requests found in memory, each
// rollup row written once, shape by shape over several transactions) and writes the fact ledger
// with the cases: every shape and the ledger must be exactly what the engine's per-event observer
// folded.
TEST_F(KpiTest, BulkRollupEqualsPerEventRollups) {
  RunScenario();
  // Two more calls from A's phone in A's category: 31 days after C (outside the window: not a
  // repeat), then 29 days after that one (a repeat).
  Advance(days(1));
  Register("13800000001", "c1");
  Advance(days(29));
  Register("13800000001", "c1");
  ASSERT_TRUE(city_.store()
                  .Write([](store::WriteTx& tx) -> Status {
                    while (true) {
                      HOTLINE_ASSIGN_OR_RETURN(int64_t n, tx.FoldKpiPending(100000));
                      if (n == 0) return Status::Ok();
                    }
                  })
                  .ok());
  const auto& dir = *city_.directory().Get();
  auto facts = [&] {
    std::vector<int64_t> units;
    for (const auto& u : dir.units()) units.push_back(IdNum(u.id));
    auto tx = city_.store().Read();
    EXPECT_TRUE(tx.ok());
    auto f = (*tx)->ListKpiFacts(units, 0, 99999999, 100000);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    std::vector<std::tuple<int64_t, int, int64_t, int64_t, std::string, std::string>> out;
    for (const auto& x : *f) out.emplace_back(x.unit, x.day, x.case_id, x.seq, x.action, x.deltas);
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto per_event = EveryShape(city_.store(), dir, city_);
  const auto per_event_facts = facts();
  EXPECT_GT(per_event_facts.size(), 10u);
  {
    KpiTable t = Query(GroupBy::kNone);
    EXPECT_EQ(t.total.counters[Idx("received")], 8);
    EXPECT_EQ(t.total.counters[Idx("repeated")], 2);  // C, and the last call
  }
  ASSERT_TRUE(city_.store().Write([](store::WriteTx& tx) { return tx.ClearKpis(); }).ok());
  ASSERT_FALSE(SameRows(per_event, EveryShape(city_.store(), dir, city_)));
  std::vector<std::string> ids;
  {
    auto tx = city_.store().Read();
    ASSERT_TRUE(tx.ok());
    ids = *(*tx)->CaseIds("", 1000);
  }
  ASSERT_EQ(ids.size(), 8u);
  BulkRollup bulk(rollup_);
  // The ledger goes in with the cases, two cases per transaction, as the seed writes it.
  for (size_t from = 0; from < ids.size(); from += 2) {
    Status st = city_.store().Write([&](store::WriteTx& tx) -> Status {
      std::vector<store::KpiDelta> ledger;
      for (size_t i = from; i < std::min(ids.size(), from + 2); ++i) {
        HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(ids[i]));
        HOTLINE_ASSIGN_OR_RETURN(auto events, tx.ListEvents(ids[i]));
        c.id.clear();  // as the seed's builder has it: the store has not numbered the case yet
        std::vector<store::KpiDelta> rows;
        bulk.Add(c, events, &rows);
        for (auto& d : rows) {
          EXPECT_EQ(d.case_id, 0);
          EXPECT_FALSE(d.rollup);
          d.case_id = IdNum(ids[i]);
          ledger.push_back(std::move(d));
        }
      }
      return tx.AddKpiDeltas(ledger);
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  // Nothing is in the rollups before the flush; a small max_rows spreads it over many writes.
  EXPECT_EQ(Query(GroupBy::kNone).total.counters[Idx("received")], 0);
  EXPECT_GT(bulk.rows(), 0u);
  int writes = 0;
  for (bool done = false; !done; ++writes) {
    Status st = city_.store().Write([&](store::WriteTx& tx) -> Status {
      HOTLINE_ASSIGN_OR_RETURN(done, bulk.Flush(tx, 10));
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_LT(writes, 100);
  }
  EXPECT_GT(writes, 3);
  EXPECT_EQ(bulk.rows(), 0u);
  EXPECT_TRUE(SameRows(per_event, EveryShape(city_.store(), dir, city_)));
  EXPECT_EQ(per_event_facts, facts());
}

// A flush abandoned half-way (the bulk load stops) ends its summing thread cleanly.
TEST_F(KpiTest, BulkRollupAbandonedFlushStopsCleanly) {
  RunScenario();
  std::vector<std::string> ids;
  {
    auto tx = city_.store().Read();
    ASSERT_TRUE(tx.ok());
    ids = *(*tx)->CaseIds("", 1000);
  }
  ASSERT_TRUE(city_.store().Write([](store::WriteTx& tx) { return tx.ClearKpis(); }).ok());
  auto bulk = std::make_unique<BulkRollup>(rollup_);
  ASSERT_TRUE(city_.store()
                  .Write([&](store::WriteTx& tx) -> Status {
                    std::vector<store::KpiDelta> ledger;
                    for (const auto& id : ids) {
                      HOTLINE_ASSIGN_OR_RETURN(Case c, tx.GetCase(id));
                      HOTLINE_ASSIGN_OR_RETURN(auto events, tx.ListEvents(id));
                      bulk->Add(c, events, &ledger);
                    }
                    HOTLINE_ASSIGN_OR_RETURN(bool done, bulk->Flush(tx, 1));
                    EXPECT_FALSE(done);
                    return Status::Ok();
                  })
                  .ok());
  bulk.reset();  // joins the summing thread, which may be waiting to hand over a shape
}

TEST_F(KpiTest, AFailedActionAddsNothing) {
  Case a = Register("13800000001", "c1");
  KpiTable before = Query(GroupBy::kNone);
  // A stale version is refused; the rollups must not move.
  auto r = city_.engine().Act(city_.actor("dispatcher"), a.id, "dispatch", a.version + 5,
                              {{"lead_unit_id", city_.unit("zjj")}});
  EXPECT_FALSE(r.ok());
  KpiTable after = Query(GroupBy::kNone);
  EXPECT_EQ(before.total.counters, after.total.counters);
  EXPECT_EQ(after.total.counters[Idx("dispatched")], 0);
}

TEST_F(KpiTest, AssessmentScoresAndExplainsCaseByCase) {
  RunScenario();
  const int month = DayNumber(testing::TestCityStart(), TimeZone{}) / 100;
  auto ranking = MonthRanking(city_.store(), *city_.directory().Get(), month, city_.clock().Now());
  ASSERT_TRUE(ranking.ok()) << ranking.status().ToString();
  EXPECT_TRUE(ranking->frozen);  // the clock is a month later: November is finished
  ASSERT_GE(ranking->units.size(), 2u);
  // zjj in November handled only A, all on time and satisfied: 100, first. cgj signed B late
  // and had no return that month: signing 0 (w10) and returns 1 - 0 (w5) → 5/15 = 33.3, 不合格.
  const UnitScore* zjj = nullptr;
  const UnitScore* cgj = nullptr;
  for (const auto& u : ranking->units) {
    if (u.unit_id == city_.unit("zjj")) zjj = &u;
    if (u.unit_id == city_.unit("cgj")) cgj = &u;
  }
  ASSERT_TRUE(zjj && cgj);
  EXPECT_DOUBLE_EQ(zjj->score, 100.0);
  EXPECT_EQ(zjj->tier, "优秀");
  EXPECT_EQ(zjj->rank, 1);
  EXPECT_DOUBLE_EQ(cgj->score, 100.0 * 5 / 15);
  EXPECT_EQ(cgj->tier, "不合格");
  EXPECT_EQ(cgj->rank, 2);
  auto detail = UnitAssessmentJson(city_.store(), *city_.directory().Get(), city_.unit("zjj"),
                                   month, city_.clock().Now());
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ((*detail)["cases"].as_array().size(), 1u);  // A
  // dispatch, sign, reply (with the contact), callback.
  EXPECT_EQ((*detail)["cases"].as_array()[0].as_object().at("events").as_array().size(), 4u);
  // December: zjj's only case (E) was returned: return rate 1 → score 0.
  auto dec = MonthRanking(city_.store(), *city_.directory().Get(), 202612, city_.clock().Now());
  ASSERT_TRUE(dec.ok());
  bool seen = false;
  for (const auto& u : dec->units) {
    if (u.unit_id != city_.unit("zjj")) continue;
    seen = true;
    EXPECT_DOUBLE_EQ(u.score, 0.0);
  }
  EXPECT_TRUE(seen);
  // Frozen: a new config does not change November.
  ASSERT_TRUE(city_.store()
                  .Write([&](store::WriteTx& tx) {
                    store::AssessmentConfigRecord r{
                        0, R"({"weights":{"return_rate":1},"tiers":[{"name":"x","min":0}]})",
                        city_.clock().Now(), "admin"};
                    return tx.AddAssessmentConfig(r);
                  })
                  .ok());
  auto again = MonthRanking(city_.store(), *city_.directory().Get(), month, city_.clock().Now());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->config_version, 0);
  EXPECT_DOUBLE_EQ(again->units[0].score, ranking->units[0].score);
}

TEST(AssessmentConfig, RejectsBadConfigs) {
  auto parse = [](const char* text) { return ParseAssessmentConfig(bj::parse(text)); };
  EXPECT_TRUE(
      parse(R"({"weights":{"satisfaction_rate":1},"tiers":[{"name":"合格","min":0}]})").ok());
  EXPECT_FALSE(parse(R"({"weights":{"nonsense":1},"tiers":[{"name":"a","min":0}]})").ok());
  EXPECT_FALSE(
      parse(R"({"weights":{"satisfaction_rate":-1},"tiers":[{"name":"a","min":0}]})").ok());
  EXPECT_FALSE(parse(R"({"weights":{"satisfaction_rate":0},"tiers":[{"name":"a","min":0}]})").ok());
  EXPECT_FALSE(
      parse(R"({"weights":{"satisfaction_rate":1},"tiers":[{"name":"a","min":10}]})").ok());
  EXPECT_FALSE(
      parse(
          R"({"weights":{"satisfaction_rate":1},"tiers":[{"name":"a","min":0},{"name":"b","min":50}]})")
          .ok());
  EXPECT_FALSE(
      parse(R"({"weights":{"avg_handling_hours":1},"tiers":[{"name":"a","min":0}]})").ok());
  EXPECT_FALSE(parse(R"([1,2])").ok());
}

TEST(AssessmentScore, NormalisesOverTheKpisThatHadCases) {
  store::KpiCounters c{};
  c[Idx("dispatched")] = 10;
  c[Idx("returned")] = 2;
  c[Idx("signed")] = 10;
  c[Idx("signed_on_time")] = 8;
  AssessmentConfig cfg = DefaultAssessmentConfig();
  UnitScore u = ScoreUnit(cfg, c);
  // Only signing (w10, 0.8) and returns (w5, 1-0.2) have cases: (8 + 4) / 15 = 80.
  EXPECT_DOUBLE_EQ(u.score, 80.0);
  EXPECT_EQ(u.tier, "良好");
}

TEST_F(KpiTest, DailyReportAndBriefing) {
  RunScenario();
  ReportBuilder b;
  auto p = PeriodOf(ReportKind::kDaily, LocalDate(testing::TestCityStart()));
  auto tx = city_.store().Read();
  ASSERT_TRUE(tx.ok());
  auto rep = b.Build(**tx, *city_.directory().Get(), p, city_.clock().Now());
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  const auto& sections = (*rep)["sections"].as_array();
  ASSERT_GE(sections.size(), 5u);
  EXPECT_EQ(sections[0].as_object().at("id").as_string(), "volume");
  // 受理量 that day: A and B.
  EXPECT_EQ(sections[0].as_object().at("rows").as_array()[0].as_array()[1].as_int64(), 2);

  // The workbook: a zip (PK) with one sheet per section plus the cover.
  testing::TempDir tmp;
  std::string path = tmp.path() + "/r.xlsx";
  auto w = XlsxWriter::Create(path, TimeZone{});
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(WriteReportXlsx(*rep, **w).ok());
  ASSERT_TRUE((*w)->Close().ok());
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  EXPECT_EQ(std::string(magic, 2), "PK");

  // The briefing: nothing before 07:00, yesterday's report once at 07:00, then nothing more.
  auto dir = city_.directory().Get();
  TimePoint morning =
      LocalMidnight(LocalDate(city_.clock().Now()), TimeZone{}) + hours(6) + minutes(59);
  auto r1 = RunDailyBriefing(city_.store(), *dir, b, morning);
  ASSERT_TRUE(r1.ok());
  EXPECT_FALSE(*r1);
  auto r2 = RunDailyBriefing(city_.store(), *dir, b, morning + minutes(1));
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE(*r2);
  auto r3 = RunDailyBriefing(city_.store(), *dir, b, morning + minutes(30));
  ASSERT_TRUE(r3.ok());
  EXPECT_FALSE(*r3);
  auto rtx = city_.store().Read();
  auto stored = (*rtx)->GetReport("daily", FormatDate(LocalDate(morning - days(1))));
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->has_value());
}

}  // namespace
}  // namespace hotline::analytics
