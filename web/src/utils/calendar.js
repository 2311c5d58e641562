// The working calendar: statutory holidays and the weekend make-up working days (调休) of one year.
const pad = (n) => String(n).padStart(2, '0')
export const ymd = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`

function inRange(day, h) { return h.from && h.to && day >= h.from && day <= h.to }

// 'holiday' | 'makeup' | 'weekend' | 'workday' for a YYYY-MM-DD day.
export function dayKind(day, cal) {
  if ((cal.holidays || []).some((h) => inRange(day, h))) return 'holiday'
  if ((cal.make_up_workdays || []).includes(day)) return 'makeup'
  const [y, m, d] = day.split('-').map(Number)
  const wd = new Date(y, m - 1, d).getDay()
  return wd === 0 || wd === 6 ? 'weekend' : 'workday'
}

// The cells of one month for a Monday-first grid: null for padding, else {day, date}.
export function monthGrid(year, month) {
  const first = new Date(year, month - 1, 1)
  const lead = (first.getDay() + 6) % 7
  const days = new Date(year, month, 0).getDate()
  const cells = Array.from({ length: lead }, () => null)
  for (let d = 1; d <= days; d++) cells.push({ day: ymd(year, month, d), date: d })
  return cells
}

// Problems with a year's calendar, as i18n keys with params.
export function checkCalendar(cal) {
  const out = []
  const y = String(cal.year)
  for (const [i, h] of (cal.holidays || []).entries()) {
    if (!h.name || !h.from || !h.to) out.push({ key: 'calendar.errIncomplete', params: { n: i + 1 } })
    else if (h.from > h.to) out.push({ key: 'calendar.errOrder', params: { name: h.name } })
    else if (!h.from.startsWith(y) && !h.to.startsWith(y)) out.push({ key: 'calendar.errYear', params: { name: h.name } })
  }
  for (const d of cal.make_up_workdays || []) {
    if ((cal.holidays || []).some((h) => inRange(d, h))) out.push({ key: 'calendar.errMakeupInHoliday', params: { day: d } })
    else if (dayKind(d, { holidays: [], make_up_workdays: [] }) !== 'weekend') out.push({ key: 'calendar.warnMakeupWeekday', params: { day: d }, warning: true })
  }
  return out
}

// Number of working days in a year by the calendar (a quick sanity figure: about 250 in China).
export function workingDays(cal) {
  let n = 0
  const y = Number(cal.year)
  for (let m = 1; m <= 12; m++) {
    const days = new Date(y, m, 0).getDate()
    for (let d = 1; d <= days; d++) {
      const k = dayKind(ymd(y, m, d), cal)
      if (k === 'workday' || k === 'makeup') n++
    }
  }
  return n
}
