#include "src/domain/enums.h"

#include <iterator>

namespace hotline::domain {
namespace {

constexpr EnumInfo<CaseType> kCaseTypes[] = {
    {CaseType::kConsultation, "consultation", "咨询"}, {CaseType::kHelp, "help", "求助"},
    {CaseType::kComplaint, "complaint", "投诉"},       {CaseType::kReport, "report", "举报"},
    {CaseType::kSuggestion, "suggestion", "建议"},     {CaseType::kPraise, "praise", "表扬"},
};
constexpr EnumInfo<Channel> kChannels[] = {
    {Channel::kPhone, "phone", "电话"},     {Channel::kWeb, "web", "网站"},
    {Channel::kMailbox, "mailbox", "市长信箱"}, {Channel::kLetter, "letter", "来信"},
    {Channel::kApp, "app", "移动应用"},      {Channel::kEmail, "email", "电子邮件"},
    {Channel::kOpen311, "open311", "Open311"}, {Channel::kSms, "sms", "短信"},
};
constexpr EnumInfo<CaseStatus> kCaseStatuss[] = {
    {CaseStatus::kNew, "new", "待处理"},
    {CaseStatus::kAnswered, "answered", "直接答复"},
    {CaseStatus::kDispatched, "dispatched", "已派单"},
    {CaseStatus::kInProgress, "in_progress", "办理中"},
    {CaseStatus::kReturnRequested, "return_requested", "退单待审"},
    {CaseStatus::kReplied, "replied", "待审核"},
    {CaseStatus::kCallbackPending, "callback_pending", "待回访"},
    {CaseStatus::kClosed, "closed", "已办结"},
    {CaseStatus::kMerged, "merged", "已并单"},
    {CaseStatus::kTransferred, "transferred", "已转出"},
    {CaseStatus::kInvalid, "invalid", "无效"},
};
constexpr EnumInfo<AssignmentRole> kAssignmentRoles[] = {
    {AssignmentRole::kLead, "lead", "主办"},
    {AssignmentRole::kCo, "co", "协办"},
};
constexpr EnumInfo<AssignmentStatus> kAssignmentStatuss[] = {
    {AssignmentStatus::kPending, "pending", "待签收"},
    {AssignmentStatus::kSigned, "signed", "已签收"},
    {AssignmentStatus::kReturnRequested, "return_requested", "退单待审"},
    {AssignmentStatus::kReplied, "replied", "已反馈"},
    {AssignmentStatus::kReturned, "returned", "已退回"},
    {AssignmentStatus::kRecalled, "recalled", "已撤回"},
    {AssignmentStatus::kDone, "done", "已完成"},
};
constexpr EnumInfo<SlaState> kSlaStates[] = {
    {SlaState::kOk, "ok", "正常"},
    {SlaState::kWarning, "warning", "预警"},
    {SlaState::kOverdue, "overdue", "超期"},
};
constexpr EnumInfo<Role> kRoles[] = {
    {Role::kAgent, "agent", "话务员"},           {Role::kDispatcher, "dispatcher", "派单员"},
    {Role::kReviewer, "reviewer", "审核员"},     {Role::kCallback, "callback", "回访员"},
    {Role::kSupervisor, "supervisor", "督办员"}, {Role::kHandler, "handler", "承办人"},
    {Role::kUnitAdmin, "unit_admin", "单位管理员"}, {Role::kLeader, "leader", "领导"},
    {Role::kAdmin, "admin", "系统管理员"},       {Role::kAuditor, "auditor", "审计员"},
};
constexpr EnumInfo<UnitKind> kUnitKinds[] = {
    {UnitKind::kCentre, "centre", "热线中心"},   {UnitKind::kDistrict, "district", "区分中心"},
    {UnitKind::kStreet, "street", "街道"},       {UnitKind::kDepartment, "department", "职能部门"},
    {UnitKind::kEnterprise, "enterprise", "公共企业"},
};
constexpr EnumInfo<Satisfaction> kSatisfactions[] = {
    {Satisfaction::kSatisfied, "satisfied", "满意"},
    {Satisfaction::kBasicallySatisfied, "basically_satisfied", "基本满意"},
    {Satisfaction::kUnsatisfied, "unsatisfied", "不满意"},
};
constexpr EnumInfo<TransferTarget> kTransferTargets[] = {
    {TransferTarget::k110, "110", "110 报警"},   {TransferTarget::k119, "119", "119 火警"},
    {TransferTarget::k120, "120", "120 急救"},   {TransferTarget::k122, "122", "122 交通事故"},
    {TransferTarget::kOther, "other", "其他渠道"},
};

template <typename E, size_t N>
const EnumInfo<E>& Find(const EnumInfo<E> (&table)[N], E v) {
  for (const auto& e : table)
    if (e.value == v) return e;
  return table[0];  // unreachable for a valid enum value
}
template <typename E, size_t N>
std::optional<E> Lookup(const EnumInfo<E> (&table)[N], std::string_view name) {
  for (const auto& e : table)
    if (e.name == name) return e.value;
  return std::nullopt;
}

}  // namespace

#define HOTLINE_DEFINE_ENUM(E, table)                                                  \
  std::string_view Name(E v) { return Find(table, v).name; }                           \
  std::string_view Label(E v) { return Find(table, v).label; }                         \
  std::optional<E> Parse##E(std::string_view name) { return Lookup(table, name); }     \
  const EnumInfo<E>* All##E##s(size_t* n) {                                            \
    *n = std::size(table);                                                             \
    return table;                                                                      \
  }

HOTLINE_DEFINE_ENUM(CaseType, kCaseTypes)
HOTLINE_DEFINE_ENUM(Channel, kChannels)
HOTLINE_DEFINE_ENUM(CaseStatus, kCaseStatuss)
HOTLINE_DEFINE_ENUM(AssignmentRole, kAssignmentRoles)
HOTLINE_DEFINE_ENUM(AssignmentStatus, kAssignmentStatuss)
HOTLINE_DEFINE_ENUM(SlaState, kSlaStates)
HOTLINE_DEFINE_ENUM(Role, kRoles)
HOTLINE_DEFINE_ENUM(UnitKind, kUnitKinds)
HOTLINE_DEFINE_ENUM(Satisfaction, kSatisfactions)
HOTLINE_DEFINE_ENUM(TransferTarget, kTransferTargets)
#undef HOTLINE_DEFINE_ENUM

StatusKind KindOf(CaseStatus s) {
  switch (s) {
    case CaseStatus::kClosed:
    case CaseStatus::kMerged:
    case CaseStatus::kTransferred:
    case CaseStatus::kInvalid:
      return StatusKind::kClosed;
    default:
      return StatusKind::kOpen;
  }
}

bool IsCentreRole(Role r) { return r != Role::kHandler && r != Role::kUnitAdmin; }

}  // namespace hotline::domain
