import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useLiveStore } from '../src/stores/live.js'

class FakeEventSource {
  static last = null
  constructor(url, opts) { this.url = url; this.opts = opts; this.readyState = 0; this.listeners = {}; FakeEventSource.last = this }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn) }
  emit(type, data) { for (const fn of this.listeners[type] || []) fn({ data: JSON.stringify(data) }) }
  close() { this.readyState = 2; this.closed = true }
}

beforeEach(() => { setActivePinia(createPinia()); vi.stubGlobal('EventSource', FakeEventSource); vi.useFakeTimers() })
afterEach(() => { vi.unstubAllGlobals(); vi.useRealTimers() })

describe('live updates (server-sent events)', () => {
  it('subscribes with the cookie and passes case events to every listener', () => {
    const live = useLiveStore()
    live.connect()
    const es = FakeEventSource.last
    expect(es.url).toBe('/api/v1/stream')
    expect(es.opts).toEqual({ withCredentials: true })
    es.readyState = 1
    es.onopen()
    expect(live.state).toBe('open')
    const a = vi.fn()
    const b = vi.fn()
    const off = live.onCase(a)
    live.onCase(b)
    es.emit('case', { id: '9', number: '2611280009', status: 'dispatched', action: 'dispatch', unit_ids: ['5'] })
    expect(a).toHaveBeenCalledWith(expect.objectContaining({ number: '2611280009', unit_ids: ['5'] }))
    off()
    es.emit('case', { id: '10' })
    expect(a).toHaveBeenCalledTimes(1)
    expect(b).toHaveBeenCalledTimes(2)
    expect(live.count).toBe(2)
  })
  it('ignores malformed events and reconnects after the stream is closed', () => {
    const live = useLiveStore()
    live.connect()
    const first = FakeEventSource.last
    first.listeners.case[0]({ data: 'not json' })
    expect(live.count).toBe(0)
    first.readyState = 2
    first.onerror()
    expect(live.state).toBe('error')
    vi.advanceTimersByTime(5000)
    expect(FakeEventSource.last).not.toBe(first)
    live.disconnect()
    expect(FakeEventSource.last.closed).toBe(true)
    expect(live.state).toBe('off')
  })
})
