// The case engine: registers cases and carries them through the workflow. Every command checks
// role, data scope, status and version against the transition table, changes the case and appends
// its events in one store write (one transaction), and tells listeners after the commit.
//
// Thread-safe: many threads may call the engine at once; writes are serialised by the store.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "src/common/clock.h"
#include "src/common/time.h"
#include "src/domain/model.h"
#include "src/store/store.h"
#include "src/workflow/directory.h"

namespace hotline::workflow {

struct Actor {
  std::string user_id;
  std::string name;
  std::vector<domain::Role> roles;
  std::string unit_id;
  bool Has(domain::Role r) const;
  bool IsUnitUser() const;  // handler or unit_admin, and no centre role
  static Actor System();    // the SLA sweeper and other automatic steps
};

struct NewCase {
  domain::CaseType type = domain::CaseType::kConsultation;
  domain::Channel channel = domain::Channel::kPhone;
  std::string title;
  std::string content;
  std::string category_id;
  bool urgent = false;
  bool confidential = false;
  domain::Citizen citizen;
  domain::Location location;
  std::string call_id;
  std::optional<TimePoint> created_at;  // imports and the demo only; else now
  // Runs inside the registration's write transaction once the case and its register event are
  // written (c has its id and number), not on an idempotent replay: what a channel keeps with the
  // case (an Open311 request's token, an imported email's key, the public form's attachments) is
  // written with it or not at all. It may append events to the case; it must keep
  // c.last_seq/c.last_hash in step. An error rolls the whole registration back.
  std::function<Status(store::WriteTx&, domain::Case&)> in_tx;
};

struct EngineOptions {
  TimeZone tz;
};

// Called after a commit, outside any lock, once per event.
using CaseListener = std::function<void(const domain::Case&, const domain::Event&)>;
// Called inside the store write of a case change, once per event, after the case row and the
// event are written, with the case as it now is. For derived data that must never lag the case
// (the KPI rollups of src/analytics). An error rolls the whole change back.
using TxObserver =
    std::function<Status(store::WriteTx&, const domain::Case&, const domain::Event&)>;
// Called inside the store write of a command, after its events are appended, with every
// (case, event) the command wrote; an error rolls the whole command back (the notification
// outbox is written this way, in the same transaction as the events).
using InTxHook = std::function<Status(
    store::WriteTx&, const std::vector<std::pair<domain::Case, domain::Event>>&)>;

// The actor of the public (no-login) endpoints: user id "public", name 市民, no roles.
Actor PublicActor();
// Whether the citizen may still rate the case online: status callback_pending or answered, and no
// online rating ("citizen_rating", or a "callback" from the web) since the last reply was given.
bool CitizenMayRate(const domain::Case& c, const std::vector<domain::Event>& events);
// Constant-time comparison of a query code (the time depends only on the lengths).
bool QueryCodeMatches(const std::string& expected, const std::string& given);

class Engine {
 public:
  Engine(store::Store& store, const Clock& clock, DirectoryHolder& directory,
         EngineOptions options = {});

  // Registers a case (status new). With a non-empty idempotency key, a repeated call with the same
  // (scope, key) returns the case made the first time and changes nothing.
  // NewCase::in_tx runs in the same write transaction.
  Result<domain::Case> Register(const Actor& actor, NewCase input,
                                const std::string& idempotency_key = {},
                                const std::string& idempotency_scope = {});
  // Applies one workflow action. body holds the action's fields (API.md); `version` is the
  // version the caller read.
  Result<domain::Case> Act(const Actor& actor, const std::string& case_id,
                           const std::string& action, int64_t version,
                           const boost::json::object& body);

  // The citizen rates the reply online (public track page), knowing only the case number and its
  // query code. In one store write: finds the case by number, checks the code in constant time
  // (an unknown number and a wrong code are the same 404 not_found), requires status
  // callback_pending or answered and no online rating since the last reply (else 409
  // invalid_transition), and records the rating with source "web" and actor "public".
  // satisfied / basically_satisfied: the callback step is done and the case closes (a "callback"
  // event with source "web"). unsatisfied: the rating and a "citizen_rating" event are recorded
  // and the case stays callback_pending, so a callback agent calls back and decides on reopening
  // (the web never reopens a case). An unsatisfied rating of a directly answered case is recorded
  // the same way and the case stays answered.
  Result<domain::Case> RateByCitizen(const std::string& number, const std::string& code,
                                     domain::Satisfaction satisfaction, bool resolved);

  Result<domain::Case> Get(const Actor& actor, const std::string& case_id);
  Result<std::vector<domain::Event>> Events(const Actor& actor, const std::string& case_id);
  // Lists within the actor's data scope (the scope is applied here, whatever q says).
  Result<store::CasePage> List(const Actor& actor, store::CaseQuery q);

  // What this actor may do to this case now (for the UI).
  std::vector<std::string> AllowedActions(const Actor& actor, const domain::Case& c) const;
  // Whether the actor may read the case at all, and whether it sees personal data in clear.
  bool CanRead(const Actor& actor, const domain::Case& c) const;
  bool SeesPersonalData(const Actor& actor, const domain::Case& c) const;
  // The units whose cases the actor may see; nullopt = every case (centre roles).
  std::optional<std::vector<std::string>> ScopeUnits(const Actor& actor) const;

  // Records warning (75%) and overdue (100%) events for every assignment that crossed a threshold
  // since the last sweep. Returns how many events it wrote.
  Result<int> SweepSla();

  void AddListener(CaseListener l);
  // REQUIRES: called before the engine is used from other threads.
  void SetTxObserver(TxObserver o) { observer_ = std::move(o); }
  // REQUIRES: called before the engine is used by other threads (it is not synchronised).
  void SetInTxHook(InTxHook hook) { in_tx_hook_ = std::move(hook); }
  std::shared_ptr<const Directory> directory() const { return directory_.Get(); }
  const Clock& clock() const { return clock_; }
  TimeZone tz() const { return options_.tz; }

 private:
  struct Change;
  Status Apply(const Actor& actor, const Directory& dir, store::WriteTx& tx, domain::Case& c,
               const std::string& action, const boost::json::object& body, Change& change);
  void Notify(const std::vector<std::pair<domain::Case, domain::Event>>& done);

  store::Store& store_;
  const Clock& clock_;
  DirectoryHolder& directory_;
  EngineOptions options_;
  std::mutex listeners_mu_;
  std::vector<CaseListener> listeners_;  // GUARDED_BY(listeners_mu_)
  TxObserver observer_;                  // set once before use
  InTxHook in_tx_hook_;                  // set once before use
};

}  // namespace hotline::workflow
