// Time helpers: formatting, countdowns and the SLA colour of a deadline.

const pad = (n) => String(n).padStart(2, '0')

export function toDate(v) {
  if (v == null || v === '') return null
  const d = v instanceof Date ? v : new Date(v)
  return Number.isNaN(d.getTime()) ? null : d
}

// 2026-11-28 09:30 in the browser's local time (the hotline works in one city and time zone).
export function formatDateTime(v, { seconds = false } = {}) {
  const d = toDate(v)
  if (!d) return ''
  const s = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return seconds ? `${s}:${pad(d.getSeconds())}` : s
}

export function formatDate(v) {
  const d = toDate(v)
  return d ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : ''
}

// RFC 3339 with the local offset, as the API wants (2026-11-28T09:30:00+08:00).
export function toRfc3339(v) {
  const d = toDate(v)
  if (!d) return ''
  const off = -d.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const a = Math.abs(off)
  return `${formatDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
}

// Split a duration in ms into {days, hours, minutes}.
export function splitDuration(ms) {
  const total = Math.floor(Math.abs(ms) / 60000)
  return { days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 }
}

// A short duration text through i18n: "2天3小时", "3小时5分", "12分" / "2d 3h".
export function formatDuration(ms, t) {
  const { days, hours, minutes } = splitDuration(ms)
  if (days > 0) return t('time.dh', { d: days, h: hours })
  if (hours > 0) return t('time.hm', { h: hours, m: minutes })
  return t('time.m', { m: minutes })
}

// The SLA state of a deadline: 'overdue' past the due time, 'warning' from 75% of the time allowed (when the
// start is known) or within `warnWithinMs` of the end (when it is not), 'ok' otherwise, '' without a deadline.
export const WARNING_FRACTION = 0.75
export function slaState(due, now = Date.now(), start = null, warnWithinMs = 4 * 3600 * 1000) {
  const d = toDate(due)
  if (!d) return ''
  const n = toDate(now).getTime()
  const end = d.getTime()
  if (n > end) return 'overdue'
  const s = toDate(start)
  if (s && end > s.getTime()) {
    return (n - s.getTime()) / (end - s.getTime()) >= WARNING_FRACTION ? 'warning' : 'ok'
  }
  return end - n <= warnWithinMs ? 'warning' : 'ok'
}

// Colours for the SLA states (Element Plus palette): green, yellow, red.
export const SLA_COLORS = { ok: '#67c23a', warning: '#e6a23c', overdue: '#f56c6c' }
export const SLA_TAG = { ok: 'success', warning: 'warning', overdue: 'danger' }

// Time-limit strings of the SLA policies: "30m", "24h", "2wh" (working hours), "3d", "3wd" (working days).
const DURATION_RE = /^(\d+(?:\.\d+)?)(m|h|wh|d|wd)$/
export function parseLimit(s) {
  const m = DURATION_RE.exec(String(s || '').trim())
  return m ? { value: Number(m[1]), unit: m[2] } : null
}
export function formatLimit(s, t) {
  const p = parseLimit(s)
  return p ? t(`limit.${p.unit}`, { n: p.value }) : String(s || '')
}

// Start of today / of this month / N days ago, as Date objects in local time.
export function startOfDay(d = new Date()) { const x = new Date(d); x.setHours(0, 0, 0, 0); return x }
export function startOfMonth(d = new Date()) { const x = startOfDay(d); x.setDate(1); return x }
export function daysAgo(n, d = new Date()) { const x = startOfDay(d); x.setDate(x.getDate() - n); return x }

// A date picked in a filter (YYYY-MM-DD) -> the RFC 3339 bound the API wants.
export function dayBound(day, end = false) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(day || ''))) return day || ''
  const d = new Date(`${day}T${end ? '23:59:59' : '00:00:00'}`)
  return toRfc3339(d)
}
