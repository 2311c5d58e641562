import { describe, it, expect } from 'vitest'
import { checkCalendar, dayKind, monthGrid, workingDays } from '../src/utils/calendar.js'

// The official 2026 schedule (State Council notice of 2025-11-04).
const CN2026 = {
  year: 2026,
  holidays: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
    { name: '春节', from: '2026-02-15', to: '2026-02-23' },
    { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
    { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
    { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
  ],
  make_up_workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
}

describe('working calendar', () => {
  it('tells holidays, make-up working days, weekends and workdays apart', () => {
    expect(dayKind('2026-02-16', CN2026)).toBe('holiday') // a Monday in the Spring Festival
    expect(dayKind('2026-02-14', CN2026)).toBe('makeup') // a Saturday worked
    expect(dayKind('2026-03-07', CN2026)).toBe('weekend')
    expect(dayKind('2026-03-09', CN2026)).toBe('workday')
  })
  it('counts 248 working days in 2026', () => {
    expect(workingDays(CN2026)).toBe(248)
  })
  it('lays out a month Monday first', () => {
    const feb = monthGrid(2026, 2) // 2026-02-01 is a Sunday
    expect(feb.slice(0, 6)).toEqual([null, null, null, null, null, null])
    expect(feb[6]).toEqual({ day: '2026-02-01', date: 1 })
    expect(feb.filter(Boolean).length).toBe(28)
  })
  it('finds mistakes before saving', () => {
    expect(checkCalendar(CN2026)).toEqual([])
    const bad = {
      year: 2027,
      holidays: [{ name: '春节', from: '2027-02-12', to: '2027-02-06' }, { name: '', from: '', to: '' }, { name: '国庆', from: '2026-10-01', to: '2026-10-07' }],
      make_up_workdays: ['2027-02-08', '2027-03-03'],
    }
    const keys = checkCalendar(bad).map((p) => p.key)
    expect(keys).toContain('calendar.errOrder')
    expect(keys).toContain('calendar.errIncomplete')
    expect(keys).toContain('calendar.errYear')
    expect(keys).toContain('calendar.warnMakeupWeekday')
    expect(checkCalendar({ year: 2026, holidays: CN2026.holidays, make_up_workdays: ['2026-10-03'] })[0].key).toBe('calendar.errMakeupInHoliday')
  })
})
