import { describe, expect, it } from 'vitest'
import { answerReply, articleBody, cleanSnippet, intakeQuery, plainText, renderMarkdown, validateArticle, REPLY_MAX } from '../src/utils/knowledge.js'

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    const html = renderMarkdown('## 办理\n1. **带身份证**\n2. 到窗口')
    expect(html).toContain('<h2>办理</h2>')
    expect(html).toContain('<strong>带身份证</strong>')
    expect(html).toContain('<ol>')
  })
  it('never lets HTML or script links through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n[x](javascript:alert(1)) [y](https://gov.cn)')
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('href="javascript')
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain('href="https://gov.cn" target="_blank" rel="noopener noreferrer"')
  })
})

describe('answerReply', () => {
  it('is the title and the plain text', () => {
    expect(answerReply({ title: '停水报修', body: '## 步骤\n1. **提供地址**\n> 提醒' })).toBe('《停水报修》\n步骤\n1. 提供地址\n提醒')
  })
  it('is cut to the reply limit', () => {
    const r = answerReply({ title: 't', body: '字'.repeat(5000) })
    expect(Array.from(r).length).toBe(REPLY_MAX)
    expect(r.endsWith('…')).toBe(true)
  })
  it('plainText drops table rules and links', () => {
    expect(plainText('| a | b |\n|---|---|\n| 1 | 2 |\n[官网](https://x.cn)')).toBe('| a | b |\n\n| 1 | 2 |\n官网')
  })
})

describe('intakeQuery', () => {
  it('turns the caller words into OR terms without search syntax', () => {
    expect(intakeQuery('社保卡丢了，怎么补办？')).toBe('社保 OR 保卡 OR 卡丢 OR 丢了 OR 么补 OR 补办')
    expect(intakeQuery('ETC 卡 12345')).toBe('ETC OR 12345')
    expect(intakeQuery('"停水" AND (水压) title:x')).not.toMatch(/["():]|AND/)
  })
  it('falls back to the category name', () => {
    expect(intakeQuery('', '供水')).toBe('供水')
    expect(intakeQuery('。。', '供水')).toBe('供水')
  })
})

describe('validateArticle / articleBody', () => {
  it('requires title and body and ordered dates', () => {
    expect(validateArticle({ title: '', body: ' ' })).toEqual({ title: 'validation.required', body: 'validation.required' })
    expect(validateArticle({ title: 't', body: 'b', valid_from: '2027-01-01', valid_until: '2026-01-01' })).toEqual({ valid_until: 'knowledge.errDates' })
    expect(validateArticle({ title: 't', body: 'b' })).toEqual({})
  })
  it('builds the request body', () => {
    expect(articleBody({ title: ' t ', body: 'b', tags: [' a ', ''], audience: 'x', unit_id: 5 }, 3)).toEqual({
      title: 't', body: 'b', category: '', tags: ['a'], audience: 'internal', valid_from: '', valid_until: '', unit_id: '5', version: 3,
    })
  })
})

describe('cleanSnippet', () => {
  it('drops emphasis and heading marks, keeps the hits', () => {
    expect(cleanSnippet('## 办理\n3. **线下<mark>办理</mark>**：携')).toBe('办理\n3. 线下<mark>办理</mark>：携')
  })
})
