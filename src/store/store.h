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
#include "src/domain/knowledge.h"
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
  std::vector<std::string> unit_ids;    // has an assignment (any status) to any of these units
  bool active_assignment_only = false;  // with unit_ids: only assignments still in hand
  std::optional<domain::AssignmentStatus> assignment_status;  // with unit_ids
  std::optional<domain::SlaState> sla;  // of an active assignment, evaluated at `now`
  TimePoint now{};
  std::string phone;              // the caller's phone (the store matches it by keyed hash)
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
  std::string parent_id;  // merged children of a case
  // Data scope: when set, only cases with an assignment to one of these units (any status).
  std::optional<std::vector<std::string>> scope_unit_ids;
  enum class Sort { kCreatedDesc, kCreatedAsc, kDueAsc, kUpdatedDesc } sort = Sort::kCreatedDesc;
  int limit = 50;
  std::string cursor;  // opaque, from CasePage::next_cursor
  bool count_total = true;
  // ---- Open311 (GeoReport v2) filters ----
  std::vector<std::string> numbers;       // any of these case numbers
  std::optional<TimePoint> updated_from;  // updated_at >= updated_from
  std::optional<TimePoint> updated_to;    // updated_at < updated_to
  bool exclude_confidential = false;      // public listings never show 保密件
  bool require_category = false;          // only cases that have a category (an Open311 service)
  int offset = 0;                         // rows to skip before the first (with an empty cursor)
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
  kStatus,
  kType,
  kChannel,
  kUnit,
  kCategory,
  kDistrict,
  kDay,
  kSla,
  kSatisfaction,  // rated cases by rating (satisfied / basically_satisfied / unsatisfied)
  kOverdue        // open assignments past their due time, by unit (not by registration period
                  // unless from/to are given)
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

// --- Knowledge base (知识库; src/knowledge) ---------------------------------------------------
// A filter over knowledge articles. Empty fields do not filter.
struct ArticleQuery {
  std::string match;  // an FTS5 MATCH expression (search::BuildMatchExpression); "" = no text
  std::vector<domain::ArticleStatus> statuses;  // any of
  std::string category;
  std::vector<std::string> unit_ids;  // owned by any of
  std::optional<domain::Audience> audience;
  std::string tag;
  std::string live_on;          // "YYYY-MM-DD": only articles valid on that date
  std::string expired_on;       // "YYYY-MM-DD": only articles whose valid_until is before that date
  bool pending_review = false;  // only articles with a revision in review (the review queue)
  // Visibility: when visible_units is set, an article is kept only when it is published and
  // valid on `visible_live_on`, or its unit is one of visible_units, or `visible_author` made it.
  std::optional<std::vector<std::string>> visible_units;
  std::string visible_live_on;
  std::string visible_author;
  int limit = 50;
  std::string cursor;  // opaque, from ArticlePage::next_cursor
};

// One search result: the article and, when the query had text, its highlighted fragments. The
// fragments mark hits with \x02 … \x03 (never in user text: control characters are refused).
struct ArticleHit {
  domain::Article article;
  std::string title_marked;
  std::string snippet_marked;
  double rank = 0;  // BM25 (lower is better); 0 without text
};

struct ArticlePage {
  std::vector<ArticleHit> items;  // by relevance with text, else most recently updated first
  std::string next_cursor;
  int64_t total = 0;
};

// ---- Open311 (GeoReport v2) ----
// An API key for POST /open311/v2/requests. Only the SHA-256 of the secret is stored.
struct Open311Key {
  std::string id;
  std::string name;
  std::string key_hash;  // hex SHA-256 of the secret
  std::string prefix;    // first characters of the secret, for recognising it in lists
  std::string created_by;
  TimePoint created_at{};
  std::optional<TimePoint> revoked_at;
};

// What an Open311 client sent with a request that the case itself does not hold.
struct Open311Request {
  std::string case_id;
  std::string token;
  std::string key_id;
  std::string fingerprint;
  std::string service_code;
  std::string address_id;
  std::string media_url;
  std::string device_id;
  std::string account_id;
  std::string attributes_json = "{}";
  TimePoint created_at{};
};

// Case events for the public update feed (servicerequestupdates): events with one of `actions`,
// at in [from, to), of cases that have a category and are not confidential, by (at, id).
struct Open311UpdateQuery {
  TimePoint from{};
  TimePoint to{};
  std::vector<std::string> actions;
  int limit = 1000;
  int offset = 0;
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

// What DropUnclaimedUploads removed.
struct DroppedUploads {
  int64_t uploads = 0;
  std::vector<std::string> unused_files;  // SHA-256 of files nothing points at any more
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
  std::string published_by;                 // user id
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

// ---- KPIs, assessment and reports (analytics; docs/kpis.md) ----

// The rollup counters, in column order. Names are the column names of kpi_day/kpi_month.
inline constexpr int kKpiCounters = 19;
inline constexpr const char* kKpiCounterNames[kKpiCounters] = {
    "received", "excluded",       "answered",       "repeated",        "dispatched",
    "signed",   "signed_on_time", "replied",        "replied_on_time", "contacted_on_time",
    "returned", "redone",         "rated",          "satisfied",       "basically_satisfied",
    "resolved", "closed",         "handle_seconds", "overdue"};
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

// One case event's contribution: added to every rollup shape (ForEachKpiRollupRow), and (when unit
// != 0) recorded in the fact ledger as (unit, day, case_id, seq) so a unit can see its score case
// by case.
struct KpiDelta {
  KpiKey key;
  KpiCounters counters{};
  int64_t case_id = 0;
  int64_t seq = 0;
  std::string action;
  bool ledger = true;  // false: rollups only (bulk loads that keep no per-case trail)
  bool rollup = true;  // false: the ledger row only (its counters are summed into the rollups
                       // separately, see analytics::RollupBatch)
};

struct KpiQuery {
  int from_day = 0;                           // inclusive, YYYYMMDD
  int to_day = 0;                             // inclusive
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

// ---- KPI rollup shapes (issue 6: every KPI query fast at 10 million cases) ----
// A rollup shape is the set of dimensions a rollup table keeps, as a bit mask; the counters are
// summed over the dimensions it drops. Every non-empty set is kept: the full cube (kpi_day /
// kpi_month), unit alone (kpi_*_unit), each case dimension alone (kpi_*_dim1) and every
// combination of two to four dimensions (kpi_*_multi, migration 0010), so any query reads the
// shape of exactly the dimensions it filters or groups by.
inline constexpr int kKpiDimUnit = 1, kKpiDimDistrict = 2, kKpiDimCategory = 4, kKpiDimChannel = 8,
                     kKpiDimType = 16;
inline constexpr int kKpiCube = 31;

// One row of one shape: `key` has the shape's dimensions (the others 0) and, in `day`, the
// period: YYYYMMDD, or YYYYMM when monthly.
struct KpiRollupRow {
  int shape = kKpiCube;
  bool monthly = false;
  KpiKey key;
  KpiCounters counters{};
};

// The row of one shape that a delta with the (daily) key k adds to: the shape's dimensions kept
// (the others 0), and the period as a month (YYYYMM) when monthly. Projecting a daily row of a
// wider shape gives the same row as projecting the delta itself (bulk loads sum shape by shape
// that way).
inline KpiKey ProjectKpiKey(const KpiKey& k, int shape, bool monthly) {
  KpiKey p;
  p.day = monthly ? k.day / 100 : k.day;
  p.unit = shape & kKpiDimUnit ? k.unit : 0;
  p.district = shape & kKpiDimDistrict ? k.district : 0;
  p.category = shape & kKpiDimCategory ? k.category : 0;
  p.channel = shape & kKpiDimChannel ? k.channel : 0;
  p.type = shape & kKpiDimType ? k.type : 0;
  return p;
}

// The rows one delta adds to (every shape 1..kKpiCube, by day and by month), passed to fn(shape,
// monthly, key). Pure; the one place that says which shapes exist.
template <typename Fn>
void ForEachKpiRollupRow(const KpiKey& k, Fn&& fn) {
  for (int m = 0; m < 2; ++m)
    for (int shape = 1; shape <= kKpiCube; ++shape)
      fn(shape, m == 1, ProjectKpiKey(k, shape, m == 1));
}

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
  std::vector<std::string> category_ids;                   // any of
  std::optional<std::vector<std::string>> scope_unit_ids;  // data scope, as in CaseQuery
  int64_t after_id = 0;  // id > after_id (the surge watcher's cursor)
  int limit = 0;         // 0 = no limit; rows come in id order
};

// One day's cached term counts of a filter (see 0008_hot.sql).
struct HotDay {
  std::string key;
  std::string day;  // YYYY-MM-DD, local
  int64_t cases = 0;
  TimePoint computed_at{};
  std::vector<std::pair<std::string, int64_t>>
      terms;  // term → cases containing it (PutHotDay only)
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
  std::vector<std::string> statuses;                       // any of; empty = all
  std::optional<TimePoint> from;                           // raised_at >= from
  std::optional<TimePoint> to;                             // raised_at < to
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

// ---- Notifications (issue 4): the outbox, message templates and recipients ----

// One message in the outbox. In memory the recipient and body are plain; the store seals them.
struct OutboxMessage {
  int64_t seq = 0;             // assigned by InsertOutbox; delivery order
  std::string id;              // stable message id (idempotency key / Message-ID); unique
  std::string kind;            // "sms" | "email"
  std::string audience;        // "citizen" | "unit" | "leader"
  std::string recipient;       // phone number or email address (personal data)
  std::string recipient_hint;  // masked, safe to show and log
  std::string template_key;
  std::string lang;     // "zh-CN" | "en"
  std::string subject;  // email only
  std::string body;
  std::string case_id;
  std::string case_number;
  int64_t event_seq = 0;          // the event that caused it
  std::string unit_id;            // the unit told (unit audience)
  std::string state = "pending";  // pending | sending | sent | failed
  int attempts = 0;
  TimePoint next_attempt_at{};  // pending: not before; sending: when the lease ends
  std::string last_error;
  TimePoint created_at{};
  std::optional<TimePoint> sent_at;
};

struct OutboxQuery {
  std::string state;       // empty = any
  std::string case_id;     // empty = any
  int64_t before_seq = 0;  // paging: only seq < before_seq (0 = from the newest)
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
  // Cases written by a bulk load and not yet in the search index (0 normally).
  virtual Result<int64_t> SearchBacklog() = 0;

  // --- Knowledge base (知识库; src/knowledge) ---
  virtual Result<domain::Article> GetArticle(const std::string& id) = 0;
  virtual Result<ArticlePage> ListArticles(const ArticleQuery& q) = 0;
  // Every revision of an article, newest first.
  virtual Result<std::vector<domain::ArticleRevision>> ListArticleRevisions(
      const std::string& article_id) = 0;
  virtual Result<domain::ArticleRevision> GetArticleRevision(const std::string& article_id,
                                                             int64_t rev) = 0;
  // Published articles that need a reminder on `today`: valid_until before `today` and no
  // "expired" reminder yet, or valid_until on or before `soon` and no reminder at all.
  virtual Result<std::vector<domain::Article>> ArticlesToRemind(const std::string& today,
                                                                const std::string& soon) = 0;
  // Reminders, newest first; unit_ids empty = every unit's.
  virtual Result<std::vector<domain::KnowledgeReminder>> ListKnowledgeReminders(
      const std::vector<std::string>& unit_ids, int limit) = 0;
  // ---- Open311 (GeoReport v2) ----
  // Every key, newest first (revoked ones too).
  virtual Result<std::vector<Open311Key>> ListOpen311Keys() = 0;
  // The key with this secret hash (revoked or not), or nullopt.
  virtual Result<std::optional<Open311Key>> GetOpen311KeyByHash(const std::string& key_hash) = 0;
  virtual Result<std::optional<Open311Request>> GetOpen311Request(const std::string& case_id) = 0;
  virtual Result<std::optional<Open311Request>> GetOpen311RequestByToken(
      const std::string& token) = 0;
  // The case id of the newest request from `key_id` with this fingerprint created at or after
  // `since`, or nullopt.
  virtual Result<std::optional<std::string>> FindOpen311Duplicate(const std::string& key_id,
                                                                  const std::string& fingerprint,
                                                                  TimePoint since) = 0;
  virtual Result<std::vector<AuditEntry>> ListOpen311Updates(const Open311UpdateQuery& q) = 0;
  // --- Public site (issue 4) ---
  virtual Result<PublicUpload> GetPublicUpload(const std::string& token_hash) = 0;  // NotFound
  virtual Result<PublishedLetter> GetPublishedLetter(const std::string& id) = 0;    // any state
  virtual Result<PublishedLetter> GetPublishedLetterByCase(const std::string& case_id) = 0;
  virtual Result<LetterPage> ListPublishedLetters(const LetterQuery& q) = 0;
  virtual Result<ReplyTimeliness> GetReplyTimeliness(TimePoint from, TimePoint to) = 0;
  // ---- KPIs, assessment and reports (analytics) ----
  // Sums of the rollup counters over [from_day, to_day], grouped; reads the rollup shape of
  // exactly the query's dimensions (filters and group-by), kpi_*month* for whole months inside
  // the range and kpi_*day* for the rest. Rows in key order.
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
  // ---- Hot issues, surges and caller flags (issue 6) ----
  // Calls fn for every case matching q, in id order (a lean row, no personal data).
  virtual Status ScanHotCases(const HotCaseQuery& q,
                              const std::function<void(const HotCaseRow&)>& fn) = 0;
  // The largest case id (0 when there is none).
  virtual Result<int64_t> MaxCaseId() = 0;
  // A cached day (without its terms), or nullopt.
  virtual Result<std::optional<HotDay>> GetHotDay(const std::string& key,
                                                  const std::string& day) = 0;
  // The cached counts of these terms on the days first..last (inclusive) of a filter key.
  virtual Result<std::vector<HotTermCount>> HotTermCounts(
      const std::string& key, const std::string& first_day, const std::string& last_day,
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

  // --- Knowledge base (知识库; src/knowledge) ---
  // Inserts a new article (assigns a.id, version 1) and its first revision (sets r.article_id).
  virtual Status InsertArticle(domain::Article& a, domain::ArticleRevision& r) = 0;
  // Writes a if the stored version is `expected_version` (then stored version = a.version);
  // else Status::StaleVersion. Usage count and remind state are not written (see below).
  virtual Status UpdateArticle(const domain::Article& a, int64_t expected_version) = 0;
  virtual Status PutArticleRevision(const domain::ArticleRevision& r) = 0;  // insert or replace
  // One more answer given with the article; does not change its version. NotFound if unknown.
  virtual Status IncrementArticleUsage(const std::string& id) = 0;
  // Records a reminder (assigns r.id) and sets the article's remind state to r.kind.
  virtual Status InsertKnowledgeReminder(domain::KnowledgeReminder& r) = 0;
  // ---- Open311 (GeoReport v2) ----
  virtual Status PutOpen311Key(Open311Key& k) = 0;  // inserts; assigns k.id
  // Sets revoked_at (once; a revoked key stays revoked). NotFound for an unknown id.
  virtual Status RevokeOpen311Key(const std::string& id, TimePoint at) = 0;
  // Inserts. REQUIRES: the case exists. A duplicate token is an error.
  virtual Status PutOpen311Request(const Open311Request& r) = 0;
  // --- Public site (issue 4) ---
  virtual Status PutPublicUpload(const PublicUpload& u) = 0;  // Conflict if the token exists
  // Binds an unbound upload to a case. NotFound for an unknown token; Conflict
  // ("upload_already_used") when it is bound to another case (binding to the same case is OK).
  virtual Status BindPublicUpload(const std::string& token_hash, const std::string& case_id) = 0;
  // Unclaimed uploads (a form never sent): removes every unbound upload made before `before`;
  // returns how many, and the SHA-256 of each of their files that no attachment and no other
  // upload points at any more, for the caller to remove from disk after the commit.
  virtual Result<DroppedUploads> DropUnclaimedUploads(TimePoint before) = 0;
  // Inserts, or replaces the row of the same case_id (re-publishing keeps the id). Assigns l.id;
  // sets l.version to the stored version (1 on insert, +1 on replace).
  virtual Status PutPublishedLetter(PublishedLetter& l) = 0;
  // ---- KPIs, assessment and reports (analytics) ----
  // Adds each delta to every rollup shape (store::ForEachKpiRollupRow) and records it in the fact
  // ledger (unit != 0). In the store's group-commit writer the rollup part is queued and folded
  // in batches (FoldKpiPending below); reads never see the difference.
  virtual Status AddKpiDeltas(const std::vector<KpiDelta>& deltas) = 0;
  // Empties the rollups and the ledger (before a rebuild from the events).
  virtual Status ClearKpis() = 0;
  // ---- KPI rollup shapes (issue 6) ----
  // Adds each row's counters to its shape's table (bulk loads that have summed many deltas per
  // row already, see analytics::RollupBatch; AddKpiDeltas does the same for each of its deltas).
  virtual Status AddKpiRollupRows(const std::vector<KpiRollupRow>& rows) = 0;
  // Case events' deltas are queued by AddKpiDeltas (kpi_pending, one append in the event's own
  // transaction) and folded into every shape by the store's writer, at most about a second
  // later; queries always add what is still queued. Folds up to max_rows queued deltas now (in
  // this transaction: the rows are summed into the shapes and removed together). Returns how
  // many it folded.
  virtual Result<int64_t> FoldKpiPending(int64_t max_rows) = 0;
  // Appends a config; assigns r.version (1, 2, ...).
  virtual Status AddAssessmentConfig(AssessmentConfigRecord& r) = 0;
  virtual Status PutAssessmentRun(const AssessmentRun& r) = 0;
  // Insert or replace by (kind, period).
  virtual Status PutReport(const StoredReport& r) = 0;
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

  // ---- Case search (issue 5) ----
  // Every InsertCase/UpdateCase keeps the search index current in the same transaction. For a
  // bulk load (`hotline seed`, imports), kBulk lets the index buffer far more per transaction
  // and postpone merging its segments; kNormal restores the defaults and merges the whole index
  // into one segment (slow, proportional to the index: once, after the load). Each is a write of
  // its own.
  // kDeferred (bulk loads that must finish fast): InsertCase writes no index entries and records
  // the case in the search backlog instead (same transaction), for IndexSearchBacklog to index
  // later; it lasts for this store's writer until kNormal.
  enum class SearchIndexMode { kBulk, kDeferred, kNormal };
  virtual Status SetSearchIndexMode(SearchIndexMode mode) = 0;

  // ---- Dashboard counts (GET /api/v1/stats) ----
  // Every write keeps the counts of ReadTx::Stats current in its transaction. For a bulk load,
  // kBulk stops that (for every writer: a persistent flag) and kNormal recounts every case in one
  // pass, then resumes — so a load pays once, not per case. Each is a write of its own; a store
  // opened while the flag is still set (a load that died in between) recounts at open.
  enum class CaseCountsMode { kBulk, kNormal };
  virtual Status SetCaseCountsMode(CaseCountsMode mode) = 0;
  // Indexes up to `max_cases` of the newest cases in the search backlog (their text as it is now)
  // and returns how many are still waiting.
  virtual Result<int64_t> IndexSearchBacklog(int max_cases) = 0;
  // Merges up to about `pages` pages of the search index's segments (FTS5 'merge'), so that a
  // long merge can be spread over many short transactions; false when there was nothing to merge.
  virtual Result<bool> MergeSearchIndex(int pages) = 0;
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

  // Bulk indexing of the search backlog (store/sqlite/search_bulk.h): the newest range of the
  // backlog, when it holds at least min_cases cases, is read and tokenized on `threads` threads
  // from snapshots, then added to the index as one segment by a single write; other writes wait
  // only for that write. A case changed in between stays in the backlog. indexed = 0 when the
  // range is smaller (IndexSearchBacklog's chunks are then the better tool). Thread-safe; one
  // call at a time.
  struct BulkSearchIndexOptions {
    int threads = 2;
    int64_t min_cases = 20000;
    std::size_t memory_bytes = std::size_t{768} << 20;  // postings in memory before run files
    std::function<void()> before_link;  // tests: runs after the reading, before the write
  };
  struct BulkSearchIndexReport {
    int64_t indexed = 0;   // cases added to the index
    int64_t left_out = 0;  // changed while they were read: still in the backlog
    int64_t left = 0;      // cases in the backlog afterwards
    double collect_seconds = 0, link_seconds = 0;
  };
  virtual Result<BulkSearchIndexReport> BulkIndexSearchBacklog(
      const BulkSearchIndexOptions& options) = 0;
};

}  // namespace hotline::store
