// The public site's calls to /api/v1/public/... (no login, no cookies needed). Failures are ApiError values
// (the console's class) with the server's error code and details; a 429 carries retryAfter (seconds).
import { ApiError, buildQuery, codeForStatus } from '../api/client.js'

const BASE = '/api/v1/public'
const enc = encodeURIComponent

async function call(method, path, { query, body, raw, headers = {} } = {}) {
  const h = { Accept: 'application/json', ...headers }
  let payload
  if (raw !== undefined) payload = raw
  else if (body !== undefined) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(body) }
  let res
  try {
    res = await fetch(BASE + path + buildQuery(query), { method, headers: h, body: payload, credentials: 'omit' })
  } catch (err) {
    throw new ApiError(0, 'network', err && err.message ? err.message : '')
  }
  const text = await res.text()
  let json = null
  try { json = text ? JSON.parse(text) : null } catch { json = null }
  if (!res.ok) {
    const e = json && json.error ? json.error : {}
    const err = new ApiError(res.status, e.code || codeForStatus(res.status), e.message || '', e.details || {})
    const ra = Number(res.headers.get('Retry-After'))
    if (ra > 0) err.retryAfter = ra
    throw err
  }
  return json
}

export const publicApi = {
  form: () => call('GET', '/form'),
  upload: (file) => call('POST', '/uploads', {
    raw: file,
    headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-Filename': enc(file.name) },
  }),
  submit: (body, idempotencyKey) => call('POST', '/requests', { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  track: (number, code) => call('GET', `/cases/${enc(number)}`, { query: { code } }),
  rate: (number, code, satisfaction, resolved) =>
    call('POST', `/cases/${enc(number)}/rating${buildQuery({ code })}`, { body: { satisfaction, resolved } }),
  letters: (query) => call('GET', '/letters', { query }),
  letter: (id) => call('GET', `/letters/${enc(id)}`),
  stats: (month) => call('GET', '/stats', { query: { month } }),
  knowledge: (query) => call('GET', '/knowledge', { query }),
  knowledgeCategories: () => call('GET', '/knowledge/categories'),
  knowledgeArticle: (id) => call('GET', `/knowledge/${enc(id)}`),
}
