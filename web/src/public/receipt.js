// The last submission's receipt (case number + query code), kept for the result page in this tab only:
// never in the URL (it would land in history and server logs).
import { ref } from 'vue'

const KEY = 'hotline.public.receipt'
export const receipt = ref(load())

function load() {
  try { return JSON.parse(sessionStorage.getItem(KEY) || 'null') } catch { return null }
}
export function setReceipt(r) {
  receipt.value = r
  try { sessionStorage.setItem(KEY, JSON.stringify(r)) } catch { /* storage may be blocked */ }
}
