// Re-run `reload` when a live case event arrives (debounced), while the component is mounted.
import { onMounted, onBeforeUnmount } from 'vue'
import { useLiveStore } from '../stores/live.js'

export function useLiveRefresh(reload, { filter = () => true, delay = 600 } = {}) {
  const live = useLiveStore()
  let off = null
  let timer = null
  onMounted(() => {
    off = live.onCase((ev) => {
      if (!filter(ev)) return
      clearTimeout(timer)
      timer = setTimeout(() => reload(ev), delay)
    })
  })
  onBeforeUnmount(() => { if (off) off(); clearTimeout(timer) })
}
