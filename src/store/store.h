// The storage interface: what the workflow and the API need from a database, and nothing of SQL.
//
// A backend (store/sqlite today, PostgreSQL later) implements Store and must pass the contract
// suite in tests/contract/. Reads run on a consistent snapshot (ReadTx). Writes run as functions
// on a WriteTx; the backend may run several of them in one database transaction and one fsync
// (group commit), each isolated by a savepoint: a function that returns an error leaves no trace.
// When Store::Write returns OK, the write is durable (on disk, fsynced).
#pragma once

#include <array>
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

// ---- KPIs, assessment and reports (analytics; docs/kpis.md) ----

// The rollup counters, in column order. Names are the column names of kpi_day/kpi_month.
inline constexpr int kKpiCounters = 19;
inline constexpr const char* kKpiCounterNames[kKpiCounters] = {
    "received", "excluded", "answered", "repeated", "dispatched", "signed", "signed_on_time",
    "replied", "replied_on_time", "contacted_on_time", "returned", "redone", "rated", "satisfied",
    "basically_satisfied", "resolved", "closed", "handle_seconds", "overdue"};
using KpiCounters = std::array<int64_t, kKpiCounters>;

// The dimensions of one rollup row. Ids are the integer keys (0 = none); channel and type are
// enum ordinals; day is YYYYMMDD in the city's time zone.
struct KpiKey {
  int day = 0;
  int64_t unit = 0;
  int64_t district = 0;
  int64_t category = 0;
  int channel = 0;
  int type = 0;
};

// One case event's contribution: added to kpi_day and kpi_month, and (when unit != 0) recorded in
// the fact ledger as (unit, day, case_id, seq) so a unit can see its score case by case.
struct KpiDelta {
  KpiKey key;
  KpiCounters counters{};
  int64_t case_id = 0;
  int64_t seq = 0;
  std::string action;
  bool ledger = true;  // false: rollups only (bulk loads that keep no per-case trail)
};

struct KpiQuery {
  int from_day = 0;  // inclusive, YYYYMMDD
  int to_day = 0;    // inclusive
  std::optional<std::vector<int64_t>> units;  // rows of these units only (unit-less rows excluded)
  std::vector<int64_t> districts;             // any of; empty = all
  std::vector<int64_t> categories;            // any of; empty = all
  std::optional<int> channel;
  std::optional<int> type;
  enum class GroupBy { kNone, kUnit, kDistrict, kCategory, kChannel, kType, kDay, kMonth };
  GroupBy group_by = GroupBy::kNone;
};

struct KpiRow {
  int64_t key = 0;  // the group's value (unit/district/category id, ordinal, YYYYMMDD or YYYYMM)
  KpiCounters counters{};
};

struct KpiFact {
  int64_t unit = 0;
  int day = 0;
  int64_t case_id = 0;
  int64_t seq = 0;
  std::string action;
  std::string deltas;  // JSON object {counter: value}
};

struct AssessmentConfigRecord {
  int64_t version = 0;
  std::string json;
  TimePoint created_at{};
  std::string created_by;
};

struct AssessmentRun {
  int month = 0;  // YYYYMM
  int64_t config_version = 0;
  std::string json;
  TimePoint computed_at{};
};

struct StoredReport {
  std::string kind;    // daily | weekly | monthly
  std::string period;  // YYYY-MM-DD or YYYY-MM
  std::string json;
  TimePoint created_at{};
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

  // ---- KPIs, assessment and reports (analytics) ----
  // Sums of the rollup counters over [from_day, to_day], grouped; reads kpi_month for whole
  // months inside the range and kpi_day for the rest. Rows in key order.
  virtual Result<std::vector<KpiRow>> QueryKpis(const KpiQuery& q) = 0;
  // The fact ledger of these units over [from_day, to_day], by day then case.
  virtual Result<std::vector<KpiFact>> ListKpiFacts(const std::vector<int64_t>& units, int from_day,
                                                    int to_day, int limit) = 0;
  // Repeat requests: whether the caller (by phone) registered another case of the same category
  // in [since, before) other than `exclude_case_id`.
  virtual Result<bool> HasEarlierCase(const std::string& phone, const std::string& category_id,
                                      TimePoint since, TimePoint before,
                                      const std::string& exclude_case_id) = 0;
  virtual Result<std::optional<AssessmentConfigRecord>> LatestAssessmentConfig() = 0;
  virtual Result<std::optional<AssessmentConfigRecord>> GetAssessmentConfig(int64_t version) = 0;
  virtual Result<std::optional<AssessmentRun>> GetAssessmentRun(int month) = 0;
  virtual Result<std::optional<StoredReport>> GetReport(const std::string& kind,
                                                        const std::string& period) = 0;
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

  // ---- KPIs, assessment and reports (analytics) ----
  // Adds each delta to kpi_day and kpi_month and records it in the fact ledger (unit != 0).
  virtual Status AddKpiDeltas(const std::vector<KpiDelta>& deltas) = 0;
  // Empties the rollups and the ledger (before a rebuild from the events).
  virtual Status ClearKpis() = 0;
  // Appends a config; assigns r.version (1, 2, ...).
  virtual Status AddAssessmentConfig(AssessmentConfigRecord& r) = 0;
  virtual Status PutAssessmentRun(const AssessmentRun& r) = 0;
  // Insert or replace by (kind, period).
  virtual Status PutReport(const StoredReport& r) = 0;
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
