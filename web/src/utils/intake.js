// The intake form's rules, apart from the screen so they can be tested: validation, the request body, and
// the submitter that keeps one Idempotency-Key per form submission (a double click or a retry after a lost
// reply never makes a second case).
import { CASE_TYPES, CHANNELS } from './enums.js'
import { uuid } from './uuid.js'
import { ApiError } from '../api/client.js'

export const CONTENT_MIN = 5
export const CONTENT_MAX = 4000
const PHONE_RE = /^\+?[\d\s-]{7,20}$/

export function emptyIntake() {
  return {
    type: 'consultation', channel: 'phone', content: '', category_id: null, district_id: '', address: '',
    name: '', phone: '', urgent: false, confidential: false,
  }
}

// {field: i18n key} for every problem; {} when the form may be sent.
export function validateIntake(f) {
  const e = {}
  if (!CASE_TYPES.includes(f.type)) e.type = 'validation.required'
  if (!CHANNELS.includes(f.channel)) e.channel = 'validation.required'
  const content = String(f.content || '').trim()
  if (!content) e.content = 'validation.required'
  else if (Array.from(content).length < CONTENT_MIN) e.content = 'validation.contentShort'
  else if (Array.from(content).length > CONTENT_MAX) e.content = 'validation.tooLong'
  const phone = String(f.phone || '').trim()
  if (phone && (!PHONE_RE.test(phone) || phone.replace(/\D/g, '').length < 7)) e.phone = 'validation.phone'
  if (!phone && f.channel === 'phone' && !f.confidential && !String(f.name || '').trim()) e.phone = 'validation.phoneOrName'
  if (String(f.name || '').length > 50) e.name = 'validation.tooLong'
  if (String(f.address || '').length > 200) e.address = 'validation.tooLong'
  return e
}

export function intakeBody(f) {
  const body = {
    type: f.type,
    channel: f.channel,
    content: String(f.content || '').trim(),
    urgent: !!f.urgent,
    confidential: !!f.confidential,
    citizen: { name: String(f.name || '').trim(), phone: String(f.phone || '').replace(/[\s-]/g, '') },
    location: { address: String(f.address || '').trim() },
  }
  if (f.category_id != null && f.category_id !== '') body.category_id = String(f.category_id)
  if (f.district_id) body.location.district_id = String(f.district_id)
  return body
}

// True when the server certainly created nothing, so a new attempt may use a new key.
function definitelyRejected(err) {
  return err instanceof ApiError && [400, 403, 413, 422].includes(err.status)
}

// create(body, key) -> Promise<case>. One key per submission: kept across retries while the outcome is
// unknown (network error, 5xx, 429, 409), renewed after a success or a definite rejection.
export function createSubmitter(create, genKey = uuid) {
  let key = genKey()
  let inflight = null
  return {
    get key() { return key },
    get busy() { return !!inflight },
    submit(body) {
      if (inflight) return inflight
      const used = key
      inflight = create(body, used)
        .then((res) => { key = genKey(); return res }, (err) => { if (definitelyRejected(err)) key = genKey(); throw err })
        .finally(() => { inflight = null })
      return inflight
    },
    renew() { key = genKey() },
  }
}
