// Hot issues (热点难点), surge alerts (突发聚集) and caller flags: the /hotspots, /surges and /callers
// endpoints of the server (docs/openapi.json, tag "hotspots").
import { http } from './client.js'

const enc = encodeURIComponent

export const hotspots = {
  report: (query) => http.get('/hotspots', query),
  cases: (id, query) => http.get(`/hotspots/${enc(id)}/cases`, query),
  surges: (query) => http.get('/surges', query),
  surge: (id) => http.get(`/surges/${enc(id)}`),
  act: (id, action, version, note) => http.post(`/surges/${enc(id)}/actions/${enc(action)}`, { version, note: note || undefined }),
  flags: () => http.get('/callers/flags'),
  flag: (caseId, reason) => http.post('/callers/flags', { case_id: caseId, reason }),
  unflag: (id, reason) => http.post(`/callers/flags/${enc(id)}/unflag`, { reason }),
  callerFlag: (phone, opts) => http.get(`/callers/${enc(phone)}/flag`, undefined, opts),
  config: () => http.get('/admin/hotspot-config'),
  saveConfig: (body) => http.put('/admin/hotspot-config', body),
}

// Open surges first, then by when they were raised (newest first).
const ORDER = { escalated: 0, open: 1, acknowledged: 2, closed: 3 }
export function sortSurges(list) {
  return [...(list || [])].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || String(b.raised_at).localeCompare(String(a.raised_at)))
}

// A burst score as people read it: one decimal, "新" when there was no usual level at all.
export function burstText(item) {
  if (!item) return ''
  if (!(item.expected > 0)) return `${item.count}`
  return `${item.burst.toFixed(1)}`
}

// The caller's marks for the intake screen pop: [{kind, text-key}] in the order an agent must see them.
export function callerMarks(flag) {
  if (!flag) return []
  const out = []
  if (flag.malicious) out.push('malicious')
  if (flag.suspected) out.push('suspected')
  if (flag.repeat) out.push('repeat')
  return out
}
