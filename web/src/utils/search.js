// Case search helpers for the console: the query for "earlier cases about the same problem" at
// intake, and the matched pieces of a search hit (GET /api/v1/cases?q= → item.highlights).

// The key words of what the agent has typed: every category keyword (and category name) that
// occurs in the text, longest first, without words contained in a longer one already taken, at
// most `max`, combined with OR so that a case about any of them is found. '' when none occurs.
export function similarQuery(text, categories, max = 6) {
  const s = String(text || '')
  if (s.trim().length < 2) return ''
  const words = new Set()
  for (const c of categories || []) {
    for (const k of [...(c.keywords || []), c.name]) {
      const w = String(k || '').trim()
      if (w.length >= 2 && w.length <= 12 && !/["“”＂\s]/.test(w) && s.includes(w)) words.add(w)
    }
  }
  const picked = []
  for (const w of [...words].sort((a, b) => b.length - a.length || a.localeCompare(b))) {
    if (picked.some((p) => p.includes(w))) continue
    picked.push(w)
    if (picked.length >= max) break
  }
  return picked.join(' OR ')
}

const ORDER = ['content', 'replies', 'address', 'number']

// The best snippet of a hit other than its title: [{text, hit}] or null.
export function snippetOf(item) {
  const h = item && item.highlights
  if (!h) return null
  for (const f of ORDER) if (Array.isArray(h[f]) && h[f].length) return { field: f, segments: h[f] }
  return null
}

// The title as segments: highlighted when the title matched, else plain.
export function titleSegments(item) {
  const h = item && item.highlights
  if (h && Array.isArray(h.title) && h.title.length) return h.title
  return [{ text: (item && (item.title || item.content)) || '', hit: false }]
}
