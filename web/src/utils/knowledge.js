// The knowledge base's rules for the console, apart from the screens so they can be tested: safe Markdown
// rendering, the text an agent reads to the caller when answering with an article, the search words taken
// from the intake form, and the article editor's validation and request body.
import MarkdownIt from 'markdown-it'

// html:false — raw HTML in an article is shown as text, never run; links only http(s)/mailto/tel.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true })
const SAFE_LINK = /^(https?:|mailto:|tel:)/i
md.validateLink = (url) => SAFE_LINK.test(String(url).trim())
const defaultLinkOpen = md.renderer.rules.link_open || ((tokens, idx, options, env, self) => self.renderToken(tokens, idx, options))
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('target', '_blank')
  tokens[idx].attrSet('rel', 'noopener noreferrer')
  return defaultLinkOpen(tokens, idx, options, env, self)
}

export function renderMarkdown(text) {
  return md.render(String(text || ''))
}

// Markdown → plain text for reading out and for the reply to the citizen.
export function plainText(markdown) {
  return String(markdown || '')
    .replace(/\r\n/g, '\n')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*\|?\s*[-:]+\s*(\|\s*[-:]+\s*)+\|?\s*$/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

export const REPLY_MAX = 2000
// The reply recorded on a case answered with an article: its title, then its text.
export function answerReply(article) {
  const text = `《${article.title}》\n${plainText(article.body)}`
  return Array.from(text).length > REPLY_MAX ? `${Array.from(text).slice(0, REPLY_MAX - 1).join('')}…` : text
}

// What the intake panel searches for, from the caller's words as the agent types them: Latin words and
// numbers as they are, Chinese runs as overlapping two-character words (the index finds any substring),
// common filler words dropped, at most 16 terms ORed — BM25 puts the articles that share most words first.
// Search syntax is neutralised. Without words, the chosen category's name.
const FILLER = new Set(['怎么', '什么', '如何', '我们', '可以', '一下', '请问', '你好', '这个', '那个', '就是', '没有', '已经', '现在', '问一', '想问', '是不', '不是', '了吗', '么办', '怎样', '为什', '能不', '不能'])
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/
export function intakeQuery(content, categoryName = '') {
  const text = Array.from(String(content || '')).slice(0, 120).join('')
  const pieces = text.replace(/\b(AND|OR|NOT)\b/g, ' ').split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  const terms = []
  const add = (w) => { if (!FILLER.has(w) && !terms.includes(w) && terms.length < 16) terms.push(w) }
  for (const p of pieces) {
    const chars = Array.from(p)
    if (!CJK.test(p)) { if (chars.length >= 2) add(p); continue }
    if (chars.length <= 2) { if (chars.length === 2) add(p); continue }
    for (let i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1])
  }
  return terms.length ? terms.join(' OR ') : String(categoryName || '').trim()
}

export const STATUSES = ['draft', 'in_review', 'published', 'retired']
export const AUDIENCES = ['internal', 'public']
export const ACTIONS = ['submit', 'withdraw', 'reject', 'approve', 'retire', 'publish']

export function emptyArticle(unitId = '') {
  return { title: '', body: '', category: '', tags: [], audience: 'internal', valid_from: '', valid_until: '', unit_id: unitId }
}

// {field: i18n key} for every problem; {} when the article may be sent.
export function validateArticle(a) {
  const e = {}
  if (!String(a.title || '').trim()) e.title = 'validation.required'
  else if (Array.from(a.title).length > 200) e.title = 'validation.tooLong'
  if (!String(a.body || '').trim()) e.body = 'validation.required'
  if ((a.tags || []).length > 20) e.tags = 'validation.tooLong'
  if (a.valid_from && a.valid_until && a.valid_from > a.valid_until) e.valid_until = 'knowledge.errDates'
  return e
}

export function articleBody(a, version) {
  const body = {
    title: String(a.title || '').trim(),
    body: String(a.body || ''),
    category: String(a.category || '').trim(),
    tags: (a.tags || []).map((x) => String(x).trim()).filter(Boolean),
    audience: a.audience === 'public' ? 'public' : 'internal',
    valid_from: a.valid_from || '',
    valid_until: a.valid_until || '',
  }
  if (a.unit_id) body.unit_id = String(a.unit_id)
  if (version != null) body.version = version
  return body
}

// A search snippet (server-escaped HTML with <mark>) without Markdown's emphasis and heading marks.
export function cleanSnippet(html) {
  return String(html || '').replace(/\*\*|__/g, '').replace(/(^|\n)\s{0,3}#{1,6}\s+/g, '$1')
}
