// A server-paginated list whose filters, sort, page size and cursor live in the URL, so a link shows the same
// screen. `fetch(params)` returns {items, next_cursor, total}. Cursors of earlier pages are kept in memory for
// "previous"; a shared link opens on its page and can go forward from there.
import { computed, reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'

export function useRouteList({ fetch, filterKeys = [], defaults = {}, pageSize = 20, extraKeys = [], active = () => true }) {
  const route = useRoute()
  const router = useRouter()
  const routeName = route.name
  const items = ref([])
  const total = ref(0)
  const nextCursor = ref(null)
  const loading = ref(false)
  const error = ref(null)
  const stack = ref([]) // cursors of the pages before this one
  const filters = reactive({})
  let seq = 0

  const q = () => route.query
  const readFilters = () => {
    for (const k of filterKeys) filters[k] = q()[k] != null ? String(q()[k]) : (defaults[k] ?? '')
  }
  readFilters()
  const sort = computed(() => String(q().sort || defaults.sort || ''))
  const limit = computed(() => Number(q().limit) || pageSize)
  const cursor = computed(() => (q().cursor ? String(q().cursor) : ''))
  const page = computed(() => stack.value.length + 1)

  async function load() {
    const my = ++seq
    loading.value = true
    error.value = null
    const params = { limit: limit.value }
    for (const k of [...filterKeys, ...extraKeys]) {
      const v = q()[k] != null ? q()[k] : defaults[k]
      if (v != null && v !== '') params[k] = String(v)
    }
    if (sort.value) params.sort = sort.value
    if (cursor.value) params.cursor = cursor.value
    try {
      const res = await fetch(params)
      if (my !== seq) return
      items.value = (res && res.items) || []
      total.value = (res && typeof res.total === 'number') ? res.total : items.value.length
      nextCursor.value = (res && res.next_cursor) || null
    } catch (e) {
      if (my !== seq) return
      error.value = e
      items.value = []
    } finally {
      if (my === seq) loading.value = false
    }
  }

  function go(query, push = false) {
    const next = { ...q(), ...query }
    for (const k of Object.keys(next)) if (next[k] === '' || next[k] == null) delete next[k]
    return push ? router.push({ query: next }) : router.replace({ query: next })
  }
  function apply(extra = {}) {
    stack.value = []
    const f = {}
    for (const k of filterKeys) f[k] = filters[k] === defaults[k] ? '' : filters[k]
    return go({ ...f, ...extra, cursor: '' })
  }
  function reset() {
    for (const k of filterKeys) filters[k] = defaults[k] ?? ''
    return apply()
  }
  function setSort(s) { stack.value = []; return go({ sort: s === (defaults.sort || '') ? '' : s, cursor: '' }) }
  function setLimit(n) { stack.value = []; return go({ limit: n === pageSize ? '' : String(n), cursor: '' }) }
  function next() {
    if (!nextCursor.value) return
    stack.value = [...stack.value, cursor.value]
    return go({ cursor: nextCursor.value }, true)
  }
  function prev() {
    if (!stack.value.length) return
    const s = [...stack.value]
    const c = s.pop()
    stack.value = s
    return go({ cursor: c })
  }

  watch(() => route.query, (nv, ov) => {
    if (route.name !== routeName || !active()) return
    const keys = new Set([...Object.keys(nv || {}), ...Object.keys(ov || {})])
    const onlyCursor = [...keys].every((k) => k === 'cursor' || (nv || {})[k] === (ov || {})[k])
    if (!onlyCursor) stack.value = []
    readFilters()
    load()
  }, { immediate: true })

  return { items, total, nextCursor, loading, error, filters, sort, limit, page, load, apply, reset, setSort, setLimit, next, prev, hasPrev: computed(() => stack.value.length > 0) }
}
