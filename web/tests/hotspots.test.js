import { describe, it, expect, beforeEach } from 'vitest'
import { setActivePinia, createPinia } from 'pinia'
import { sortSurges, burstText, callerMarks } from '../src/api/hotspots.js'
import { useLiveStore } from '../src/stores/live.js'

describe('hot issues helpers', () => {
  it('puts escalated and open surges first, newest first within a status', () => {
    const list = [
      { id: '1', status: 'closed', raised_at: '2026-11-28T10:00:00+08:00' },
      { id: '2', status: 'open', raised_at: '2026-11-28T09:00:00+08:00' },
      { id: '3', status: 'acknowledged', raised_at: '2026-11-28T11:00:00+08:00' },
      { id: '4', status: 'open', raised_at: '2026-11-28T12:00:00+08:00' },
      { id: '5', status: 'escalated', raised_at: '2026-11-28T08:00:00+08:00' },
    ]
    expect(sortSurges(list).map((s) => s.id)).toEqual(['5', '4', '2', '3', '1'])
    expect(sortSurges(null)).toEqual([])
  })
  it('shows the burst with one decimal, or the count when there was no usual level', () => {
    expect(burstText({ burst: 21.594, expected: 1.29, count: 34 })).toBe('21.6')
    expect(burstText({ burst: 26, expected: 0, count: 26 })).toBe('26')
    expect(burstText(null)).toBe('')
  })
  it('orders a caller\'s marks by how much the agent must know them', () => {
    expect(callerMarks({ repeat: true, suspected: true, malicious: true })).toEqual(['malicious', 'suspected', 'repeat'])
    expect(callerMarks({ repeat: true, suspected: false, malicious: false })).toEqual(['repeat'])
    expect(callerMarks({ repeat: false, suspected: false, malicious: false })).toEqual([])
    expect(callerMarks(null)).toEqual([])
  })
})

describe('live surge alerts', () => {
  beforeEach(() => setActivePinia(createPinia()))
  it('passes surge events to their subscribers, not to case subscribers', () => {
    const live = useLiveStore()
    const surges = []
    const cases = []
    const off = live.onSurge((e) => surges.push(e))
    live.onCase((e) => cases.push(e))
    live.emitSurge({ id: '7', action: 'raised', label: '停水 · 马王堆街道', case_count: 30 })
    expect(surges).toHaveLength(1)
    expect(live.lastSurge.label).toBe('停水 · 马王堆街道')
    expect(cases).toHaveLength(0)
    off()
    live.emitSurge({ id: '7', action: 'joined' })
    expect(surges).toHaveLength(1)
  })
})
