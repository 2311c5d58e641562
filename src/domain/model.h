// The hotline's records as plain values: no I/O, no clocks. Stores persist them; the workflow
// changes them; the API encodes them.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/common/clock.h"
#include "src/domain/enums.h"

namespace hotline::domain {

struct Citizen {
  std::string name;
  std::string phone;
  std::string id_number;
  std::string email;
  bool empty() const { return name.empty() && phone.empty() && id_number.empty() && email.empty(); }
};

struct Location {
  std::string address;
  std::string district_id;  // a unit id of kind district, or empty
  std::optional<double> lat;
  std::optional<double> lng;
};

enum class ExtensionStatus { kPending, kApproved, kRejected };

struct Extension {
  TimePoint until{};
  std::string reason;
  ExtensionStatus status = ExtensionStatus::kPending;
  std::string note;  // the dispatcher's decision note
};

// One unit's part in a case (主办 lead or 协办 co-handling), with its own status and deadlines.
struct Assignment {
  std::string id;  // unique within the case: "a1", "a2", ...
  std::string unit_id;
  AssignmentRole role = AssignmentRole::kLead;
  AssignmentStatus status = AssignmentStatus::kPending;
  std::string dispatched_by_unit;  // the centre, or a district sub-centre (二级派单)
  std::string parent_assignment;   // for second-level dispatch: the sub-centre's assignment id
  TimePoint assigned_at{};
  TimePoint sign_due_at{};
  TimePoint contact_due_at{};
  TimePoint due_at{};
  TimePoint warn_at{};  // 75% of the time to resolve, on the assignment's clock
  bool clock_24x7 = false;
  std::optional<TimePoint> signed_at;
  std::optional<TimePoint> contacted_at;
  std::optional<TimePoint> replied_at;
  std::optional<TimePoint> paused_at;  // a return is pending: the clock stands still
  std::optional<Extension> extension;
  std::string return_reason;
  std::string reply;  // a co-handling unit's part, or the lead's reply
  SlaState sla_emitted = SlaState::kOk;  // the worst SLA state already recorded as an event
  int urge_count = 0;

  // Still in the unit's hands (not returned, recalled or done).
  bool Active() const {
    return status == AssignmentStatus::kPending || status == AssignmentStatus::kSigned ||
           status == AssignmentStatus::kReturnRequested || status == AssignmentStatus::kReplied;
  }
};

struct Rating {
  Satisfaction satisfaction = Satisfaction::kSatisfied;
  bool resolved = true;
  std::string note;
  std::string source;  // "phone" (callback) or "web" (the citizen rated it online)
};

struct Supervision {
  std::string note;
  TimePoint due_at{};
  TimePoint issued_at{};
};

struct Case {
  std::string id;
  std::string number;      // human-readable, unique: YYMMDD + sequence
  std::string query_code;  // for the citizen to follow the case online
  CaseType type = CaseType::kConsultation;
  Channel channel = Channel::kPhone;
  std::string title;
  std::string content;
  std::string category_id;
  CaseStatus status = CaseStatus::kNew;
  bool urgent = false;
  bool confidential = false;
  bool escalated = false;
  bool published = false;
  Citizen citizen;
  Location location;
  std::string call_id;
  std::vector<Assignment> assignments;
  std::optional<TimePoint> due_at;           // the lead unit's resolve deadline
  std::optional<TimePoint> callback_due_at;  // callback deadline once the reply is approved
  std::optional<Rating> rating;
  std::string reply;             // the lead unit's reply (办结反馈)
  bool reply_resolved = false;   // the unit says it is resolved
  std::string reply_to_citizen;  // what the citizen is told (answer or approved reply)
  std::string kb_article_id;     // the article used for a direct answer
  std::string parent_id;         // merged into
  std::string transfer_to;       // 110/119/120/122/other
  std::vector<Supervision> supervisions;
  int reopen_count = 0;
  int urge_count = 0;
  std::string created_by;
  TimePoint created_at{};
  TimePoint updated_at{};
  std::optional<TimePoint> closed_at;
  int64_t version = 0;
  int64_t last_seq = 0;   // the last event's sequence number
  std::string last_hash;  // the last event's hash (head of the chain)

  const Assignment* LeadAssignment() const;  // the deepest active lead, or nullptr
  Assignment* LeadAssignment();
  Assignment* FindAssignment(const std::string& id);
};

// One entry of a case's history. Events are hash-chained per case: hash = SHA-256(prev_hash ‖
// canonical(seq, at, actor, action, data)); see store/event_hash.h.
struct Event {
  std::string case_id;
  int64_t seq = 0;
  TimePoint at{};
  std::string actor_id;  // user id, or "system"
  std::string actor_name;
  std::string actor_unit_id;
  std::string action;
  boost::json::object data;  // never holds personal data
  std::string prev_hash;
  std::string hash;
};

struct Unit {
  std::string id;
  std::string code;
  std::string name;
  std::string name_en;
  std::string parent_id;
  UnitKind kind = UnitKind::kDepartment;
  bool can_dispatch = false;
  std::string contact_phone;
  std::string contact_email;
  bool disabled = false;
};

struct Category {
  std::string id;
  std::string code;
  std::string name;
  std::string name_en;
  std::string parent_id;
  int level = 1;
  std::string default_lead_unit_id;
  bool street_level = false;  // handled by the street of the case's district
  std::vector<std::string> keywords;
  bool disabled = false;
};

// A routing rule: category (and its subtree) × district → lead unit. Data, with history.
struct RoutingRule {
  std::string id;
  std::string category_id;  // empty = any
  std::string district_id;  // empty = any
  std::string lead_unit_id;
  std::vector<std::string> co_unit_ids;
};

struct User {
  std::string id;
  std::string username;
  std::string name;
  std::string password_hash;  // argon2id, libsodium's crypto_pwhash_str format
  std::vector<Role> roles;
  std::string unit_id;
  bool disabled = false;
  int failed_logins = 0;
  std::optional<TimePoint> locked_until;
  TimePoint created_at{};

  bool Has(Role r) const;
};

struct Session {
  std::string token_hash;  // SHA-256 of the bearer token, hex
  std::string user_id;
  std::string csrf_token;
  TimePoint created_at{};
  TimePoint expires_at{};
};

}  // namespace hotline::domain
