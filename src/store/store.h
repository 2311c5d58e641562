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


// ---- Notifications (issue 4): the outbox, message templates and recipients ----

// One message in the outbox. In memory the recipient and body are plain; the store seals them.
struct OutboxMessage {
  int64_t seq = 0;        // assigned by InsertOutbox; delivery order
  std::string id;         // stable message id (idempotency key / Message-ID); unique
  std::string kind;       // "sms" | "email"
  std::string audience;   // "citizen" | "unit" | "leader"
  std::string recipient;  // phone number or email address (personal data)
  std::string recipient_hint;  // masked, safe to show and log
  std::string template_key;
  std::string lang;       // "zh-CN" | "en"
  std::string subject;    // email only
  std::string body;
  std::string case_id;
  std::string case_number;
  int64_t event_seq = 0;  // the event that caused it
  std::string unit_id;    // the unit told (unit audience)
  std::string state = "pending";  // pending | sending | sent | failed
  int attempts = 0;
  TimePoint next_attempt_at{};  // pending: not before; sending: when the lease ends
  std::string last_error;
  TimePoint created_at{};
  std::optional<TimePoint> sent_at;
};

struct OutboxQuery {
  std::string state;        // empty = any
  std::string case_id;      // empty = any
  int64_t before_seq = 0;   // paging: only seq < before_seq (0 = from the newest)
  int limit = 50;
};

// An admin's version of a message template (the defaults are in src/notify/templates.cc).
struct NotifyTemplate {
  std::string key;
  std::string lang;
  std::string subject;
  std::string body;
  std::string updated_by;
  TimePoint updated_at{};
};

// A person told about cases: a unit's duty officer, or a leader (escalations).
struct NotifyContact {
  std::string id;
  std::string unit_id;
  std::string role;  // "duty" | "leader"
  std::string name;
  std::string phone;  // mobile, for SMS; may be empty
  std::string email;  // may be empty
  std::string lang = "zh-CN";
  bool disabled = false;
};

// ---- The email channel (issue 4) ----

// One imported email message and the case it became.
struct MailImport {
  std::string key;  // "mid:<Message-ID>" or "sha256:<hex of the raw message>"
  std::string message_id;
  std::string case_id;
  std::string case_number;
  int attachments = 0;
  TimePoint imported_at{};
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

  // ---- Notifications (issue 4) ----
  // Newest first.
  virtual Result<std::vector<OutboxMessage>> ListOutbox(const OutboxQuery& q) = 0;
  // Messages per state (key = state).
  virtual Result<std::vector<Count>> OutboxCounts() = 0;
  virtual Result<std::vector<NotifyTemplate>> ListNotifyTemplates() = 0;
  virtual Result<std::vector<NotifyContact>> ListNotifyContacts() = 0;

  // ---- The email channel (issue 4) ----
  virtual Result<std::optional<MailImport>> GetMailImport(const std::string& key) = 0;
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

  // ---- Notifications (issue 4) ----
  // Adds a message (state pending); assigns m.seq. REQUIRES: m.id unique.
  virtual Status InsertOutbox(OutboxMessage& m) = 0;
  // Takes up to `limit` messages of the given kinds ("sms", "email") that are due: pending with
  // next_attempt_at <= now, or sending whose lease ended (next_attempt_at <= now: the sender that
  // took them died). Each becomes sending with attempts + 1 and next_attempt_at = lease_until.
  // Oldest first.
  virtual Result<std::vector<OutboxMessage>> ClaimOutbox(TimePoint now, TimePoint lease_until,
                                                         const std::vector<std::string>& kinds,
                                                         int limit) = 0;
  // Ends one delivery attempt: state "sent" (sent_at = at), "pending" (retry at next_attempt_at)
  // or "failed" (gives up), with the error text. Only the holder of the claim may finish: the
  // message must still be sending with this attempt count, else Status::Conflict
  // ("lease_lost") and nothing changes.
  virtual Status FinishOutbox(const std::string& id, int attempt, const std::string& state,
                              TimePoint at, TimePoint next_attempt_at,
                              const std::string& error) = 0;
  // Puts a failed message back to pending (an admin's retry). NotFound unless it is failed.
  virtual Status RetryOutbox(const std::string& id, TimePoint now) = 0;
  virtual Status PutNotifyTemplate(const NotifyTemplate& t) = 0;
  virtual Status DeleteNotifyTemplate(const std::string& key, const std::string& lang) = 0;
  virtual Status PutNotifyContact(NotifyContact& c) = 0;  // assigns c.id if empty
  virtual Status DeleteNotifyContact(const std::string& id) = 0;

  // ---- The email channel (issue 4) ----
  // Status::Conflict ("already_imported") when the key is already recorded.
  virtual Status PutMailImport(const MailImport& m) = 0;
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
