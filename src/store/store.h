// The storage interface: what the workflow and the API need from a database, and nothing of SQL.
//
// A backend (store/sqlite today, PostgreSQL later) implements Store and must pass the contract
// suite in tests/contract/. Reads run on a consistent snapshot (ReadTx). Writes run as functions
// on a WriteTx; the backend may run several of them in one database transaction and one fsync
// (group commit), each isolated by a savepoint: a function that returns an error leaves no trace.
// When Store::Write returns OK, the write is durable (on disk, fsynced).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/common/status.h"
#include "src/domain/model.h"

namespace hotline::store {

using domain::Case;
using domain::Category;
using domain::Event;
using domain::RoutingRule;
using domain::Session;
using domain::Unit;
using domain::User;

// A filter over cases. Empty fields do not filter.
struct CaseQuery {
  std::vector<domain::CaseStatus> statuses;
  std::optional<domain::CaseType> type;
  std::optional<domain::Channel> channel;
  std::vector<std::string> category_ids;  // any of (callers expand a subtree)
  std::string district_id;
  std::vector<std::string> unit_ids;  // has an assignment (any status) to any of these units
  bool active_assignment_only = false;  // with unit_ids: only assignments still in hand
  std::optional<domain::AssignmentStatus> assignment_status;  // with unit_ids
  std::optional<domain::SlaState> sla;  // of an active assignment, evaluated at `now`
  TimePoint now{};
  std::string phone;  // the caller's phone (the store matches it by keyed hash)
  std::optional<TimePoint> from;  // created_at >= from
  std::optional<TimePoint> to;    // created_at < to
  std::string text;               // substring of title or content
  std::string parent_id;          // merged children of a case
  // Data scope: when set, only cases with an assignment to one of these units (any status).
  std::optional<std::vector<std::string>> scope_unit_ids;
  enum class Sort { kCreatedDesc, kCreatedAsc, kDueAsc, kUpdatedDesc } sort = Sort::kCreatedDesc;
  int limit = 50;
  std::string cursor;  // opaque, from CasePage::next_cursor
  bool count_total = true;
};

struct CasePage {
  std::vector<Case> items;
  std::string next_cursor;  // empty = no more
  int64_t total = 0;
};

struct Count {
  std::string key;
  int64_t count = 0;
};

enum class StatsDimension {
  kStatus, kType, kChannel, kUnit, kCategory, kDistrict, kDay, kSla,
  kSatisfaction  // rated cases by rating (satisfied / basically_satisfied / unsatisfied)
};

struct StatsQuery {
  StatsDimension by = StatsDimension::kStatus;
  std::optional<TimePoint> from;
  std::optional<TimePoint> to;
  std::optional<std::vector<std::string>> scope_unit_ids;
  TimePoint now{};
  int tz_offset_minutes = 480;  // for kDay
};

struct AuditEntry {
  int64_t id = 0;  // global append order
  Event event;
  std::string case_number;
};

struct AuditQuery {
  std::optional<TimePoint> from;
  std::optional<TimePoint> to;
  std::string actor_id;
  std::string case_id;
  int64_t after_id = 0;
  int limit = 100;
};

// One yearly working-day schedule as stored (JSON text in the calendar file format).
struct CalendarYear {
  int year = 0;
  std::string json;
};

struct IdempotencyRecord {
  std::string scope;  // who used the key (user id, or "public:<ip>")
  std::string key;
  std::string result_id;
  TimePoint created_at{};
};

struct Attachment {
  std::string id;
  std::string case_id;
  std::string name;
  std::string content_type;
  int64_t size = 0;
  std::string sha256;  // content address under the data directory
  std::string uploaded_by;
  TimePoint uploaded_at{};
};

// ---- Hot issues, surges and caller flags (issue 6; migration 0008; src/hotspots) ----

// The few fields of a case that hot-issue detection reads, without parsing the whole case.
struct HotCaseRow {
  int64_t id = 0;
  std::string number;
  TimePoint created_at{};
  std::string status;
  std::string category_id;
  std::string district_id;
  std::string title;
  std::string content;
  std::string address;  // location.address (may name the street)
};

struct HotCaseQuery {
  std::optional<TimePoint> from;  // created_at >= from
  std::optional<TimePoint> to;    // created_at < to
  std::string district_id;
  std::vector<std::string> category_ids;  // any of
  std::optional<std::vector<std::string>> scope_unit_ids;  // data scope, as in CaseQuery
  int64_t after_id = 0;                   // id > after_id (the surge watcher's cursor)
  int limit = 0;                          // 0 = no limit; rows come in id order
};

// One day's cached term counts of a filter (see 0008_hot.sql).
struct HotDay {
  std::string key;
  std::string day;  // YYYY-MM-DD, local
  int64_t cases = 0;
  TimePoint computed_at{};
  std::vector<std::pair<std::string, int64_t>> terms;  // term → cases containing it (PutHotDay only)
};

struct HotTermCount {
  std::string term;
  std::string day;
  int64_t n = 0;
};

struct Surge {
  std::string id;
  std::string key;
  std::string label;
  std::string category_id;
  std::string term;
  std::string place_unit_id;
  std::string district_id;
  std::string status = "open";  // open | acknowledged | escalated | closed
  int64_t case_count = 0;
  int window_minutes = 60;
  int threshold = 0;
  TimePoint first_case_at{};
  TimePoint last_case_at{};
  TimePoint raised_at{};
  TimePoint updated_at{};
  int64_t version = 1;
};

struct SurgeQuery {
  std::vector<std::string> statuses;  // any of; empty = all
  std::optional<TimePoint> from;      // raised_at >= from
  std::optional<TimePoint> to;        // raised_at < to
  std::optional<std::vector<std::string>> place_unit_ids;  // data scope of a unit user
  int limit = 100;
};

struct SurgeTrailEntry {
  int64_t id = 0;
  std::string surge_id;
  TimePoint at{};
  std::string actor_id;
  std::string actor_name;
  std::string action;  // raised | acknowledged | escalated | closed
  std::string note;
};

struct SurgeMember {
  std::string case_id;
  TimePoint joined_at{};
};

struct CallerFlag {
  std::string id;
  std::string phone_hash;
  std::string case_id;
  std::string kind = "malicious";
  std::string reason;
  std::string flagged_by;
  std::string flagged_by_name;
  TimePoint flagged_at{};
  bool active = true;
  std::string cleared_by;
  std::optional<TimePoint> cleared_at;
  std::string clear_reason;
};

// A phone that called often (repeat) or gave many invalid cases (suspected abuse) since `from`.
struct CallerActivity {
  std::string phone_hash;
  int64_t cases = 0;
  int64_t invalid = 0;
  std::string last_case_id;
  TimePoint last_at{};
};

class ReadTx {
 public:
  virtual ~ReadTx() = default;

  virtual Result<Case> GetCase(const std::string& id) = 0;
  virtual Result<Case> GetCaseByNumber(const std::string& number) = 0;
  virtual Result<CasePage> ListCases(const CaseQuery& q) = 0;
  // Cases whose next SLA threshold (warning or due) is at or before `now`.
  virtual Result<std::vector<std::string>> CasesDueForSlaCheck(TimePoint now, int limit) = 0;
  virtual Result<std::vector<Event>> ListEvents(const std::string& case_id) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& q) = 0;
  virtual Result<std::vector<Count>> Stats(const StatsQuery& q) = 0;
  // Every case id (for audit verification), in id order, after `after_id`.
  virtual Result<std::vector<std::string>> CaseIds(const std::string& after_id, int limit) = 0;

  virtual Result<std::vector<Unit>> ListUnits() = 0;
  virtual Result<std::vector<Category>> ListCategories() = 0;
  virtual Result<std::vector<RoutingRule>> ListRoutingRules() = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Result<User> GetUser(const std::string& id) = 0;
  virtual Result<User> GetUserByUsername(const std::string& username) = 0;
  virtual Result<Session> GetSession(const std::string& token_hash) = 0;
  virtual Result<std::vector<std::string>> ListSlaPolicies() = 0;  // JSON texts
  virtual Result<std::vector<CalendarYear>> ListCalendarYears() = 0;
  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Result<std::optional<IdempotencyRecord>> GetIdempotency(const std::string& scope,
                                                                   const std::string& key) = 0;
  virtual Result<std::vector<Attachment>> ListAttachments(const std::string& case_id) = 0;
  virtual Result<Attachment> GetAttachment(const std::string& id) = 0;
  virtual Result<int64_t> CountCases() = 0;

  // ---- Hot issues, surges and caller flags (issue 6) ----
  // Calls fn for every case matching q, in id order (a lean row, no personal data).
  virtual Status ScanHotCases(const HotCaseQuery& q,
                              const std::function<void(const HotCaseRow&)>& fn) = 0;
  // The largest case id (0 when there is none).
  virtual Result<int64_t> MaxCaseId() = 0;
  // A cached day (without its terms), or nullopt.
  virtual Result<std::optional<HotDay>> GetHotDay(const std::string& key, const std::string& day) = 0;
  // The cached counts of these terms on the days first..last (inclusive) of a filter key.
  virtual Result<std::vector<HotTermCount>> HotTermCounts(const std::string& key, const std::string& first_day,
                                                          const std::string& last_day,
                                                          const std::vector<std::string>& terms) = 0;
  virtual Result<std::optional<std::string>> GetHotState(const std::string& name) = 0;
  virtual Result<Surge> GetSurge(const std::string& id) = 0;
  virtual Result<std::vector<Surge>> ListSurges(const SurgeQuery& q) = 0;
  virtual Result<std::vector<SurgeMember>> ListSurgeCases(const std::string& surge_id) = 0;
  virtual Result<std::vector<SurgeTrailEntry>> ListSurgeTrail(const std::string& surge_id) = 0;
  virtual Result<CallerFlag> GetCallerFlag(const std::string& id) = 0;
  virtual Result<std::vector<CallerFlag>> ListCallerFlags(bool active_only) = 0;
  // The active flags of a phone (the store hashes it).
  virtual Result<std::vector<CallerFlag>> CallerFlagsByPhone(const std::string& phone) = 0;
  // Phones with at least min_cases cases, or at least min_invalid invalid ones, since `from`;
  // most cases first, at most `limit`.
  virtual Result<std::vector<CallerActivity>> CallerActivitySince(TimePoint from, int min_cases,
                                                                  int min_invalid, int limit) = 0;
  // The same for one phone (the store hashes it); zero counts when it never called.
  virtual Result<CallerActivity> CallerActivityOf(const std::string& phone, TimePoint from) = 0;
  // The keyed hash the store files this phone under (to compare with CallerActivity::phone_hash).
  virtual std::string PhoneHash(const std::string& phone) const = 0;
};

class WriteTx : public ReadTx {
 public:
  // Assigns c.id and c.number (YYMMDD + a daily sequence, from `c.created_at` in the city's zone).
  virtual Status InsertCase(Case& c, int tz_offset_minutes) = 0;
  // Writes c if the stored version is `expected_version`; else Status::StaleVersion.
  virtual Status UpdateCase(const Case& c, int64_t expected_version) = 0;
  // Appends e at c's chain head: sets e.seq, e.prev_hash, e.hash, and advances the head stored
  // with the case. REQUIRES: the case exists. Call before UpdateCase for the same change so the
  // case row carries the new head (the backend keeps them consistent either way).
  virtual Status AppendEvent(Event& e) = 0;

  virtual Status PutUnit(const Unit& u) = 0;  // insert or replace (by id; id assigned if empty)
  virtual Status PutCategory(const Category& c) = 0;
  virtual Status PutRoutingRule(const RoutingRule& r) = 0;
  virtual Status DeleteRoutingRule(const std::string& id) = 0;
  virtual Status PutUser(User& u) = 0;  // assigns u.id if empty
  virtual Status PutSession(const Session& s) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status PutSlaPolicy(const std::string& id, const std::string& json) = 0;
  virtual Status DeleteSlaPolicy(const std::string& id) = 0;
  virtual Status PutCalendarYear(const CalendarYear& y) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;
  virtual Status PutIdempotency(const IdempotencyRecord& r) = 0;
  virtual Status PutAttachment(Attachment& a) = 0;  // assigns a.id
  // An admin/audit record that is not about a case (user changes, logins, settings).
  virtual Status AppendAdminEvent(Event& e) = 0;

  // ---- Hot issues, surges and caller flags (issue 6) ----
  virtual Status PutHotDay(const HotDay& d) = 0;  // replaces the day and its terms
  virtual Status PutHotState(const std::string& name, const std::string& value) = 0;
  virtual Status InsertSurge(Surge& s) = 0;  // assigns s.id
  // Writes s if the stored version is expected_version; else Status::StaleVersion.
  virtual Status UpdateSurge(const Surge& s, int64_t expected_version) = 0;
  virtual Status AddSurgeCase(const std::string& surge_id, const std::string& case_id,
                              TimePoint at) = 0;
  virtual Status AppendSurgeTrail(SurgeTrailEntry& e) = 0;  // assigns e.id
  virtual Status PutCallerFlag(CallerFlag& f) = 0;          // insert (id assigned) or replace
};

class Store {
 public:
  virtual ~Store() = default;
  // A snapshot for reads. Thread-safe; the ReadTx itself is for one thread.
  virtual Result<std::unique_ptr<ReadTx>> Read() = 0;
  // Runs fn in a write transaction; durable once OK is returned. fn may run on another thread
  // and must not block on other writes. Thread-safe.
  virtual Status Write(std::function<Status(WriteTx&)> fn) = 0;

  // How many transactions were committed, and how many Write() calls they carried (their ratio
  // shows the group commit at work). For /metrics. Thread-safe.
  struct WriteCounters {
    uint64_t commits = 0;
    uint64_t writes = 0;
  };
  virtual WriteCounters Counters() const = 0;
};

}  // namespace hotline::store
