// Flat {id, parent_id} lists -> trees, lookups and searches (units and categories come flat from the API).

export function buildTree(items, { sort } = {}) {
  const byId = new Map()
  for (const it of items || []) byId.set(String(it.id), { ...it, children: [] })
  const roots = []
  for (const node of byId.values()) {
    const parent = node.parent_id != null && node.parent_id !== '' ? byId.get(String(node.parent_id)) : null
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  const order = sort || ((a, b) => String(a.code ?? a.name ?? '').localeCompare(String(b.code ?? b.name ?? '')))
  const walk = (list) => { list.sort(order); for (const n of list) { if (n.children.length) walk(n.children); else delete n.children } }
  walk(roots)
  return roots
}

// Ids of a node and all its descendants.
export function subtreeIds(items, rootId) {
  if (rootId == null) return new Set()
  const kids = new Map()
  for (const it of items || []) {
    const p = it.parent_id == null ? '' : String(it.parent_id)
    if (!kids.has(p)) kids.set(p, [])
    kids.get(p).push(String(it.id))
  }
  const out = new Set([String(rootId)])
  const stack = [String(rootId)]
  while (stack.length) {
    for (const c of kids.get(stack.pop()) || []) if (!out.has(c)) { out.add(c); stack.push(c) }
  }
  return out
}

// The chain of nodes from the root down to id (inclusive), e.g. for a category path.
export function pathOf(items, id) {
  const byId = new Map((items || []).map((it) => [String(it.id), it]))
  const path = []
  let cur = id == null ? null : byId.get(String(id))
  const seen = new Set()
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id)
    path.unshift(cur)
    cur = cur.parent_id != null ? byId.get(String(cur.parent_id)) : null
  }
  return path
}

// Does a category/unit match a search? Name, English name, code and keywords, case-insensitive; every
// space-separated word must match somewhere.
export function nodeMatches(node, query) {
  const q = String(query || '').trim().toLowerCase()
  if (!q) return true
  const hay = [node.name, node.name_en, node.code, ...(node.keywords || [])]
    .filter(Boolean).map((s) => String(s).toLowerCase())
  return q.split(/\s+/).every((w) => hay.some((h) => h.includes(w)))
}

// A pruned copy of the tree: matching nodes keep all their children, ancestors of matches are kept.
export function searchTree(tree, query) {
  if (!String(query || '').trim()) return tree
  const out = []
  for (const n of tree || []) {
    if (nodeMatches(n, query)) { out.push(n); continue }
    const kids = searchTree(n.children || [], query)
    if (kids.length) out.push({ ...n, children: kids })
  }
  return out
}
