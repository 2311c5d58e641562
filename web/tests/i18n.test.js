import { describe, it, expect } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import zh from '../src/i18n/zh-CN.js'
import publicZh from '../src/public/i18n/zh-CN.js'
import en from '../src/i18n/en.js'
import * as E from '../src/utils/enums.js'
import { ACTION_FORMS } from '../src/utils/actions.js'
import { routes } from '../src/router/index.js'

function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') flatten(v, key, out)
    else out[key] = v
  }
  return out
}
const fz = flatten(zh)
const fe = flatten(en)
const fp = flatten(publicZh)
const has = (key) => Object.prototype.hasOwnProperty.call(fz, key)

function sourceFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p))
    else if (/\.(vue|js)$/.test(name)) out.push(p)
  }
  return out
}

describe('i18n', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const a = Object.keys(fz).sort()
    const b = Object.keys(fe).sort()
    expect(a.filter((k) => !b.includes(k))).toEqual([])
    expect(b.filter((k) => !a.includes(k))).toEqual([])
  })

  it('no message is empty, and both languages use the same {placeholders}', () => {
    const ph = (s) => (String(s).match(/\{\w+\}/g) || []).sort().join(',')
    for (const k of Object.keys(fz)) {
      expect(String(fz[k]).trim(), `zh ${k}`).not.toBe('')
      expect(String(fe[k]).trim(), `en ${k}`).not.toBe('')
      expect(ph(fe[k]), `placeholders of ${k}`).toBe(ph(fz[k]))
    }
  })

  it('English has no Chinese characters left, except the language switch', () => {
    const cjk = /[\u4e00-\u9fff]/
    for (const [k, v] of Object.entries(fe)) expect(cjk.test(v), `en ${k}: ${v}`).toBe(false)
  })

  it('every value of every enum has a label', () => {
    const groups = {
      status: E.STATUSES, type: E.CASE_TYPES, channel: E.CHANNELS, role: E.ROLES, unitKind: E.UNIT_KINDS,
      assignmentStatus: E.ASSIGNMENT_STATUSES, sla: E.SLA_STATES, satisfaction: E.SATISFACTIONS, transfer: E.TRANSFER_TARGETS,
      action: E.ACTIONS, extensionStatus: E.EXTENSION_STATUSES, errors: E.ERROR_CODES,
    }
    for (const [g, values] of Object.entries(groups)) for (const v of values) expect(has(`${g}.${v}`), `${g}.${v}`).toBe(true)
    for (const a of E.EVENT_ACTIONS) expect(has(`action.${a}`) || has(`event.${a}`), a).toBe(true)
  })

  it('the Chinese status and type labels are the hotline terms', () => {
    expect(zh.status.new).toBe('待处理')
    expect(zh.status.return_requested).toBe('退单待审')
    expect(zh.status.callback_pending).toBe('待回访')
    expect(Object.values(zh.type)).toEqual(['咨询', '求助', '投诉', '举报', '建议', '表扬'])
  })

  it('every action form field and every route title has a label', () => {
    for (const [a, spec] of Object.entries(ACTION_FORMS)) {
      for (const f of spec.fields || []) {
        expect(has(`fields.${f.name}`), `fields.${f.name} (${a})`).toBe(true)
        if (f.labels) for (const o of f.options) expect(has(`${f.labels}.${o}`)).toBe(true)
        if (f.defaultKey) expect(has(f.defaultKey)).toBe(true)
      }
    }
    const walk = (rs) => rs.forEach((r) => { if (r.meta && r.meta.title) expect(has(r.meta.title), r.meta.title).toBe(true); if (r.children) walk(r.children) })
    walk(routes)
  })

  it('every literal key used in the source exists', () => {
    const missing = []
    let seen = 0
    const re = /(?:\$t|\bt|\$te|\bte)\(\s*'([a-zA-Z][\w]*(?:\.[\w]+)+)'/g
    for (const file of sourceFiles(join(process.cwd(), 'src'))) {
      const text = readFileSync(file, 'utf8')
      // The public site (src/public/) has its own messages.
      const known = file.includes('/src/public/') ? (k) => Object.prototype.hasOwnProperty.call(fp, k) : has
      for (const m of text.matchAll(re)) {
        seen++
        if (!known(m[1])) missing.push(`${m[1]} in ${file.split('/src/')[1]}`)
      }
    }
    expect(missing).toEqual([])
    expect(seen).toBeGreaterThan(300) // the scan really looked at the templates
  })

  it('keys built at run time resolve for every tab and state', () => {
    for (const tab of ['sign', 'doing', 'soon', 'overdue', 'returning', 'replied', 'all']) expect(has(`workbench.empty_${tab}`)).toBe(true)
    for (const tab of ['pending', 'answered', 'closed']) expect(has(`callback.empty_${tab}`)).toBe(true)
    for (const s of ['off', 'connecting', 'open', 'error']) expect(has(`live.${s}`)).toBe(true)
    for (const u of ['m', 'h', 'wh', 'd', 'wd']) expect(has(`limit.${u}`)).toBe(true)
    for (const k of ['sign', 'contact', 'resolve', 'callback', 'urgent_any', 'urgent_yes', 'urgent_no']) expect(has(`policy.${k}`)).toBe(true)
  })
})
