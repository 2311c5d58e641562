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
  // Case search (issue 5): a full-text query in the syntax of search/query.h (words, "phrases",
  // AND/OR/NOT) over title, content, replies, address and case number, combined with every other
  // filter and the data scope. Invalid (field "q") when it has no searchable word or is too long.
  // With the default sort (kCreatedDesc) the results are ranked (see RankedSearch in the backend
  // and docs/architecture.md, "Case search"); an explicit other sort keeps that order.
  std::string text;
  // With `text`: a query of 4–20 digits (spaces, '-', '+' ignored) also finds cases whose
  // citizen's phone number contains those digits. Set only for roles that see phone numbers.
  bool text_phone_fragments = false;
  std::string parent_id;          // merged children of a case
  // Data scope: when set, only cases with an assignment to one of these units (any status).
  std::optional<std::vector<std::string>> scope_unit_ids;
  enum class Sort { kCreatedDesc, kCreatedAsc, kDueAsc, kUpdatedDesc } sort = Sort::kCreatedDesc;
  int limit = 50;
  std::string cursor;  // opaque, from CasePage::next_cursor
  bool count_total = true;
};

// Case search: one field of a hit with the matched words marked. `field` is one of title,
// content, replies, address, number; segments alternate between plain and matched text and
// concatenate to the field's text (or, for content and replies, a window of it, with "…" where
// it was cut).
struct HighlightSegment {
  std::string text;
  bool hit = false;
  bool operator==(const HighlightSegment&) const = default;
};
struct FieldHighlight {
  std::string field;
  std::vector<HighlightSegment> segments;
};

struct CasePage {
  std::vector<Case> items;
  std::string next_cursor;  // empty = no more
  int64_t total = 0;
  // With CaseQuery::text and the default (ranked) order, matches are counted up to 10,000: past
  // that, total is 10,000 and total_capped is set.
  bool total_capped = false;
  // With CaseQuery::text: parallel to items, the fields that matched (empty when a case was found
  // by its phone number only).
  std::vector<std::vector<FieldHighlight>> highlights;
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

  // ---- Case search (issue 5) ----
  // Every InsertCase/UpdateCase keeps the search index current in the same transaction. For a
  // bulk load (`hotline seed`, imports), kBulk lets the index buffer far more per transaction
  // and postpone merging its segments; kNormal restores the defaults and merges the whole index
  // into one segment (slow, proportional to the index: once, after the load). Each is a write of
  // its own.
  enum class SearchIndexMode { kBulk, kNormal };
  virtual Status SetSearchIndexMode(SearchIndexMode mode) = 0;
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
