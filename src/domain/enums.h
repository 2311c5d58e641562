// The hotline's vocabulary as enums, each with its wire name (the API's string) and its Chinese label.
// Parsing returns std::nullopt for an unknown name; callers turn that into a 400 with the field.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace hotline::domain {

enum class CaseType { kConsultation, kHelp, kComplaint, kReport, kSuggestion, kPraise };
enum class Channel { kPhone, kWeb, kMailbox, kLetter, kApp, kEmail, kOpen311, kSms };
enum class CaseStatus {
  kNew,
  kAnswered,
  kDispatched,
  kInProgress,
  kReturnRequested,
  kReplied,
  kCallbackPending,
  kClosed,
  kMerged,
  kTransferred,
  kInvalid,
};
// Every status has a kind; code asks the kind, not a list of statuses.
enum class StatusKind { kOpen, kClosed };

enum class AssignmentRole { kLead, kCo };
enum class AssignmentStatus {
  kPending,    // dispatched, waiting to be signed
  kSigned,     // signed for, being handled
  kReturnRequested,
  kReplied,    // the unit fed back
  kReturned,   // return approved: the unit is off the case
  kRecalled,   // the centre took it back
  kDone,       // the case stage is over (reply approved)
};
enum class SlaState { kOk, kWarning, kOverdue };

enum class Role {
  kAgent,
  kDispatcher,
  kReviewer,
  kCallback,
  kSupervisor,
  kHandler,
  kUnitAdmin,
  kLeader,
  kAdmin,
  kAuditor,
};
enum class UnitKind { kCentre, kDistrict, kStreet, kDepartment, kEnterprise };
enum class Satisfaction { kSatisfied, kBasicallySatisfied, kUnsatisfied };
enum class TransferTarget { k110, k119, k120, k122, kOther };

template <typename E>
struct EnumInfo {
  E value;
  std::string_view name;   // wire name
  std::string_view label;  // zh-CN label
};

#define HOTLINE_DECLARE_ENUM(E)                              \
  std::string_view Name(E v);                                \
  std::string_view Label(E v);                               \
  std::optional<E> Parse##E(std::string_view name);          \
  const EnumInfo<E>* All##E##s(size_t* n);

HOTLINE_DECLARE_ENUM(CaseType)
HOTLINE_DECLARE_ENUM(Channel)
HOTLINE_DECLARE_ENUM(CaseStatus)
HOTLINE_DECLARE_ENUM(AssignmentRole)
HOTLINE_DECLARE_ENUM(AssignmentStatus)
HOTLINE_DECLARE_ENUM(SlaState)
HOTLINE_DECLARE_ENUM(Role)
HOTLINE_DECLARE_ENUM(UnitKind)
HOTLINE_DECLARE_ENUM(Satisfaction)
HOTLINE_DECLARE_ENUM(TransferTarget)
#undef HOTLINE_DECLARE_ENUM

StatusKind KindOf(CaseStatus s);
inline bool IsOpen(CaseStatus s) { return KindOf(s) == StatusKind::kOpen; }
// Roles that belong to the hotline centre (not to a handling unit).
bool IsCentreRole(Role r);

}  // namespace hotline::domain
