// Dates and times are shown in the city's zone (Asia/Shanghai, +08:00) whatever zone the browser runs in.
// This file runs with the process in a zone far from +08:00 (set below, before any date is made).
process.env.TZ = 'America/Los_Angeles'
import { describe, it, expect } from 'vitest'
import {
  formatDateTime, formatDate, toRfc3339, toDate, toCityWall, startOfDay, startOfMonth, daysAgo, dayBound, cityParts,
  cityDatePlus, slaState,
} from '../src/utils/time.js'
import { fillDays } from '../src/utils/charts.js'

describe('city time', () => {
  it('runs in a zone other than the city\'s', () => {
    expect(new Date('2026-11-28T00:00:00Z').getTimezoneOffset()).not.toBe(-480)
  })
  it('formats instants in city time', () => {
    expect(formatDateTime('2026-11-28T01:30:00Z')).toBe('2026-11-28 09:30')
    expect(formatDateTime('2026-11-28T09:30:05+08:00', { seconds: true })).toBe('2026-11-28 09:30:05')
    expect(formatDateTime('2026-11-28T16:10:00Z')).toBe('2026-11-29 00:10')
    expect(formatDate('2026-11-28T16:10:00Z')).toBe('2026-11-29')
    expect(cityParts('2026-11-28T16:10:00Z').weekday).toBe(0)
  })
  it('reads zone-less wall-clock text as city time', () => {
    expect(toDate('2026-11-28T09:30:00').toISOString()).toBe('2026-11-28T01:30:00.000Z')
    expect(toDate('2026-11-28 09:30').toISOString()).toBe('2026-11-28T01:30:00.000Z')
    expect(toRfc3339('2026-12-01T17:00:00')).toBe('2026-12-01T17:00:00+08:00')
    expect(toCityWall('2026-11-28T01:30:00Z')).toBe('2026-11-28T09:30:00')
  })
  it('writes RFC 3339 with +08:00', () => {
    expect(toRfc3339(new Date('2026-11-28T20:00:00Z'))).toBe('2026-11-29T04:00:00+08:00')
  })
  it('knows the city day and month', () => {
    const now = new Date('2026-11-30T17:00:00Z') // 2026-12-01 01:00 in the city
    expect(startOfDay(now).toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(startOfMonth(now).toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(daysAgo(1, now).toISOString()).toBe('2026-11-29T16:00:00.000Z')
    expect(dayBound('2026-12-01')).toBe('2026-12-01T00:00:00+08:00')
    expect(cityDatePlus(now, 31)).toBe('2027-01-01')
  })
  it('fills the trend by city days', () => {
    const from = daysAgo(2, new Date('2026-11-30T17:00:00Z'))
    expect(fillDays([{ key: '2026-11-30', count: 4 }], from, 3)).toEqual([
      { key: '2026-11-29', count: 0 }, { key: '2026-11-30', count: 4 }, { key: '2026-12-01', count: 0 },
    ])
  })
  it('countdowns compare instants, not zones', () => {
    const now = Date.parse('2026-11-28T01:00:00Z')
    expect(slaState('2026-11-28T09:30:00+08:00', now)).toBe('warning')
    expect(slaState('2026-11-28T08:59:00+08:00', now)).toBe('overdue')
  })
})
