// The one place that talks HTTP to the server. Same origin, cookie session; every write carries the
// X-CSRF-Token header copied from the readable `hotline_csrf` cookie. Failures become ApiError values with a
// machine code (the server's error.code, or one derived from the status) that the UI turns into plain words.

export const API_BASE = '/api/v1'
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details || {}
  }
  get field() { return this.details && this.details.field }
}

// HTTP status -> error code, for replies without a JSON error body (a proxy's 502, an old server).
export function codeForStatus(status) {
  switch (status) {
    case 0: return 'network'
    case 400: return 'invalid_argument'
    case 401: return 'unauthenticated'
    case 403: return 'forbidden'
    case 404: return 'not_found'
    case 409: return 'invalid_transition'
    case 413: return 'payload_too_large'
    case 422: return 'unprocessable'
    case 429: return 'rate_limited'
    default: return status >= 500 ? 'server' : 'unknown'
  }
}

export function readCookie(name, cookieString = typeof document !== 'undefined' ? document.cookie : '') {
  for (const part of String(cookieString || '').split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    if (part.slice(0, i).trim() === name) {
      try { return decodeURIComponent(part.slice(i + 1).trim()) } catch { return part.slice(i + 1).trim() }
    }
  }
  return ''
}

export function buildQuery(params) {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v == null || v === '' || (Array.isArray(v) && v.length === 0)) continue
    q.set(k, Array.isArray(v) ? v.join(',') : String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

// Called on every 401 (except for the login call itself), so the app can go to the login page.
let onUnauthenticated = null
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn }

async function parseError(res) {
  let body = null
  try {
    const text = await res.text()
    body = text ? JSON.parse(text) : null
  } catch { body = null }
  const e = body && typeof body === 'object' ? body.error : null
  const code = (e && typeof e.code === 'string' && e.code) || codeForStatus(res.status)
  const message = (e && typeof e.message === 'string' && e.message) || ''
  return new ApiError(res.status, code, message, (e && e.details) || {})
}

// request('GET', '/cases', {query}) -> parsed JSON (null for 204).
// opts: query, body (JSON unless `raw` is a Blob/File/ArrayBuffer), headers, signal, raw, quiet401.
export async function request(method, path, opts = {}) {
  const m = method.toUpperCase()
  const headers = { Accept: 'application/json', ...(opts.headers || {}) }
  let body
  if (opts.raw !== undefined) body = opts.raw
  else if (opts.body !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(opts.body) }
  if (WRITE_METHODS.has(m)) {
    const csrf = readCookie('hotline_csrf')
    if (csrf) headers['X-CSRF-Token'] = csrf
  }
  const url = (path.startsWith('/api/') || path.startsWith('/healthz') ? path : API_BASE + path) + buildQuery(opts.query)
  let res
  try {
    res = await fetch(url, { method: m, headers, body, credentials: 'same-origin', signal: opts.signal })
  } catch (err) {
    if (err && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', err && err.message ? err.message : '')
  }
  if (!res.ok) {
    const err = await parseError(res)
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated(err)
    throw err
  }
  if (res.status === 204) return null
  const text = await res.text()
  if (!text) return null
  try { return JSON.parse(text) } catch { throw new ApiError(res.status, 'server', 'invalid JSON') }
}

export const http = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts = {}) => request('PATCH', path, { ...opts, body }),
  del: (path, opts = {}) => request('DELETE', path, opts),
}

// Plain words for an error: {title, detail, field}. `t` is vue-i18n's translate function.
export function describeError(err, t) {
  if (!err) return { title: '', detail: '', field: '' }
  const code = err instanceof ApiError ? err.code : 'unknown'
  const key = `errors.${code}`
  let title = t(key)
  if (title === key && err instanceof ApiError) {
    // A reason this console has no words for: say what the HTTP status means.
    const byStatus = `errors.${codeForStatus(err.status)}`
    title = t(byStatus)
    if (title === byStatus) title = t('errors.unknown')
  } else if (title === key) title = t('errors.unknown')
  const detail = err instanceof ApiError ? err.message || '' : String(err.message || err)
  const field = err instanceof ApiError ? err.field || '' : ''
  return { title, detail: detail && detail !== code ? detail : '', field }
}

export function errorText(err, t) {
  const { title, detail, field } = describeError(err, t)
  let s = title
  if (field) s += ` (${t('errors.field')}: ${field})`
  if (detail) s += ` — ${detail}`
  return s
}
