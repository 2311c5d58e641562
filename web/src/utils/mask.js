// Display helpers for personal data. The server masks per role; the browser masks again before display so that
// even a number the user may see is hidden until they choose to reveal it (people look over shoulders).

// 13812345678 -> 138****5678; 010-12345678 -> 010-****5678; 5551234 -> 555****; already masked stays.
export function maskPhone(phone) {
  if (phone == null) return ''
  const s = String(phone).trim()
  if (s === '' || s.includes('*')) return s
  const digits = s.replace(/\D/g, '')
  if (digits.length < 7) return s.length <= 2 ? '*'.repeat(s.length) : s[0] + '*'.repeat(s.length - 2) + s[s.length - 1]
  const m = s.match(/^(\+?\d{1,4}[- ])(\d+)$/) // area code or country code with a separator
  if (m) {
    const rest = m[2]
    const keep = rest.length >= 7 ? 4 : Math.max(0, rest.length - 4)
    return m[1] + '*'.repeat(rest.length - keep) + rest.slice(rest.length - keep)
  }
  if (digits.length === s.length) {
    if (s.length >= 11) return s.slice(0, 3) + '****' + s.slice(s.length - 4)
    return s.slice(0, 3) + '*'.repeat(s.length - 3)
  }
  return s.slice(0, 3) + s.slice(3, -4).replace(/\d/g, '*') + s.slice(-4)
}

// 张三 -> 张*; 欧阳娜娜 -> 欧***; John Smith -> J*** S****.
export function maskName(name) {
  if (name == null) return ''
  const s = String(name).trim()
  if (s === '' || s.includes('*')) return s
  if (/^[\x20-\x7e]+$/.test(s)) return s.split(/\s+/).map((w) => w[0] + '*'.repeat(Math.max(0, w.length - 1))).join(' ')
  const chars = Array.from(s)
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1))
}

export function isMasked(value) {
  return typeof value === 'string' && value.includes('*')
}

// A phone number fit for looking up the caller's history: digits (and one leading +), 7 to 20 long.
export function normalizePhone(value) {
  const s = String(value || '').trim().replace(/[\s-]/g, '')
  return /^\+?\d{7,20}$/.test(s) ? s : ''
}
