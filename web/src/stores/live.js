// Server-sent events: GET /api/v1/stream emits `event: case` with {id, number, status, action, unit_ids}
// for cases in the user's scope. Screens subscribe with onCase() and refresh what they show.
import { defineStore } from 'pinia'

const RETRY_MS = 5000

export const useLiveStore = defineStore('live', {
  state: () => ({ state: 'off', lastEvent: null, count: 0, lastSurge: null }), // state: off | connecting | open | error
  actions: {
    connect(url = '/api/v1/stream') {
      if (this._es || typeof EventSource === 'undefined') return
      this.state = 'connecting'
      const es = new EventSource(url, { withCredentials: true })
      this._es = es
      es.onopen = () => { this.state = 'open' }
      es.onerror = () => {
        // The browser retries by itself while the stream is CONNECTING; when it gave up, start again later.
        this.state = 'error'
        if (es.readyState === 2) {
          this._es = null
          clearTimeout(this._timer)
          this._timer = setTimeout(() => { if (this._wanted) this.connect(url) }, RETRY_MS)
        }
      }
      es.addEventListener('case', (ev) => {
        let data = null
        try { data = JSON.parse(ev.data) } catch { return }
        this.lastEvent = data
        this.count++
        for (const fn of this._subs || []) {
          try { fn(data) } catch (e) { /* one bad subscriber must not stop the others */ console.warn(e) }
        }
      })
      // Surge alerts (hotspots): {id, action: raised|joined|acknowledge|escalate|close, status, label, case_count}.
      es.addEventListener('surge', (ev) => {
        let data = null
        try { data = JSON.parse(ev.data) } catch { return }
        this.lastSurge = data
        for (const fn of this._surgeSubs || []) {
          try { fn(data) } catch (e) { console.warn(e) }
        }
      })
      this._wanted = true
    },
    // Subscribe to surge alerts; returns the unsubscribe function.
    onSurge(fn) {
      if (!this._surgeSubs) this._surgeSubs = new Set()
      this._surgeSubs.add(fn)
      return () => this._surgeSubs.delete(fn)
    },
    emitSurge(data) {
      this.lastSurge = data
      for (const fn of this._surgeSubs || []) fn(data)
    },
    disconnect() {
      this._wanted = false
      clearTimeout(this._timer)
      if (this._es) { this._es.close(); this._es = null }
      this.state = 'off'
    },
    // Subscribe to case events; returns the unsubscribe function.
    onCase(fn) {
      if (!this._subs) this._subs = new Set()
      this._subs.add(fn)
      return () => this._subs.delete(fn)
    },
    // For tests and for the in-page echo of one's own actions.
    emit(data) {
      this.lastEvent = data
      for (const fn of this._subs || []) fn(data)
    },
  },
})
