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

// --- Public site (issue 4): files uploaded with the mailbox form, published letters (信件公开),
// published statistics. ---

// A file a citizen uploaded before submitting the form (two-step upload). The browser holds a
// random claim ticket; the store keeps only its SHA-256 (`token_hash`).
struct PublicUpload {
  std::string token_hash;
  std::string sha256;  // content address of the file under the data directory
  std::string name;
  std::string content_type;  // sniffed from the content
  int64_t size = 0;
  std::string client;  // the uploader's address
  TimePoint created_at{};
  std::string case_id;  // the submission that carries it; empty until then
};

// A closed case published with staff-edited text (no personal data in any field).
struct PublishedLetter {
  std::string id;
  std::string case_id;
  std::string type;
  std::string category_id;
  std::string district_id;
  std::string unit_id;  // the lead unit that replied
  std::string title;
  std::string question;
  std::string reply;
  TimePoint received_at{};
  std::optional<TimePoint> replied_at;
  TimePoint published_at{};
  std::string published_by;  // user id
  std::optional<TimePoint> unpublished_at;  // set while not published
  int64_t version = 0;
};

// Published letters only (never unpublished ones, nor those whose case is no longer closed, e.g.
// reopened), newest publication first.
struct LetterQuery {
  std::string type;                       // empty: any
  std::vector<std::string> category_ids;  // any of (callers expand a subtree); empty: any
  int limit = 20;
  std::string cursor;  // opaque, from LetterPage::next_cursor
};

struct LetterPage {
  std::vector<PublishedLetter> items;
  std::string next_cursor;  // empty = no more
  int64_t total = 0;
};

// Lead-unit replies of cases registered in a period: how many replied, and how many of those
// replied no later than their due time (approved extensions included).
struct ReplyTimeliness {
  int64_t replied = 0;
  int64_t on_time = 0;
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

  // --- Public site (issue 4) ---
  virtual Result<PublicUpload> GetPublicUpload(const std::string& token_hash) = 0;  // NotFound
  virtual Result<PublishedLetter> GetPublishedLetter(const std::string& id) = 0;  // any state
  virtual Result<PublishedLetter> GetPublishedLetterByCase(const std::string& case_id) = 0;
  virtual Result<LetterPage> ListPublishedLetters(const LetterQuery& q) = 0;
  virtual Result<ReplyTimeliness> GetReplyTimeliness(TimePoint from, TimePoint to) = 0;
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

  // --- Public site (issue 4) ---
  virtual Status PutPublicUpload(const PublicUpload& u) = 0;  // Conflict if the token exists
  // Binds an unbound upload to a case. NotFound for an unknown token; Conflict
  // ("upload_already_used") when it is bound to another case (binding to the same case is OK).
  virtual Status BindPublicUpload(const std::string& token_hash, const std::string& case_id) = 0;
  // Inserts, or replaces the row of the same case_id (re-publishing keeps the id). Assigns l.id;
  // sets l.version to the stored version (1 on insert, +1 on replace).
  virtual Status PutPublishedLetter(PublishedLetter& l) = 0;
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
