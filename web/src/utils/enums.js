// The hotline's vocabulary on the wire (see src/domain/enums.h on the server). Labels live in the i18n files
// under the same names: status.<name>, type.<name>, channel.<name>, role.<name>, action.<name> ...
export const CASE_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise']
export const CHANNELS = ['phone', 'web', 'mailbox', 'letter', 'app', 'email', 'open311', 'sms']
export const STATUSES = [
  'new', 'answered', 'dispatched', 'in_progress', 'return_requested', 'replied',
  'callback_pending', 'closed', 'merged', 'transferred', 'invalid',
]
export const OPEN_STATUSES = ['new', 'answered', 'dispatched', 'in_progress', 'return_requested', 'replied', 'callback_pending']
export const ASSIGNMENT_STATUSES = ['pending', 'signed', 'return_requested', 'replied', 'returned', 'recalled', 'done']
// Assignments on which the unit still has work (its clock runs or is paused by a pending return).
export const ACTIVE_ASSIGNMENT_STATUSES = ['pending', 'signed', 'return_requested']
export const SLA_STATES = ['ok', 'warning', 'overdue']
export const ROLES = ['agent', 'dispatcher', 'reviewer', 'callback', 'supervisor', 'leader', 'admin', 'auditor', 'handler', 'unit_admin']
export const CENTRE_ROLES = ['agent', 'dispatcher', 'reviewer', 'callback', 'supervisor', 'leader', 'admin', 'auditor']
export const UNIT_ROLES = ['handler', 'unit_admin']
export const UNIT_KINDS = ['centre', 'district', 'street', 'department', 'enterprise']
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied']
export const TRANSFER_TARGETS = ['110', '119', '120', '122', 'other']
export const EXTENSION_STATUSES = ['pending', 'approved', 'rejected']
export const ACTIONS = [
  'answer', 'dispatch', 'recall', 'sign', 'record_contact', 'return', 'approve_return', 'reject_return',
  'request_extension', 'approve_extension', 'reject_extension', 'reply', 'approve_reply', 'reject_reply',
  'callback', 'close', 'reopen', 'merge', 'transfer', 'invalidate', 'urge', 'supervise', 'escalate', 'comment',
]
// Event names that may appear in a case's history beyond the actions above.
export const EVENT_ACTIONS = [...ACTIONS, 'create', 'register', 'attach', 'update_citizen', 'sla_warning', 'sla_overdue', 'extension_applied']
export const ERROR_CODES = [
  'invalid_argument', 'unauthenticated', 'forbidden', 'not_found', 'stale_version', 'invalid_transition',
  'payload_too_large', 'unprocessable', 'rate_limited', 'network', 'server', 'unknown',
  // Reasons the server gives beyond the generic ones (src/common/status.h and the handlers).
  'out_of_scope', 'csrf', 'locked', 'reopen_window_passed', 'code_taken', 'id_taken', 'username_taken', 'constraint',
  'extension_pending', 'unavailable', 'internal', 'bad_request', 'method_not_allowed', 'header_too_large',
]

// Element Plus tag type for a case status.
export function statusTagType(status) {
  switch (status) {
    case 'new': return 'danger'
    case 'dispatched': case 'in_progress': return 'primary'
    case 'return_requested': case 'replied': case 'callback_pending': return 'warning'
    case 'closed': case 'answered': return 'success'
    default: return 'info'
  }
}
