#include "src/app/bulk_seed.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <optional>
#include <random>
#include <tuple>

#include "src/analytics/rollup.h"
#include "src/app/city_dice.h"
#include "src/app/demo.h"
#include "src/app/demo_data.h"
#include "src/common/json.h"
#include "src/common/time.h"
#include "src/workflow/sla.h"

namespace hotline::app {
namespace bj = boost::json;
using namespace hotline::domain;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

// The rollup sums held in memory before they are written (~200 bytes each; a 1,000,000-case load
// has ~1.1 M), and the rollup rows written per transaction.
constexpr size_t kMaxRollupRows = 4'000'000;
constexpr int64_t kRollupRowsPerWrite = 1'000'000;

// One case ready to write: its final state and its events in order (register first). The case's
// id and number are assigned by the store; events get the id when they are appended.
struct Prepared {
  Case c;
  std::vector<Event> events;
  std::vector<Event> history;  // every step taken, also those not written: for the KPI rollups
  std::vector<store::KpiDelta> ledger;  // the KPI fact ledger rows of those steps (no case id yet)
};

// What a message needs, resolved once.
struct MessageInfo {
  const DemoMessage* m = nullptr;
  CaseType type = CaseType::kHelp;
  std::string category_id;
  std::string district_id;
  std::string lead_unit_id;
  const workflow::SlaPolicy* policy[2] = {nullptr, nullptr};  // [urgent]
};

class Builder {
 public:
  Builder(const DemoData& d, const workflow::Directory& dir,
          std::map<std::string, workflow::Actor> actors, TimePoint now, uint64_t seed)
      : d_(d), dir_(dir), actors_(std::move(actors)), now_(now), rng_(seed) {
    for (const auto& m : d.messages) {
      MessageInfo mi;
      mi.m = &m;
      mi.type = ParseCaseType(m.type).value_or(CaseType::kHelp);
      for (const auto& c : dir.categories())
        if (c.code == m.category) mi.category_id = c.id;
      if (const Unit* u = dir.FindUnitByCode(m.district)) mi.district_id = u->id;
      auto sug = dir.Suggest(mi.category_id, mi.district_id);
      mi.lead_unit_id = sug.lead_unit_id.empty() ? dir.FindUnitByCode("zjj")->id : sug.lead_unit_id;
      auto path = dir.CategoryPath(mi.category_id);
      mi.policy[0] = &dir.policies().Select(mi.type, false, path);
      mi.policy[1] = &dir.policies().Select(mi.type, true, path);
      info_.push_back(std::move(mi));
    }
  }

  // Case i of n (oldest first).
  Prepared Build(int64_t i, int64_t n) {
    const MessageInfo& mi = info_[size_t(i) % info_.size()];
    const DemoMessage& m = *mi.m;
    const DemoCitizen& who = d_.citizens[Uniform(0, int(d_.citizens.size()) - 1)];
    Prepared p;
    Case& c = p.c;
    c.type = mi.type;
    c.channel = PickChannel();
    c.title = m.title;
    c.content = m.content;
    c.category_id = mi.category_id;
    c.urgent = Chance(0.04);
    c.confidential = c.type == CaseType::kReport && Chance(0.5);
    c.citizen = {who.name, who.phone, who.id_number.value_or(""), who.email.value_or("")};
    c.location.address = m.address;
    c.location.district_id = mi.district_id;
    c.status = CaseStatus::kNew;
    char code[8];
    std::snprintf(code, sizeof code, "%06d", Uniform(0, 999999));
    c.query_code = code;
    TimePoint t = PickCreated(i, n);
    const workflow::Actor& agent = actors_.at(Chance(0.6) ? "agent" : "agent2");
    c.created_by = agent.user_id;
    c.created_at = t;
    Add(p, agent, t, "register",
        {{"number", ""},  // filled in once the store has numbered the case
         {"type", Name(c.type)},
         {"channel", Name(c.channel)},
         {"category_id", c.category_id},
         {"urgent", c.urgent},
         {"confidential", c.confidential}});
    // Recent cases are still in the pipeline: a backlog at every step, as a real centre has.
    int steps_left = now_ - t < days(10) && Chance(0.6) ? Uniform(0, 5) : 99;
    auto next = [&](Millis after) -> bool {
      if (steps_left-- <= 0) return false;
      TimePoint at = t + after;
      if (at >= now_) return false;
      t = at;
      return true;
    };
    const auto& cal = dir_.calendar();
    const workflow::SlaPolicy& policy = *mi.policy[c.urgent ? 1 : 0];
    double r = Uniform(0, 999) / 1000.0;
    if (r < 0.02) {  // an invalid call ends at intake
      if (next(minutes(3))) {
        c.status = CaseStatus::kInvalid;
        c.closed_at = t;
        Add(p, agent, t, "invalidate", {{"reason", "无效来电：骚扰/空号"}});
      }
      return Finish(p, t);
    }
    if (c.type == CaseType::kConsultation && r < 0.6) {  // answered at once from the knowledge base
      if (!next(minutes(6))) return Finish(p, t);
      c.status = CaseStatus::kAnswered;
      c.reply_to_citizen = m.reply.empty() ? "已根据知识库政策解答，市民表示清楚。"
                                           : json::Utf8Prefix(m.reply, 1500);
      c.callback_due_at = workflow::CallbackDue(cal, policy, t);
      Add(p, agent, t, "answer", {{"reply", c.reply_to_citizen}, {"kb_article_id", ""}});
      return Callback(p, t, next);
    }
    // Dispatch to the suggested lead unit.
    const workflow::Actor& dispatcher = actors_.at("dispatcher");
    if (!next(minutes(Uniform(5, 90)))) return Finish(p, t);
    Assignment a;
    a.id = "a1";
    a.unit_id = mi.lead_unit_id;
    a.role = AssignmentRole::kLead;
    a.dispatched_by_unit = dir_.centre_id();
    workflow::Deadlines dl = workflow::ComputeDeadlines(cal, policy, t);
    a.clock_24x7 = policy.clock_24x7 || c.urgent;
    a.assigned_at = t;
    a.sign_due_at = dl.sign_due;
    a.contact_due_at = dl.contact_due;
    a.due_at = dl.due;
    a.warn_at = workflow::WarnAt(cal, a.clock_24x7, t, dl.due);
    c.assignments.push_back(a);
    c.status = CaseStatus::kDispatched;
    c.due_at = a.due_at;
    Add(p, dispatcher, t, "dispatch",
        {{"units", bj::array{bj::object{{"assignment", a.id},
                                        {"unit_id", a.unit_id},
                                        {"role", "lead"},
                                        {"sign_due_at", FormatRfc3339(a.sign_due_at)},
                                        {"due_at", FormatRfc3339(a.due_at)}}}},
         {"note", "请按时限办理并及时反馈。"},
         {"by_unit", a.dispatched_by_unit}});
    Assignment& la = c.assignments.back();
    const workflow::Actor& handler = Handler(la.unit_id);
    if (next(minutes(Uniform(10, 200)))) {
      la.status = AssignmentStatus::kSigned;
      la.signed_at = t;
      c.status = CaseStatus::kInProgress;
      Add(p, handler, t, "sign",
          {{"assignment", la.id},
           {"unit_id", la.unit_id},
           {"role", "lead"},
           {"on_time", t <= la.sign_due_at}});
      int hrs = c.type == CaseType::kComplaint || c.type == CaseType::kReport ? Uniform(24, 300)
                                                                              : Uniform(6, 100);
      if (next(hours(hrs))) {
        std::string reply = m.reply.empty()
                                ? "经现场核实，已责成相关责任单位整改到位，并已向市民反馈办理结果。"
                                : json::Utf8Prefix(m.reply, 3000);
        bool resolved = Chance(0.9);
        la.status = AssignmentStatus::kReplied;
        la.replied_at = t;
        la.reply = reply;
        c.reply = reply;
        c.reply_resolved = resolved;
        c.status = CaseStatus::kReplied;
        Add(p, handler, t, "reply",
            {{"assignment", la.id},
             {"unit_id", la.unit_id},
             {"role", "lead"},
             {"reply", reply},
             {"resolved", resolved},
             {"on_time", t <= la.due_at}});
        if (next(hours(Uniform(1, 20)))) {
          la.status = AssignmentStatus::kDone;
          c.reply_to_citizen = c.reply;
          c.status = CaseStatus::kCallbackPending;
          c.callback_due_at = workflow::CallbackDue(cal, policy, t);
          Add(p, actors_.at("reviewer"), t, "approve_reply",
              {{"reply_to_citizen", c.reply_to_citizen}});
          return Callback(p, t, next);
        }
      }
    }
    // Still in the unit's hands: record the SLA thresholds already crossed, as the sweeper would.
    if (la.status == AssignmentStatus::kPending || la.status == AssignmentStatus::kSigned) {
      const workflow::Actor sys = workflow::Actor::System();
      for (SlaState s : {SlaState::kWarning, SlaState::kOverdue}) {
        TimePoint at = s == SlaState::kWarning ? la.warn_at : la.due_at;
        if (s == SlaState::kOverdue ? now_ <= at : now_ < at) break;
        la.sla_emitted = s;
        t = std::max(t, at + std::chrono::milliseconds(1));
        Add(p, sys, t, s == SlaState::kOverdue ? "sla_overdue" : "sla_warning",
            {{"assignment", la.id},
             {"unit_id", la.unit_id},
             {"role", "lead"},
             {"due_at", FormatRfc3339(la.due_at)}});
      }
    }
    return Finish(p, t);
  }

 private:
  template <typename Next>
  Prepared Callback(Prepared& p, TimePoint& t, Next& next) {
    Case& c = p.c;
    if (!next(hours(Uniform(2, 40)))) return Finish(p, t);
    double r = Uniform(0, 99) / 100.0;
    const char* sat = r < 0.72 ? "satisfied" : r < 0.88 ? "basically_satisfied" : "unsatisfied";
    bool unsatisfied = r >= 0.88;
    c.rating = Rating{*ParseSatisfaction(sat), !unsatisfied,
                      unsatisfied ? "市民表示问题仍未解决。" : "市民对办理结果表示认可。", "phone"};
    c.status = CaseStatus::kClosed;
    c.closed_at = t;
    Add(p, actors_.at("callback"), t, "callback",
        {{"satisfaction", sat},
         {"resolved", !unsatisfied},
         {"note", c.rating->note},
         {"on_time", !c.callback_due_at || t <= *c.callback_due_at},
         {"reopen", false}});
    return Finish(p, t);
  }

  Prepared Finish(Prepared& p, TimePoint t) {
    p.c.updated_at = t;
    return std::move(p);
  }

  // Only the register event is written: every further event would rewrite the case row once more
  // (AppendEvent advances the chain head stored with the case), which made 1M cases 5x slower.
  // The case's state is final all the same; its history starts at registration.
  void Add(Prepared& p, const workflow::Actor& actor, TimePoint at, const char* action,
           bj::object data) {
    Event e;
    e.at = at;
    e.actor_id = actor.user_id;
    e.actor_name = actor.name;
    e.actor_unit_id = actor.unit_id;
    e.action = action;
    e.data = std::move(data);
    e.seq = int64_t(p.history.size()) + 1;
    p.history.push_back(e);
    if (p.events.empty()) p.events.push_back(std::move(e));
  }

  const workflow::Actor& Handler(const std::string& unit_id) {
    const Unit* u = dir_.FindUnit(unit_id);
    auto it = actors_.find((u ? u->code : "") + ".handler");
    return it != actors_.end() ? it->second : actors_.at("dispatcher");
  }

  TimePoint PickCreated(int64_t i, int64_t n) { return CityDice(rng_).PickCreated(now_, i, n); }
  Channel PickChannel() { return CityDice(rng_).PickChannel(); }
  bool Chance(double p) { return CityDice(rng_).Chance(p); }
  int Uniform(int a, int b) { return CityDice(rng_).Uniform(a, b); }

  const DemoData& d_;
  const workflow::Directory& dir_;
  std::map<std::string, workflow::Actor> actors_;  // by user name
  TimePoint now_;
  std::mt19937_64 rng_;
  std::vector<MessageInfo> info_;
};

}  // namespace

Status BulkSeed(Runtime& rt, const BulkSeedOptions& o) {
  using SteadyClock = std::chrono::steady_clock;
  auto t0 = SteadyClock::now();
  auto secs = [&] { return std::chrono::duration<double>(SteadyClock::now() - t0).count(); };
  HOTLINE_RETURN_IF_ERROR(SeedReferenceData(rt, o.assets_dir));
  HOTLINE_ASSIGN_OR_RETURN(DemoData data, LoadDemoData(o.assets_dir + "/demo"));
  if (data.messages.empty() || data.citizens.empty())
    return Status::Invalid("no demo messages or citizens");
  std::map<std::string, workflow::Actor> actors;
  {
    HOTLINE_ASSIGN_OR_RETURN(auto tx, rt.store->Read());
    HOTLINE_ASSIGN_OR_RETURN(auto users, tx->ListUsers());
    for (const auto& u : users)
      actors[u.username] = workflow::Actor{u.id, u.name, u.roles, u.unit_id};
  }
  auto dir = rt.directory->Get();
  std::printf("seed: reference data in %.1f s\n", secs());
  Builder builder(data, *dir, std::move(actors), rt.clock->Now(), o.seed);
  const int tz = dir->tz().offset_minutes;
  const int64_t batch = std::max(1, o.batch);
  // The KPI rollups of every step of every case, summed in memory for the whole load on the
  // builder's thread and written once at the end (or earlier, in whole, when the sums outgrow
  // kMaxRollupRows); the fact ledger's rows go in with their cases.
  std::optional<analytics::BulkRollup> rollups;
  if (rt.rollup) rollups.emplace(*rt.rollup);
  auto build = [&](int64_t from) {
    std::vector<Prepared> out;
    for (int64_t i = from; i < std::min(o.cases, from + batch); ++i) {
      out.push_back(builder.Build(i, o.cases));
      Prepared& p = out.back();
      if (rollups) rollups->Add(p.c, p.history, &p.ledger);
    }
    return out;
  };
  // Until the last write of the rollups, the database is marked as an unfinished seed: its cases
  // may be in without their counts, so OpenRuntime refuses to open it (remove it and seed again).
  auto flush_rollups = [&](bool last) -> Status {
    bool done = !rollups;
    do {
      HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) -> Status {
        if (rollups) {
          HOTLINE_ASSIGN_OR_RETURN(done, rollups->Flush(tx, kRollupRowsPerWrite));
        }
        return done && last ? tx.PutSetting(kBulkSeedSetting, "complete") : Status::Ok();
      }));
    } while (!done);
    return Status::Ok();
  };
  int64_t events = 0;
  // Case search: either the index is written with the cases (buffered, merged once at the end),
  // or the cases are recorded in the search backlog for `hotline serve` to index afterwards.
  const bool deferred = o.index == "background";
  HOTLINE_RETURN_IF_ERROR(rt.store->Write([deferred](store::WriteTx& tx) -> Status {
    HOTLINE_RETURN_IF_ERROR(tx.PutSetting(kBulkSeedSetting, "loading"));
    // The dashboard counts: the triggers stand idle during the load; one recount at the end.
    HOTLINE_RETURN_IF_ERROR(tx.SetCaseCountsMode(store::WriteTx::CaseCountsMode::kBulk));
    return tx.SetSearchIndexMode(deferred ? store::WriteTx::SearchIndexMode::kDeferred
                                          : store::WriteTx::SearchIndexMode::kBulk);
  }));
  // Prepare batch k+1 on another thread while the store writes batch k.
  std::future<std::vector<Prepared>> next = std::async(std::launch::async, build, int64_t(0));
  std::vector<store::KpiDelta> ledger;
  for (int64_t from = 0; from < o.cases; from += batch) {
    std::vector<Prepared> cur = next.get();
    // The builder is idle here: the only moment the sums may be written before the end.
    if (rollups && rollups->rows() >= kMaxRollupRows) HOTLINE_RETURN_IF_ERROR(flush_rollups(false));
    if (from + batch < o.cases) next = std::async(std::launch::async, build, from + batch);
    HOTLINE_RETURN_IF_ERROR(rt.store->Write([&](store::WriteTx& tx) -> Status {
      ledger.clear();
      for (auto& p : cur) {
        HOTLINE_RETURN_IF_ERROR(tx.InsertCase(p.c, tz));
        for (auto& e : p.events) {
          e.case_id = p.c.id;
          if (e.action == "register") e.data["number"] = p.c.number;
          HOTLINE_RETURN_IF_ERROR(tx.AppendEvent(e));
        }
        const int64_t id = std::strtoll(p.c.id.c_str(), nullptr, 10);
        for (auto& d : p.ledger) {
          d.case_id = id;
          ledger.push_back(std::move(d));
        }
      }
      // One ledger row per step that counts for a unit, in the ledger's key order.
      std::sort(ledger.begin(), ledger.end(), [](const auto& a, const auto& b) {
        return std::tie(a.key.unit, a.key.day, a.case_id, a.seq) <
               std::tie(b.key.unit, b.key.day, b.case_id, b.seq);
      });
      return ledger.empty() ? Status::Ok() : tx.AddKpiDeltas(ledger);
    }));
    for (const auto& p : cur) events += int64_t(p.events.size());
    int64_t done = std::min(o.cases, from + batch);
    if (done % 100000 == 0 || done == o.cases)
      std::printf("seed: %lld cases, %lld events, %.1f s\n", static_cast<long long>(done),
                  static_cast<long long>(events), secs());
    std::fflush(stdout);
  }
  const double before_counts = secs();
  HOTLINE_RETURN_IF_ERROR(rt.store->Write([](store::WriteTx& tx) {
    return tx.SetCaseCountsMode(store::WriteTx::CaseCountsMode::kNormal);
  }));
  std::printf("seed: dashboard counts recounted in %.1f s\n", secs() - before_counts);
  const double before_rollups = secs();
  const size_t cube_rows = rollups ? rollups->rows() : 0;
  HOTLINE_RETURN_IF_ERROR(flush_rollups(true));
  std::printf("seed: KPI rollups (%zu cube rows, every shape) written in %.1f s\n", cube_rows,
              secs() - before_rollups);
  const double before_merge = secs();
  HOTLINE_RETURN_IF_ERROR(rt.store->Write([](store::WriteTx& tx) {
    return tx.SetSearchIndexMode(store::WriteTx::SearchIndexMode::kNormal);
  }));
  if (deferred)
    std::printf("seed: %lld cases wait in the search backlog; `hotline serve` indexes them\n",
                static_cast<long long>(o.cases));
  else
    std::printf("seed: search index merged in %.1f s\n", secs() - before_merge);
  std::printf(
      "seed: %lld cases (%lld events) in %.1f s = %.0f cases/s. Log in with any demo user, "
      "password \"demo\".\n",
      static_cast<long long>(o.cases), static_cast<long long>(events), secs(),
      double(o.cases) / std::max(1e-9, secs()));
  return Status::Ok();
}

}  // namespace hotline::app
