// One shared ticking clock for every countdown on the page (a timer per row would be wasteful).
import { ref, onBeforeUnmount } from 'vue'

const now = ref(Date.now())
let users = 0
let timer = null

export function useNow(intervalMs = 30000) {
  users++
  if (!timer && typeof window !== 'undefined') timer = setInterval(() => { now.value = Date.now() }, intervalMs)
  onBeforeUnmount(() => {
    users--
    if (users <= 0 && timer) { clearInterval(timer); timer = null; users = 0 }
  })
  return now
}
