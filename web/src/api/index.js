// The server's endpoints as functions (see docs/API.md and the OpenAPI document at /api/v1/openapi.json).
import { API_BASE, http, request } from './client.js'

const enc = encodeURIComponent

export const auth = {
  login: (username, password) => request('POST', '/auth/login', { body: { username, password }, quiet401: true }),
  logout: () => http.post('/auth/logout', {}),
  me: () => request('GET', '/me', { quiet401: true }),
}

export const cases = {
  list: (query, opts) => http.get('/cases', query, opts),
  get: (id) => http.get(`/cases/${enc(id)}`),
  create: (body, idempotencyKey) => request('POST', '/cases', { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  events: (id) => http.get(`/cases/${enc(id)}/events`),
  action: (id, action, body) => http.post(`/cases/${enc(id)}/actions/${enc(action)}`, body),
  attachments: (id) => http.get(`/cases/${enc(id)}/attachments`),
  upload: (id, file) => request('POST', `/cases/${enc(id)}/attachments`, {
    raw: file,
    headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-Filename': enc(file.name) },
  }),
  byCaller: (phone, opts) => http.get(`/callers/${enc(phone)}/cases`, undefined, opts),
}

export const attachmentUrl = (id) => `/api/v1/attachments/${enc(id)}`

// Published letters (信件公开): the reviewer's editor, publish and unpublish.
export const letters = {
  editor: (caseId) => http.get(`/cases/${enc(caseId)}/letter`),
  publish: (caseId, text) => http.post(`/cases/${enc(caseId)}/letter/publish`, text),
  unpublish: (caseId, reason) => http.post(`/cases/${enc(caseId)}/letter/unpublish`, { reason }),
}

export const ref = {
  units: () => http.get('/units'),
  createUnit: (u) => http.post('/units', u),
  updateUnit: (id, u) => http.put(`/units/${enc(id)}`, u),
  categories: () => http.get('/categories'),
  createCategory: (c) => http.post('/categories', c),
  updateCategory: (id, c) => http.put(`/categories/${enc(id)}`, c),
  rules: () => http.get('/routing-rules'),
  createRule: (r) => http.post('/routing-rules', r),
  deleteRule: (id) => http.del(`/routing-rules/${enc(id)}`),
  suggest: (categoryId, districtId) => http.get('/routing/suggest', { category_id: categoryId, district_id: districtId }),
}

export const users = {
  list: (query) => http.get('/users', query),
  create: (u) => http.post('/users', u),
  update: (id, u) => http.patch(`/users/${enc(id)}`, u),
}

export const slaPolicies = {
  list: () => http.get('/sla-policies'),
  create: (p) => http.post('/sla-policies', p),
  update: (id, p) => http.put(`/sla-policies/${enc(id)}`, p),
  remove: (id) => http.del(`/sla-policies/${enc(id)}`),
}

export const calendar = {
  years: () => http.get('/calendar'),
  get: (year) => http.get(`/calendar/${enc(year)}`),
  put: (year, body) => http.put(`/calendar/${enc(year)}`, body),
}

// What this server offers, from its own OpenAPI document (fetched once): lets a screen skip an endpoint the
// server does not have yet instead of calling it and showing a 404.
let openapiDoc = null
export const openapi = () => (openapiDoc ||= request('GET', '/api/v1/openapi.json').catch((e) => { openapiDoc = null; throw e }))
export async function hasEndpoint(method, path) {
  const doc = await openapi()
  const item = doc && doc.paths && doc.paths[API_BASE + path]
  return !!(item && item[method.toLowerCase()])
}

export const settings = {
  available: () => hasEndpoint('GET', '/settings'),
  get: () => http.get('/settings'),
  put: (body) => http.put('/settings', body),
}

export const stats = {
  get: (query) => http.get('/stats', query),
}

export const audit = {
  list: (query) => http.get('/audit', query),
}

export const health = () => request('GET', '/healthz')

// The knowledge base (知识库): /api/v1/knowledge/... (docs/openapi.json, tag "knowledge").
export const knowledge = {
  list: (query, opts) => http.get('/knowledge', query, opts),
  get: (id) => http.get(`/knowledge/${enc(id)}`),
  create: (body, idempotencyKey) => request('POST', '/knowledge', { body, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} }),
  update: (id, body) => http.put(`/knowledge/${enc(id)}`, body),
  action: (id, action, body) => http.post(`/knowledge/${enc(id)}/actions/${enc(action)}`, body),
  history: (id) => http.get(`/knowledge/${enc(id)}/history`),
  reminders: (query) => http.get('/knowledge/reminders', query),
  import: (file, format, publish) => request('POST', '/knowledge/import', {
    raw: file,
    query: { format, publish: publish ? 'true' : undefined },
    headers: { 'Content-Type': format === 'csv' ? 'text/csv' : 'application/json' },
  }),
}
export const knowledgeExportUrl = (format, query = {}) => {
  const q = new URLSearchParams({ format })
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, v)
  return `${API_BASE}/knowledge/export?${q}`
}
// KPIs, assessment, reports (docs/kpis.md). `xlsxUrl` is a plain link: the browser downloads with the
// session cookie (a GET needs no CSRF token).
export const kpi = {
  table: (query) => http.get('/kpis', query),
  heat: (query) => http.get('/kpis/overdue-heat', query),
  ranking: (month) => http.get('/assessment', { month }),
  unit: (unitId, month) => http.get(`/assessment/${enc(unitId)}`, { month }),
  config: () => http.get('/admin/assessment-config'),
  saveConfig: (cfg) => http.put('/admin/assessment-config', cfg),
  report: (kind, date) => http.get(`/reports/${enc(kind)}`, { date }),
}
// Open311 API keys (admin): list, issue (the secret comes back this once), revoke. docs/open311.md.
export const open311Keys = {
  list: () => http.get('/admin/open311/keys'),
  create: (name) => http.post('/admin/open311/keys', { name }),
  revoke: (id) => http.post(`/admin/open311/keys/${enc(id)}/revoke`, {}),
}

// Notifications (admin): message templates, recipients, the outbox.
export const notify = {
  templates: () => http.get('/admin/notification-templates'),
  putTemplate: (key, lang, body) => http.put(`/admin/notification-templates/${enc(key)}/${enc(lang)}`, body),
  resetTemplate: (key, lang) => http.del(`/admin/notification-templates/${enc(key)}/${enc(lang)}`),
  contacts: () => http.get('/admin/notification-contacts'),
  addContact: (c) => http.post('/admin/notification-contacts', c),
  updateContact: (id, c) => http.put(`/admin/notification-contacts/${enc(id)}`, c),
  removeContact: (id) => http.del(`/admin/notification-contacts/${enc(id)}`),
  outbox: (query) => http.get('/admin/outbox', query),
  retry: (id) => http.post(`/admin/outbox/${enc(id)}/retry`, {}),
}
