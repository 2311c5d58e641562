import { describe, it, expect } from 'vitest'
import Countdown from '../src/components/Countdown.vue'
import SlaTag from '../src/components/SlaTag.vue'
import { slaState, formatDuration, parseLimit, formatLimit, toRfc3339, dayBound } from '../src/utils/time.js'
import { makeI18n } from '../src/i18n/index.js'
import { mountWith } from './helpers.js'

const NOW = new Date('2026-11-28T10:00:00+08:00').getTime()
const H = 3600 * 1000

describe('slaState', () => {
  it('is ok, then warning from 75% of the time, then overdue past 100%', () => {
    const start = NOW - 10 * H
    expect(slaState(new Date(NOW + 10 * H), NOW, start)).toBe('ok') // 50%
    expect(slaState(new Date(NOW + 3 * H), NOW, NOW - 9 * H)).toBe('warning') // exactly 75%
    expect(slaState(new Date(NOW + 4 * H), NOW, NOW - 9 * H)).toBe('ok') // 69%
    expect(slaState(new Date(NOW - 1000), NOW, start)).toBe('overdue')
  })
  it('without a start, warns in the last hours', () => {
    expect(slaState(new Date(NOW + 2 * H), NOW)).toBe('warning')
    expect(slaState(new Date(NOW + 30 * H), NOW)).toBe('ok')
    expect(slaState(null, NOW)).toBe('')
  })
})

describe('durations and limits', () => {
  const t = makeI18n('zh-CN').global.t
  const te = makeI18n('en').global.t
  it('formats a countdown in days, hours and minutes', () => {
    expect(formatDuration(2 * 86400000 + 3 * H + 5 * 60000, t)).toBe('2天3小时')
    expect(formatDuration(3 * H + 5 * 60000, t)).toBe('3小时5分')
    expect(formatDuration(-12 * 60000, t)).toBe('12分钟')
    expect(formatDuration(26 * H, te)).toBe('1d 2h')
  })
  it('reads the policy time limits', () => {
    expect(parseLimit('2wh')).toEqual({ value: 2, unit: 'wh' })
    expect(parseLimit('3wd')).toEqual({ value: 3, unit: 'wd' })
    expect(parseLimit('0.5h')).toEqual({ value: 0.5, unit: 'h' })
    expect(parseLimit('3 weeks')).toBeNull()
    expect(formatLimit('3wd', t)).toBe('3 个工作日')
    expect(formatLimit('30m', te)).toBe('30 minutes')
  })
  it('writes RFC 3339 times in city time (+08:00)', () => {
    const s = toRfc3339(new Date(NOW))
    expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
    expect(new Date(s).getTime()).toBe(NOW)
    expect(dayBound('2026-11-01')).toBe('2026-11-01T00:00:00+08:00')
    expect(dayBound('2026-11-30', true)).toBe('2026-11-30T23:59:59+08:00')
  })
})

describe('Countdown component', () => {
  async function render(props, locale = 'zh-CN') {
    const { wrapper } = await mountWith(Countdown, { props: { now: NOW, ...props }, locale })
    return wrapper.find('.countdown')
  }
  it('is green with the time left', async () => {
    const el = await render({ due: new Date(NOW + 50 * H).toISOString(), start: new Date(NOW - 10 * H).toISOString() })
    expect(el.classes()).toContain('sla-ok')
    expect(el.attributes('data-sla')).toBe('ok')
    expect(el.text()).toBe('剩余 2天2小时')
  })
  it('is yellow in the warning zone', async () => {
    const el = await render({ due: new Date(NOW + 2 * H).toISOString(), start: new Date(NOW - 10 * H).toISOString() })
    expect(el.classes()).toContain('sla-warning')
    expect(el.text()).toBe('剩余 2小时0分')
  })
  it('is red and counts up past the deadline', async () => {
    const el = await render({ due: new Date(NOW - 90 * 60000).toISOString() }, 'en')
    expect(el.classes()).toContain('sla-overdue')
    expect(el.text()).toBe('1h 30m overdue')
  })
  it("follows the server's SLA state, but never shows green past the deadline", async () => {
    expect((await render({ due: new Date(NOW + 30 * H).toISOString(), sla: 'warning' })).classes()).toContain('sla-warning')
    expect((await render({ due: new Date(NOW - H).toISOString(), sla: 'ok' })).classes()).toContain('sla-overdue')
  })
  it('shows whether a met deadline was met in time', async () => {
    const due = new Date(NOW - H).toISOString()
    const inTime = await render({ due, doneAt: new Date(NOW - 2 * H).toISOString() })
    expect(inTime.classes()).toContain('sla-ok')
    expect(inTime.text()).toBe('按时完成')
    const late = await render({ due, doneAt: new Date(NOW - 0.5 * H).toISOString() })
    expect(late.classes()).toContain('sla-overdue')
    expect(late.text()).toBe('超时完成')
  })
  it('says so when there is no deadline', async () => {
    const el = await render({ due: null })
    expect(el.classes()).toContain('sla-none')
    expect(el.text()).toBe('无时限')
  })
  it('labels the deadline for screen readers', async () => {
    const el = await render({ due: new Date(NOW + 50 * H).toISOString() })
    expect(el.attributes('aria-label')).toMatch(/^截止: \d{4}-\d{2}-\d{2} \d{2}:\d{2} 剩余/)
  })
  it('SLA tag uses the colour and label of the state', async () => {
    const { wrapper } = await mountWith(SlaTag, { props: { sla: 'overdue' } })
    expect(wrapper.text()).toBe('超期')
    expect(wrapper.find('.el-tag').classes()).toContain('el-tag--danger')
  })
})
