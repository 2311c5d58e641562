// Time helpers: formatting, countdowns and the SLA colour of a deadline.

const pad = (n) => String(n).padStart(2, '0')

// The hotline works in one city and one time zone: Asia/Shanghai, UTC+08:00 all year (no daylight saving
// since 1991). Every date and time on screen is city time, whatever zone the browser runs in; countdowns are
// differences of instants and need no zone at all.
export const CITY_TZ = 'Asia/Shanghai'
export const CITY_OFFSET_MINUTES = 480
export const CITY_OFFSET = '+08:00'
const OFFSET_MS = CITY_OFFSET_MINUTES * 60000

// A wall-clock time without a zone ("2026-11-28 09:30", "2026-11-28T09:30:00", "2026-11-28") is city time.
const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/

export function toDate(v) {
  if (v == null || v === '') return null
  if (typeof v === 'string') {
    const m = WALL_RE.exec(v.trim())
    if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0)) - OFFSET_MS)
  }
  const d = v instanceof Date ? v : new Date(v)
  return Number.isNaN(d.getTime()) ? null : d
}

// The city's calendar fields of an instant: {year, month (1-12), day, hours, minutes, seconds, weekday (0=Sun)}.
export function cityParts(v) {
  const d = toDate(v)
  if (!d) return null
  const x = new Date(d.getTime() + OFFSET_MS)
  return {
    year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate(),
    hours: x.getUTCHours(), minutes: x.getUTCMinutes(), seconds: x.getUTCSeconds(), weekday: x.getUTCDay(),
  }
}

// The instant of a city wall-clock time (month 1-12; day, hours... may overflow, as in Date.UTC).
export function cityTime(year, month, day = 1, hours = 0, minutes = 0, seconds = 0) {
  return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds) - OFFSET_MS)
}

// 2026-11-28 09:30 in city time.
export function formatDateTime(v, { seconds = false } = {}) {
  const p = cityParts(v)
  if (!p) return ''
  const s = `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hours)}:${pad(p.minutes)}`
  return seconds ? `${s}:${pad(p.seconds)}` : s
}

export function formatDate(v) {
  const p = cityParts(v)
  return p ? `${p.year}-${pad(p.month)}-${pad(p.day)}` : ''
}

// City wall-clock text without a zone, as the date pickers hold it (value-format "YYYY-MM-DDTHH:mm:ss").
export function toCityWall(v) {
  const p = cityParts(v)
  return p ? `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}` : ''
}

// RFC 3339 in city time, as the API wants (2026-11-28T09:30:00+08:00).
export function toRfc3339(v) {
  const w = toCityWall(v)
  return w ? w + CITY_OFFSET : ''
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

// Start of today / of this month / N days ago in the city, as instants (Date objects).
export function startOfDay(d = new Date()) { const p = cityParts(d); return cityTime(p.year, p.month, p.day) }
export function startOfMonth(d = new Date()) { const p = cityParts(d); return cityTime(p.year, p.month, 1) }
export function daysAgo(n, d = new Date()) { const p = cityParts(d); return cityTime(p.year, p.month, p.day - n) }
// The city date (YYYY-MM-DD) n days after an instant.
export function cityDatePlus(v, n = 0) { const p = cityParts(v); return p ? formatDate(cityTime(p.year, p.month, p.day + n, 12)) : '' }

// A date picked in a filter (YYYY-MM-DD) -> the RFC 3339 bound the API wants (city day).
export function dayBound(day, end = false) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(day || ''))) return day || ''
  return `${day}T${end ? '23:59:59' : '00:00:00'}${CITY_OFFSET}`
}
