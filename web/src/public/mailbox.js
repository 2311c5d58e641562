// The mailbox form's rules, apart from the screen so they can be tested: validation, the request body,
// the file check before upload, and the category search over the top two levels.
export const CONTENT_MIN = 5
export const CONTENT_MAX = 5000
export const MAX_FILE_BYTES = 10 * 1024 * 1024
export const MAX_FILES = 5
export const FILE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf']
const EXT = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf' }

export function emptyMailbox() {
  return { type: 'complaint', category_id: '', district_id: '', address: '', name: '', phone: '', content: '', consent: false }
}

// Mainland mobile (11 digits 1[3-9]…) or a landline with its area code, as the server accepts.
export function phoneOk(s) {
  let d = String(s || '').replace(/[\s-]/g, '')
  if (d.startsWith('+86')) d = d.slice(3)
  else if (d.length === 13 && d.startsWith('86')) d = d.slice(2)
  if (!/^\d+$/.test(d)) return false
  return (d.length === 11 && /^1[3-9]/.test(d)) || (d.length >= 10 && d.length <= 12 && /^0[1-9]/.test(d))
}

// {field: [i18n key, params]} for every problem; {} when the form may be sent.
export function validateMailbox(f) {
  const e = {}
  const content = String(f.content || '').trim()
  if (!content) e.content = ['form.required']
  else if (Array.from(content).length < CONTENT_MIN) e.content = ['form.contentShort', { n: CONTENT_MIN }]
  if (!String(f.name || '').trim()) e.name = ['form.required']
  if (!String(f.phone || '').trim()) e.phone = ['form.required']
  else if (!phoneOk(f.phone)) e.phone = ['form.phoneBad']
  if (!f.consent) e.consent = ['form.consentRequired']
  return e
}

export function mailboxBody(f, uploadIds = []) {
  const body = {
    type: f.type,
    content: String(f.content || '').trim(),
    citizen: { name: String(f.name || '').trim(), phone: String(f.phone || '').trim() },
    location: { address: String(f.address || '').trim() },
    consent: !!f.consent,
  }
  if (f.category_id) body.category_id = String(f.category_id)
  if (f.district_id) body.location.district_id = String(f.district_id)
  if (uploadIds.length) body.attachments = uploadIds
  return body
}

// The same check the server makes, before uploading: the type the browser reports (or the extension)
// must be an image or PDF, and the size at most 10 MB. Returns an i18n key or ''.
export function checkFile(file) {
  const ext = String(file.name || '').split('.').pop().toLowerCase()
  const type = file.type || EXT[ext] || ''
  if (!FILE_TYPES.includes(type) || EXT[ext] !== type) return 'form.attachType'
  if (file.size > MAX_FILE_BYTES) return 'form.attachSize'
  return ''
}

// Categories of the top two levels matching `q` (name or English name, case-insensitive), each with its
// parent's name for display; at most `limit`.
export function searchCategories(categories, q, locale = 'zh-CN', limit = 40) {
  const byId = new Map(categories.map((c) => [String(c.id), c]))
  const needle = String(q || '').trim().toLowerCase()
  const out = []
  for (const c of categories) {
    const name = locale === 'en' && c.name_en ? c.name_en : c.name
    const parent = c.parent_id ? byId.get(String(c.parent_id)) : null
    const parentName = parent ? (locale === 'en' && parent.name_en ? parent.name_en : parent.name) : ''
    const hay = `${c.name} ${c.name_en || ''} ${parent ? parent.name : ''}`.toLowerCase()
    if (needle && !hay.includes(needle)) continue
    out.push({ id: String(c.id), name, parent: parentName, level: c.level })
    if (out.length >= limit) break
  }
  return out
}
