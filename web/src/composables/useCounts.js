// Totals for the tabs of a queue screen (one small request per tab), refreshed on live events.
import { onMounted, reactive } from 'vue'
import { listCases } from '../api/cases.js'
import { useLiveRefresh } from './useLiveRefresh.js'

export function useCounts(defs) {
  const counts = reactive({})
  async function load() {
    await Promise.all(Object.entries(defs).map(async ([k, params]) => {
      try {
        const res = await listCases({ ...params, limit: 1 })
        counts[k] = res && typeof res.total === 'number' ? res.total : ((res && res.items) || []).length
      } catch { counts[k] = null }
    }))
  }
  onMounted(load)
  useLiveRefresh(load, { delay: 900 })
  return { counts, reload: load }
}
