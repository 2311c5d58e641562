// The form each workflow action asks for (body fields besides `version`, see docs/API.md). The case page
// offers exactly the actions in the case's `allowed_actions`; ActionDialog renders these fields.
// Field kinds: text (one line), textarea, bool, datetime, select (options: [values] with labels under
// `labels.<prefix>.<value>`), unit, case (a case number, sent as the case id).

export const ACTION_FORMS = {
  answer: { fields: [{ name: 'reply', kind: 'textarea', required: true }] },
  dispatch: { dialog: 'dispatch' },
  recall: { fields: [{ name: 'reason', kind: 'textarea', required: true }], danger: true },
  sign: { fields: [], primary: true },
  record_contact: { fields: [{ name: 'note', kind: 'textarea', required: true }] },
  return: { fields: [{ name: 'reason', kind: 'textarea', required: true }], danger: true },
  approve_return: { fields: [{ name: 'note', kind: 'textarea' }] },
  reject_return: { fields: [{ name: 'note', kind: 'textarea', required: true }] },
  request_extension: { fields: [{ name: 'until', kind: 'datetime', required: true }, { name: 'reason', kind: 'textarea', required: true }] },
  approve_extension: { fields: [] },
  reject_extension: { fields: [{ name: 'note', kind: 'textarea', required: true }] },
  reply: { fields: [{ name: 'reply', kind: 'textarea', required: true, rows: 6 }, { name: 'resolved', kind: 'bool', default: true }], attachments: true, primary: true },
  approve_reply: { fields: [{ name: 'reply_to_citizen', kind: 'textarea', rows: 6, from: 'reply' }], primary: true },
  reject_reply: { fields: [{ name: 'note', kind: 'textarea', required: true }] },
  callback: {
    fields: [
      { name: 'satisfaction', kind: 'select', options: ['satisfied', 'basically_satisfied', 'unsatisfied'], labels: 'satisfaction', required: true, radio: true },
      { name: 'resolved', kind: 'bool', default: true },
      { name: 'note', kind: 'textarea' },
      { name: 'reopen', kind: 'bool', default: false, showIf: (f) => f.satisfaction === 'unsatisfied' },
    ],
    primary: true,
  },
  close: { fields: [{ name: 'note', kind: 'textarea' }] },
  reopen: { fields: [{ name: 'reason', kind: 'textarea', required: true }] },
  merge: { fields: [{ name: 'parent_id', kind: 'case', required: true }] },
  transfer: { fields: [{ name: 'to', kind: 'select', options: ['110', '119', '120', '122', 'other'], labels: 'transfer', required: true, radio: true }, { name: 'note', kind: 'textarea', required: true }], danger: true },
  invalidate: { fields: [{ name: 'reason', kind: 'textarea', required: true }], danger: true },
  urge: { fields: [{ name: 'note', kind: 'textarea', required: true, defaultKey: 'defaults.urge' }] },
  supervise: { fields: [{ name: 'note', kind: 'textarea', required: true }, { name: 'due_at', kind: 'datetime', required: true, defaultDays: 2 }] },
  escalate: { fields: [{ name: 'note', kind: 'textarea', required: true }], danger: true },
  comment: { fields: [{ name: 'note', kind: 'textarea', required: true }] },
}

import { toCityWall } from './time.js'

// Initial values of an action's form for a case. Date-times are city wall-clock text (see utils/time.js).
export function initialForm(action, kase = {}, t = (k) => k, now = new Date()) {
  const form = {}
  for (const f of (ACTION_FORMS[action] && ACTION_FORMS[action].fields) || []) {
    if (f.kind === 'bool') form[f.name] = f.default ?? false
    else if (f.from) form[f.name] = kase[f.from] || ''
    else if (f.defaultKey) form[f.name] = t(f.defaultKey)
    else if (f.defaultDays) form[f.name] = toCityWall(new Date(now.getTime() + f.defaultDays * 86400000))
    else form[f.name] = f.kind === 'datetime' ? null : ''
  }
  return form
}

// The missing required fields of a form ([] when it may be sent).
export function missingFields(action, form) {
  const out = []
  for (const f of (ACTION_FORMS[action] && ACTION_FORMS[action].fields) || []) {
    if (f.showIf && !f.showIf(form)) continue
    const v = form[f.name]
    if (f.required && (v == null || (typeof v === 'string' && v.trim() === ''))) out.push(f.name)
  }
  return out
}

// Order of the buttons on the case page: the usual next step first, destructive ones last.
export const ACTION_ORDER = [
  'sign', 'dispatch', 'answer', 'record_contact', 'reply', 'approve_reply', 'reject_reply', 'approve_return',
  'reject_return', 'approve_extension', 'reject_extension', 'callback', 'close', 'request_extension', 'urge',
  'supervise', 'comment', 'reopen', 'merge', 'return', 'recall', 'transfer', 'escalate', 'invalidate',
]
export function sortActions(list) {
  const pos = (a) => { const i = ACTION_ORDER.indexOf(a); return i < 0 ? 999 : i }
  return [...(list || [])].filter((a) => ACTION_FORMS[a]).sort((a, b) => pos(a) - pos(b))
}
