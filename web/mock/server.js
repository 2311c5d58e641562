// A small stand-in for `hotline serve`, for working on the web console without the C++ server and for
// looking at every screen: serves dist/ (history fallback) and an in-memory API that follows docs/API.md
// closely enough for the UI. Not a reference implementation: the real server is the truth.
//   npm run build && npm run mock   → http://127.0.0.1:5180  (users: agent, dispatcher, reviewer, callback,
//   supervisor, leader, admin, auditor, d1.admin, s1.handler, b1.handler; any password)
import { createServer } from 'node:http'
import { readFileSync, existsSync, statSync } from 'node:fs'
import { join, extname, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { randomUUID } from 'node:crypto'

const DIST = join(dirname(fileURLToPath(import.meta.url)), '../dist')
const PORT = Number(process.env.PORT || 5180)
const H = 3600e3
const now = () => Date.now()
const iso = (ms) => new Date(ms).toISOString()

const units = [
  { id: 'u1', code: 'C', name: '市12345热线中心', name_en: '12345 Hotline Centre', parent_id: null, kind: 'centre', can_dispatch: true },
  { id: 'u2', code: 'D1', name: '鼓楼区', name_en: 'Gulou District', parent_id: 'u1', kind: 'district', can_dispatch: true },
  { id: 'u3', code: 'D2', name: '台江区', name_en: 'Taijiang District', parent_id: 'u1', kind: 'district', can_dispatch: true },
  { id: 'u4', code: 'S1', name: '东街街道', name_en: 'Dongjie Street', parent_id: 'u2', kind: 'street' },
  { id: 'u5', code: 'S2', name: '南街街道', name_en: 'Nanjie Street', parent_id: 'u2', kind: 'street' },
  { id: 'u6', code: 'B1', name: '市住建局', name_en: 'Housing Bureau', parent_id: 'u1', kind: 'department' },
  { id: 'u7', code: 'B2', name: '市人社局', name_en: 'Human Resources Bureau', parent_id: 'u1', kind: 'department' },
  { id: 'u8', code: 'E1', name: '市自来水公司', name_en: 'Water Company', parent_id: 'u1', kind: 'enterprise' },
]
const categories = [
  { id: 'k1', code: '01', name: '城乡建设', name_en: 'Urban construction', parent_id: null, keywords: [], default_lead_unit_id: 'u6' },
  { id: 'k2', code: '0101', name: '噪音扰民', name_en: 'Noise', parent_id: 'k1', keywords: ['施工噪音', '夜间施工', '广场舞'], default_lead_unit_id: null, street_level: true },
  { id: 'k3', code: '0102', name: '违章建筑', name_en: 'Illegal building', parent_id: 'k1', keywords: ['违建', '私搭乱建'], default_lead_unit_id: 'u6' },
  { id: 'k4', code: '02', name: '社会保障', name_en: 'Social security', parent_id: null, keywords: ['社保'], default_lead_unit_id: 'u7' },
  { id: 'k5', code: '0201', name: '养老保险', name_en: 'Pension', parent_id: 'k4', keywords: ['退休金', '养老金'], default_lead_unit_id: 'u7' },
  { id: 'k6', code: '03', name: '公用事业', name_en: 'Utilities', parent_id: null, keywords: [], default_lead_unit_id: 'u8' },
  { id: 'k7', code: '0301', name: '供水', name_en: 'Water supply', parent_id: 'k6', keywords: ['停水', '水压低', '水质'], default_lead_unit_id: 'u8' },
]
const rules = [{ id: 'r1', category_id: 'k2', district_id: 'u2', lead_unit_id: 'u4', co_unit_ids: ['u6'] }]
const USERS = {
  agent: ['agent'], dispatcher: ['dispatcher'], reviewer: ['reviewer'], callback: ['callback'], supervisor: ['supervisor'],
  leader: ['leader'], admin: ['admin'], auditor: ['auditor'], 'd1.admin': ['unit_admin'], 's1.handler': ['handler'], 'b1.handler': ['handler'],
}
const USER_UNIT = { 'd1.admin': 'u2', 's1.handler': 'u4', 'b1.handler': 'u6' }
const NAMES = { agent: '陈话务', dispatcher: '李派单', reviewer: '周审核', callback: '吴回访', supervisor: '郑督办', leader: '王市长', admin: '系统管理员', auditor: '审计员', 'd1.admin': '鼓楼区分中心', 's1.handler': '东街承办人', 'b1.handler': '住建局承办人' }
const user = (name) => ({ id: `usr-${name}`, username: name, name: NAMES[name], roles: USERS[name], unit_id: USER_UNIT[name] || 'u1', unit_name: (units.find((u) => u.id === (USER_UNIT[name] || 'u1')) || {}).name })
const centre = (u) => !u.roles.some((r) => r === 'handler' || r === 'unit_admin')

let seq = 1
const cases = new Map()
const events = new Map()
const attachments = new Map()
const subs = new Set()
const TEXTS = [
  ['complaint', 'k2', '小区旁工地夜间施工噪音扰民', '鼓楼区东街某工地每天晚上十一点后仍在施工，噪音很大，影响休息，希望有关部门查处。'],
  ['consultation', 'k5', '咨询养老金补发办理', '本人去年退休，养老金少发了两个月，想咨询如何申请补发。'],
  ['help', 'k7', '小区停水两天未恢复', '台江区某小区已停水两天，没有任何通知，老人生活困难。'],
  ['report', 'k3', '举报楼顶私搭乱建', '某小区 5 号楼顶层住户在楼顶私自搭建阳光房。'],
  ['suggestion', 'k6', '建议增设公交站点', '建议在新建小区门口增设公交站点，方便居民出行。'],
  ['praise', 'k5', '表扬社保窗口工作人员', '社保中心窗口工作人员耐心细致，帮我办完了手续。'],
]
function number() { const d = new Date(); return `${String(d.getFullYear()).slice(2)}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}${String(seq).padStart(4, '0')}` }
function addEvent(c, actor, action, data = {}) {
  const list = events.get(c.id) || []
  list.push({ seq: list.length + 1, at: iso(now()), actor: actor ? { id: actor.id, name: actor.name, unit_id: actor.unit_id } : null, action, data })
  events.set(c.id, list)
}
function assignment(unitId, role, createdMs, overdue = false) {
  const u = units.find((x) => x.id === unitId)
  const due = overdue ? createdMs + 20 * H : createdMs + 72 * H
  return { id: randomUUID(), unit_id: unitId, unit_name: u.name, role, status: 'pending', sign_due_at: iso(createdMs + 2 * H), contact_due_at: iso(createdMs + 24 * H), due_at: iso(due), signed_at: null, contacted_at: null, replied_at: null, sla: 'ok', extension: null, return_reason: null }
}
function newCase(body, actor, createdMs = now()) {
  const id = `c${seq}`
  const c = {
    id, number: number(), query_code: String(100000 + Math.floor(Math.random() * 899999)), type: body.type, channel: body.channel || 'phone',
    title: body.title || String(body.content).slice(0, 20), content: body.content, category_id: body.category_id || null, status: 'new',
    urgent: !!body.urgent, confidential: !!body.confidential, citizen: body.citizen || { name: '', phone: '' }, location: body.location || { address: '' },
    assignments: [], due_at: null, sla: 'ok', rating: null, reply: '', reply_to_citizen: '', parent_id: null, created_at: iso(createdMs), updated_at: iso(createdMs), version: 1,
  }
  seq++
  cases.set(id, c)
  addEvent(c, actor, 'create', { content: c.content })
  return c
}
// Seed: a spread of cases over the last 30 days in every status.
;(() => {
  const phones = ['13812345678', '13900001111', '13700002222', '13600003333']
  for (let i = 0; i < 60; i++) {
    const [type, cat, title, content] = TEXTS[i % TEXTS.length]
    const created = now() - ((i * 13) % 30) * 24 * H - (i % 7) * H
    const c = newCase({ type, category_id: cat, title, content, channel: ['phone', 'web', 'app', 'mailbox'][i % 4], citizen: { name: ['张三', '李四', '王五', '赵六'][i % 4], phone: phones[i % 4] }, location: { address: `人民路 ${i + 1} 号`, district_id: i % 2 ? 'u2' : 'u3' }, urgent: i % 9 === 0 }, null, created)
    const st = ['new', 'dispatched', 'in_progress', 'in_progress', 'return_requested', 'replied', 'callback_pending', 'closed', 'closed', 'closed'][i % 10]
    if (st !== 'new') {
      const lead = i % 3 === 0 ? 'u4' : i % 3 === 1 ? 'u6' : 'u8'
      const a = assignment(lead, 'lead', created, i % 4 === 2)
      c.assignments.push(a)
      if (i % 5 === 1) c.assignments.push(assignment('u7', 'co', created))
      c.due_at = a.due_at
      if (st !== 'dispatched') { a.status = 'signed'; a.signed_at = iso(created + H) }
      if (st === 'return_requested') { a.status = 'return_requested'; a.return_reason = '不属于本单位职责范围' }
      if (['replied', 'callback_pending', 'closed'].includes(st)) { a.status = st === 'replied' ? 'replied' : 'done'; a.replied_at = iso(created + 30 * H); c.reply = '经现场核查，已责令施工单位停止夜间施工。' }
      if (['callback_pending', 'closed'].includes(st)) c.reply_to_citizen = c.reply
      if (st === 'closed') c.rating = { satisfaction: ['satisfied', 'basically_satisfied', 'unsatisfied'][i % 3], resolved: i % 3 !== 2 }
      if (st === 'in_progress' && i % 6 === 3) a.extension = { until: iso(created + 120 * H), reason: '需协调多个部门现场会商', status: 'pending' }
      const left = new Date(a.due_at).getTime() - now()
      a.sla = ['dispatched', 'in_progress', 'return_requested'].includes(st) ? (left < 0 ? 'overdue' : left < 18 * H ? 'warning' : 'ok') : 'ok'
      c.sla = a.sla
    }
    c.status = st
  }
})()

const mask = (p) => (p && p.length >= 11 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p)
const ALLOWED = {
  new: { agent: ['answer', 'transfer', 'invalidate', 'comment'], dispatcher: ['dispatch', 'merge', 'transfer', 'invalidate', 'comment', 'escalate'] },
  dispatched: { handler: ['sign', 'return'], unit_admin: ['sign', 'return', 'dispatch'], dispatcher: ['recall', 'urge', 'comment'], supervisor: ['urge', 'supervise', 'escalate'] },
  in_progress: { handler: ['record_contact', 'reply', 'return', 'request_extension', 'comment'], unit_admin: ['record_contact', 'reply', 'return', 'request_extension', 'dispatch', 'comment'], dispatcher: ['approve_extension', 'reject_extension', 'urge', 'comment'], supervisor: ['urge', 'supervise', 'escalate'] },
  return_requested: { dispatcher: ['approve_return', 'reject_return'] },
  replied: { reviewer: ['approve_reply', 'reject_reply'] },
  callback_pending: { callback: ['callback'] },
  answered: { callback: ['callback', 'close'], agent: ['close'] },
  closed: { callback: ['reopen'], supervisor: ['reopen'] },
}
function view(c, u) {
  const out = { ...c, assignments: c.assignments.map((a) => ({ ...a })) }
  const allowed = new Set()
  for (const r of u.roles) for (const a of ((ALLOWED[c.status] || {})[r] || [])) allowed.add(a)
  out.allowed_actions = [...allowed]
  if (!centre(u)) {
    out.query_code = undefined
    out.citizen = c.confidential ? undefined : { name: c.citizen.name ? `${[...c.citizen.name][0]}*` : '', phone: mask(c.citizen.phone) }
  } else if (!u.roles.some((r) => ['agent', 'callback', 'dispatcher'].includes(r))) out.citizen = { ...c.citizen, phone: mask(c.citizen.phone) }
  if (!(u.roles.includes('agent') && now() - new Date(c.created_at).getTime() < 60e3)) delete out.query_code
  return out
}
function scope(u) {
  if (centre(u)) return () => true
  const ids = new Set([u.unit_id])
  let grew = true
  while (grew) { grew = false; for (const x of units) if (ids.has(x.parent_id) && !ids.has(x.id)) { ids.add(x.id); grew = true } }
  return (c) => c.assignments.some((a) => ids.has(a.unit_id))
}
function list(u, q) {
  const inScope = scope(u)
  let items = [...cases.values()].filter(inScope)
  const csv = (v) => String(v).split(',')
  if (q.status) items = items.filter((c) => csv(q.status).includes(c.status))
  for (const k of ['type', 'channel', 'category_id', 'sla']) if (q[k]) items = items.filter((c) => String(c[k]) === q[k])
  if (q.district_id) items = items.filter((c) => c.location.district_id === q.district_id)
  if (q.unit_id) items = items.filter((c) => c.assignments.some((a) => a.unit_id === q.unit_id))
  if (q.assignment_status) items = items.filter((c) => c.assignments.some((a) => csv(q.assignment_status).includes(a.status) && (centre(u) || scope(u)({ assignments: [a] }))))
  if (q.q) items = items.filter((c) => c.number === q.q || c.title.includes(q.q) || c.content.includes(q.q))
  if (q.phone) items = items.filter((c) => c.citizen.phone === q.phone)
  if (q.from) items = items.filter((c) => c.created_at >= new Date(q.from).toISOString())
  if (q.to) items = items.filter((c) => c.created_at <= new Date(q.to).toISOString())
  const s = q.sort || '-created_at'
  items.sort((a, b) => (s === 'due_at' ? String(a.due_at || '9').localeCompare(String(b.due_at || '9')) : s === 'created_at' ? a.created_at.localeCompare(b.created_at) : b.created_at.localeCompare(a.created_at)))
  const limit = Math.min(Number(q.limit) || 50, 500)
  const start = Number(q.cursor || 0)
  const page = items.slice(start, start + limit)
  return { items: page.map((c) => view(c, u)), next_cursor: start + limit < items.length ? String(start + limit) : null, total: items.length }
}
function act(c, u, action, body) {
  if (body.version !== c.version) return [409, { error: { code: 'stale_version', message: `version ${body.version} is stale (now ${c.version})` } }]
  if (!view(c, u).allowed_actions.includes(action)) return [409, { error: { code: 'invalid_transition', message: `${action} is not allowed in ${c.status}` } }]
  const lead = c.assignments.find((a) => a.role === 'lead' && ['pending', 'signed', 'return_requested'].includes(a.status))
  switch (action) {
    case 'dispatch': {
      if (lead && !centre(u)) lead.status = 'done'
      c.assignments.push(assignment(body.lead_unit_id, 'lead', now()))
      for (const id of body.co_unit_ids || []) c.assignments.push(assignment(id, 'co', now()))
      c.status = 'dispatched'; c.due_at = c.assignments.at(-1).due_at; break
    }
    case 'sign': lead.status = 'signed'; lead.signed_at = iso(now()); c.status = 'in_progress'; break
    case 'record_contact': lead.contacted_at = iso(now()); break
    case 'return': lead.status = 'return_requested'; lead.return_reason = body.reason; c.status = 'return_requested'; break
    case 'approve_return': lead.status = 'returned'; c.status = 'new'; break
    case 'reject_return': lead.status = lead.signed_at ? 'signed' : 'pending'; c.status = lead.signed_at ? 'in_progress' : 'dispatched'; break
    case 'request_extension': lead.extension = { until: body.until, reason: body.reason, status: 'pending' }; break
    case 'approve_extension': { const a = c.assignments.find((x) => x.extension && x.extension.status === 'pending'); a.extension.status = 'approved'; a.due_at = a.extension.until; break }
    case 'reject_extension': { const a = c.assignments.find((x) => x.extension && x.extension.status === 'pending'); a.extension.status = 'rejected'; break }
    case 'reply': lead.status = 'replied'; lead.replied_at = iso(now()); c.reply = body.reply; c.status = 'replied'; break
    case 'approve_reply': c.reply_to_citizen = body.reply_to_citizen || c.reply; c.status = 'callback_pending'; for (const a of c.assignments) if (a.status === 'replied') a.status = 'done'; break
    case 'reject_reply': { const a = c.assignments.find((x) => x.status === 'replied'); if (a) a.status = 'signed'; c.status = 'in_progress'; break }
    case 'callback': c.rating = { satisfaction: body.satisfaction, resolved: body.resolved }; c.status = body.reopen ? 'in_progress' : 'closed'; break
    case 'answer': c.reply = body.reply; c.status = 'answered'; break
    case 'close': c.status = 'closed'; break
    case 'reopen': c.status = 'in_progress'; break
    case 'merge': c.parent_id = body.parent_id; c.status = 'merged'; break
    case 'transfer': c.status = 'transferred'; break
    case 'invalidate': c.status = 'invalid'; break
    case 'recall': if (lead) lead.status = 'recalled'; c.status = 'new'; break
    default: break
  }
  c.version++
  c.updated_at = iso(now())
  addEvent(c, u, action, body)
  const ev = { id: c.id, number: c.number, status: c.status, action, unit_ids: c.assignments.map((a) => a.unit_id) }
  for (const s of subs) s(ev)
  return [200, view(c, u)]
}
function stats(u, q) {
  const items = list(u, { from: q.from, to: q.to, limit: 500 }).items
  const by = q.by
  if (by === 'sla') { const all = list(u, { limit: 500 }).items.filter((c) => ['dispatched', 'in_progress', 'return_requested'].includes(c.status)); return group(all, (c) => c.sla) }
  if (by === 'satisfaction') return group(items.filter((c) => c.rating), (c) => c.rating.satisfaction)
  if (by === 'overdue') {
    const rows = list(u, { limit: 500 }).items.flatMap((c) => (c.assignments || []).filter((a) => ['pending', 'signed', 'return_requested'].includes(a.status) && (a.sla === 'overdue' || c.sla === 'overdue')))
    return group(rows, (a) => a.unit_id)
  }
  const key = { status: (c) => c.status, type: (c) => c.type, channel: (c) => c.channel, category: (c) => c.category_id, district: (c) => c.location.district_id, day: (c) => c.created_at.slice(0, 10), unit: (c) => (c.assignments[0] || {}).unit_id }[by]
  if (!key) return null
  return group(items, key)
}
function group(items, key) {
  const m = new Map()
  for (const c of items) { const k = key(c); if (k) m.set(k, (m.get(k) || 0) + 1) }
  return { items: [...m.entries()].map(([k, count]) => ({ key: k, label: k, count })), total: items.length }
}

const cal = { 2026: JSON.parse(existsSync('/work/shared/data/calendar/cn-2026.json') ? readFileSync('/work/shared/data/calendar/cn-2026.json', 'utf8') : '{"year":2026,"holidays":[],"make_up_workdays":[]}') }
const policies = [
  { id: 'p1', name: '默认（咨询/求助）', type: null, urgent: null, category_id: null, sign: '2wh', contact: '24h', resolve: '3wd', callback: '2wd', clock_24x7: false },
  { id: 'p2', name: '投诉/举报', type: 'complaint', urgent: null, category_id: null, sign: '2wh', contact: '24h', resolve: '10wd', callback: '2wd', clock_24x7: false },
  { id: 'p3', name: '紧急', type: null, urgent: true, category_id: null, sign: '30m', contact: '2h', resolve: '24h', callback: '1wd', clock_24x7: true },
]
const settings = { hotline_name: '12345 政务服务便民热线', reopen_window_days: 30, warning_fraction: 0.75, max_attachment_mb: 20, callback_required: true }
const userList = Object.keys(USERS).map((n) => user(n))

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ttf': 'font/ttf' }
function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
  res.end(body == null ? '' : JSON.stringify(body))
}
const cookies = (req) => Object.fromEntries((req.headers.cookie || '').split(';').map((s) => s.trim().split('=')).filter((x) => x[0]))
async function readBody(req) { const chunks = []; for await (const c of req) chunks.push(c); return Buffer.concat(chunks) }

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x')
  const p = url.pathname
  const q = Object.fromEntries(url.searchParams)
  if (p === '/healthz') return send(res, 200, { status: 'ok' })
  if (!p.startsWith('/api/')) {
    let file = join(DIST, p)
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html')
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' })
    return res.end(readFileSync(file))
  }
  const ck = cookies(req)
  const me = ck.hotline_session && USERS[ck.hotline_session] ? user(ck.hotline_session) : null
  const body = ['POST', 'PUT', 'PATCH'].includes(req.method) ? await readBody(req) : null
  const json = () => { try { return JSON.parse(body.toString() || '{}') } catch { return {} } }
  if (p === '/api/v1/auth/login' && req.method === 'POST') {
    const { username } = json()
    if (!USERS[username]) return send(res, 401, { error: { code: 'unauthenticated', message: 'bad credentials' } })
    return send(res, 200, { token: 't', csrf_token: 'csrf1', user: user(username) }, { 'Set-Cookie': [`hotline_session=${username}; Path=/; HttpOnly; SameSite=Lax`, 'hotline_csrf=csrf1; Path=/; SameSite=Lax'] })
  }
  if (!me) return send(res, 401, { error: { code: 'unauthenticated', message: 'no session' } })
  if (req.method !== 'GET' && req.headers['x-csrf-token'] !== ck.hotline_csrf) return send(res, 403, { error: { code: 'forbidden', message: 'CSRF token missing or wrong' } })
  let m
  if (p === '/api/v1/auth/logout') return send(res, 200, {}, { 'Set-Cookie': 'hotline_session=; Path=/; Max-Age=0' })
  if (p === '/api/v1/me') return send(res, 200, me)
  if (p === '/api/v1/units') return req.method === 'POST' ? send(res, 201, (() => { const u = { ...json(), id: `u${units.length + 1}` }; units.push(u); return u })()) : send(res, 200, { items: units })
  if ((m = p.match(/^\/api\/v1\/units\/([^/]+)$/))) { const u = units.find((x) => x.id === m[1]); Object.assign(u, json()); return send(res, 200, u) }
  if (p === '/api/v1/categories') return req.method === 'POST' ? send(res, 201, (() => { const c = { ...json(), id: `k${categories.length + 1}` }; categories.push(c); return c })()) : send(res, 200, { items: categories })
  if ((m = p.match(/^\/api\/v1\/categories\/([^/]+)$/))) { const c = categories.find((x) => x.id === m[1]); Object.assign(c, json()); return send(res, 200, c) }
  if (p === '/api/v1/routing-rules') return req.method === 'POST' ? send(res, 201, (() => { const r = { ...json(), id: randomUUID() }; rules.push(r); return r })()) : send(res, 200, { items: rules })
  if ((m = p.match(/^\/api\/v1\/routing-rules\/([^/]+)$/)) && req.method === 'DELETE') { rules.splice(rules.findIndex((r) => r.id === m[1]), 1); return send(res, 204, null) }
  if (p === '/api/v1/routing/suggest') {
    const c = categories.find((x) => x.id === q.category_id)
    if (!c) return send(res, 404, { error: { code: 'not_found', message: 'no rule' } })
    if (c.street_level && q.district_id) return send(res, 200, { lead_unit_id: q.district_id, co_unit_ids: [], reason: `${c.name}：派至所在区县，由其分派街道` })
    let cur = c
    while (cur && !cur.default_lead_unit_id) cur = categories.find((x) => x.id === cur.parent_id)
    return cur ? send(res, 200, { lead_unit_id: cur.default_lead_unit_id, co_unit_ids: c.id === 'k2' ? ['u6'] : [], reason: `分类“${cur.name}”的默认主办单位` }) : send(res, 404, { error: { code: 'not_found', message: 'no rule' } })
  }
  if (p === '/api/v1/stream') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
    res.write(': hello\n\n')
    const inScope = scope(me)
    const fn = (ev) => { if (inScope(cases.get(ev.id))) res.write(`event: case\ndata: ${JSON.stringify(ev)}\n\n`) }
    subs.add(fn)
    const ping = setInterval(() => res.write(': ping\n\n'), 15000)
    req.on('close', () => { subs.delete(fn); clearInterval(ping) })
    return
  }
  if (p === '/api/v1/cases' && req.method === 'POST') {
    const b = json()
    if (!b.content) return send(res, 400, { error: { code: 'invalid_argument', message: 'content is required', details: { field: 'content' } } })
    const key = req.headers['idempotency-key']
    const prior = key && [...cases.values()].find((c) => c._key === key)
    if (prior) return send(res, 201, view(prior, me))
    const c = newCase(b, me)
    c._key = key
    return send(res, 201, { ...view(c, me), query_code: c.query_code })
  }
  if (p === '/api/v1/cases') return send(res, 200, list(me, q))
  if ((m = p.match(/^\/api\/v1\/callers\/([^/]+)\/cases$/))) return send(res, 200, { items: list(me, { phone: decodeURIComponent(m[1]), limit: 50 }).items })
  if ((m = p.match(/^\/api\/v1\/cases\/([^/]+)(\/.*)?$/))) {
    const c = cases.get(m[1])
    if (!c || !scope(me)(c)) return send(res, 404, { error: { code: 'not_found', message: `case ${m[1]} not found` } })
    const rest = m[2] || ''
    if (!rest) return send(res, 200, view(c, me))
    if (rest === '/events') return send(res, 200, { items: events.get(c.id) || [] })
    if (rest === '/attachments' && req.method === 'POST') {
      const a = { id: randomUUID(), name: decodeURIComponent(req.headers['x-filename'] || 'file'), size: body.length, content_type: req.headers['content-type'], data: body }
      attachments.set(c.id, [...(attachments.get(c.id) || []), a])
      addEvent(c, me, 'attach', { name: a.name })
      return send(res, 201, { id: a.id, name: a.name, size: a.size, content_type: a.content_type })
    }
    if (rest === '/attachments') return send(res, 200, { items: (attachments.get(c.id) || []).map(({ data, ...a }) => a) })
    const am = rest.match(/^\/actions\/([a-z_]+)$/)
    if (am && req.method === 'POST') { const [s, b] = act(c, me, am[1], json()); return send(res, s, b) }
  }
  if ((m = p.match(/^\/api\/v1\/attachments\/([^/]+)$/))) {
    for (const list of attachments.values()) for (const a of list) if (a.id === m[1]) { res.writeHead(200, { 'Content-Type': a.content_type, 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}` }); return res.end(a.data) }
    return send(res, 404, { error: { code: 'not_found', message: 'no such attachment' } })
  }
  if (p === '/api/v1/stats') { const s = stats(me, q); return s ? send(res, 200, s) : send(res, 400, { error: { code: 'invalid_argument', message: `unknown by=${q.by}`, details: { field: 'by' } } }) }
  if (p === '/api/v1/users') return req.method === 'POST' ? send(res, 201, (() => { const b = json(); const u = { ...b, id: randomUUID(), password: undefined }; userList.push(u); return u })()) : send(res, 200, { items: userList })
  if ((m = p.match(/^\/api\/v1\/users\/([^/]+)$/))) { const u = userList.find((x) => x.id === m[1]); Object.assign(u, json(), { password: undefined }); return send(res, 200, u) }
  if (p === '/api/v1/sla-policies') return req.method === 'POST' ? send(res, 201, (() => { const x = { ...json(), id: randomUUID() }; policies.push(x); return x })()) : send(res, 200, { items: policies })
  if ((m = p.match(/^\/api\/v1\/sla-policies\/([^/]+)$/))) {
    const i = policies.findIndex((x) => x.id === m[1])
    if (req.method === 'DELETE') { policies.splice(i, 1); return send(res, 204, null) }
    Object.assign(policies[i], json()); return send(res, 200, policies[i])
  }
  if (p === '/api/v1/calendar') return send(res, 200, { years: Object.keys(cal).map(Number), warnings: cal[new Date().getFullYear() + 1] ? [] : [`${new Date().getFullYear() + 1}年节假日安排尚未录入`] })
  if ((m = p.match(/^\/api\/v1\/calendar\/(\d{4})$/))) {
    if (req.method === 'PUT') { cal[m[1]] = json(); return send(res, 200, cal[m[1]]) }
    return cal[m[1]] ? send(res, 200, { ...cal[m[1]], missing: false }) : send(res, 200, { year: Number(m[1]), source: '', holidays: [], make_up_workdays: [], missing: true })
  }
  if (p === '/api/v1/settings') {
    if (req.method === 'PUT') Object.assign(settings, json())
    return send(res, 200, settings)
  }
  if (p === '/api/v1/audit') {
    const all = [...events.entries()].flatMap(([id, evs]) => evs.map((e) => ({ ...e, case_id: id, case_number: cases.get(id).number, actor: e.actor ? e.actor.name : '系统', hash: randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '') })))
    return send(res, 200, { items: all.slice(0, 50), next_cursor: null, total: all.length })
  }
  return send(res, 404, { error: { code: 'not_found', message: `no route ${req.method} ${p}` } })
}).listen(PORT, '127.0.0.1', () => console.log(`mock hotline on http://127.0.0.1:${PORT}`))
