// Small rules about cases and assignments that several screens share.
import { ACTIVE_ASSIGNMENT_STATUSES } from './enums.js'

// The assignment of one of `unitIds` on a case: an active one first, the lead before a co-handler.
export function myAssignment(kase, unitIds) {
  const ids = unitIds instanceof Set ? unitIds : new Set((unitIds || []).map(String))
  const mine = ((kase && kase.assignments) || []).filter((a) => ids.has(String(a.unit_id)))
  const rank = (a) => (ACTIVE_ASSIGNMENT_STATUSES.includes(a.status) ? 0 : 2) + (a.role === 'lead' ? 0 : 1)
  return mine.sort((a, b) => rank(a) - rank(b))[0] || null
}

export function leadAssignment(kase) {
  const list = (kase && kase.assignments) || []
  return list.find((a) => a.role === 'lead' && ACTIVE_ASSIGNMENT_STATUSES.includes(a.status))
    || list.find((a) => a.role === 'lead') || null
}

// The deadline that matters now for an assignment: signing while pending, otherwise resolving.
export function currentDeadline(a) {
  if (!a) return { due: null, sla: '', kind: '' }
  if (a.status === 'pending') return { due: a.sign_due_at, sla: a.sla, kind: 'sign' }
  const due = a.extension && a.extension.status === 'approved' && a.extension.until ? a.extension.until : a.due_at
  return { due, sla: a.sla, kind: 'resolve' }
}

// The deadline shown in a list row: the user's own assignment for unit users, else the lead's, else the case's.
export function rowDeadline(kase, unitIds) {
  const a = unitIds && unitIds.size ? myAssignment(kase, unitIds) : leadAssignment(kase)
  if (a && ACTIVE_ASSIGNMENT_STATUSES.includes(a.status)) return currentDeadline(a)
  return { due: kase && kase.due_at, sla: kase && kase.sla, kind: 'case' }
}

export function pendingExtension(kase) {
  return ((kase && kase.assignments) || []).find((a) => a.extension && a.extension.status === 'pending') || null
}

export function isOpenStatus(s) {
  return !['closed', 'merged', 'transferred', 'invalid'].includes(s)
}
