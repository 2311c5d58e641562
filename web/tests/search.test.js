import { describe, it, expect, vi, beforeEach } from 'vitest'
import { mount } from '@vue/test-utils'
import { similarQuery, snippetOf, titleSegments } from '../src/utils/search.js'
import HighlightText from '../src/components/HighlightText.vue'
import { mountWith, flushPromises } from './helpers.js'

vi.mock('../src/api/index.js', () => ({
  cases: { create: vi.fn(), byCaller: vi.fn(), action: vi.fn(), list: vi.fn(), get: vi.fn(), upload: vi.fn() },
  ref: { units: vi.fn(async () => ({ items: [] })), categories: vi.fn(async () => ({ items: [] })), suggest: vi.fn() },
}))
const api = await import('../src/api/index.js')
const { default: IntakeView } = await import('../src/views/IntakeView.vue')
const { default: CaseTable } = await import('../src/components/CaseTable.vue')

const categories = [
  { id: '1', name: '城乡建设', keywords: [] },
  { id: '2', name: '噪音扰民', keywords: ['施工噪音', '夜间施工', '噪音'] },
  { id: '3', name: '路灯', keywords: ['路灯不亮', '井盖'] },
]

describe('similarQuery', () => {
  it('ORs the category key words found in the text, longest first, none contained in another', () => {
    expect(similarQuery('楼下工地夜间施工，施工噪音很大', categories)).toBe('夜间施工 OR 施工噪音')
    expect(similarQuery('小区路灯不亮，井盖也丢了', categories)).toBe('路灯不亮 OR 井盖')
    expect(similarQuery('噪音扰民', categories)).toBe('噪音扰民')
  })
  it('is empty when no key word occurs or the text is too short', () => {
    expect(similarQuery('咨询社保卡办理', categories)).toBe('')
    expect(similarQuery('噪', categories)).toBe('')
    expect(similarQuery('', categories)).toBe('')
  })
  it('takes at most max words', () => {
    expect(similarQuery('施工噪音 夜间施工 路灯不亮 井盖', categories, 2).split(' OR ')).toHaveLength(2)
  })
})

describe('highlights', () => {
  const item = {
    title: '路灯不亮',
    highlights: {
      title: [{ text: '路灯', hit: true }, { text: '不亮', hit: false }],
      replies: [{ text: '已修复', hit: false }, { text: '路灯', hit: true }],
    },
  }
  it('picks the title segments and the first matched field for the snippet', () => {
    expect(titleSegments(item)[0]).toEqual({ text: '路灯', hit: true })
    expect(snippetOf(item).field).toBe('replies')
    expect(titleSegments({ title: 'x' })).toEqual([{ text: 'x', hit: false }])
    expect(snippetOf({ title: 'x' })).toBeNull()
  })
  it('marks the hits and never renders case text as markup', () => {
    const w = mount(HighlightText, { props: { segments: [{ text: '<b>x</b>', hit: false }, { text: '路灯', hit: true }] } })
    expect(w.find('mark').text()).toBe('路灯')
    expect(w.find('b').exists()).toBe(false)
    expect(w.text()).toContain('<b>x</b>')
  })
})

describe('search results in the case table', () => {
  it('shows the matched snippet under the highlighted title', async () => {
    const items = [{
      id: '1', number: '2611280001', title: '路灯不亮', type: 'complaint', status: 'new', assignments: [], created_at: '2026-11-28T09:00:00+08:00',
      highlights: { title: [{ text: '路灯', hit: true }, { text: '不亮', hit: false }], content: [{ text: '门口的', hit: false }, { text: '路灯', hit: true }, { text: '坏了…', hit: false }] },
    }]
    const { wrapper } = await mountWith(CaseTable, { props: { items } })
    const snippet = wrapper.find('[data-test="snippet"]')
    expect(snippet.text()).toContain('内容')
    expect(snippet.text()).toContain('门口的路灯坏了…')
    expect(wrapper.findAll('mark').map((m) => m.text())).toEqual(['路灯', '路灯'])
    wrapper.unmount()
  })
})

describe('intake: earlier cases about the same problem', () => {
  beforeEach(() => { vi.clearAllMocks() })
  it('searches the key words of what the agent types and shows the hits', async () => {
    api.cases.list.mockResolvedValue({ items: [
      { id: '9', number: '2610010009', status: 'closed', title: '工地夜间施工扰民', created_at: '2026-10-01T09:00:00+08:00',
        highlights: { title: [{ text: '工地', hit: false }, { text: '夜间施工', hit: true }, { text: '扰民', hit: false }] } },
    ], next_cursor: null, total: 1 })
    const { wrapper, pinia } = await mountWith(IntakeView, { path: '/intake', props: { similarDelay: 0 } })
    const { useRefStore } = await import('../src/stores/ref.js')
    useRefStore(pinia).categories = categories
    await wrapper.find('#intake-content').setValue('楼下工地每天夜间施工到凌晨')
    await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    expect(api.cases.list).toHaveBeenCalledWith({ q: '夜间施工', limit: 5 }, expect.anything())
    const panel = wrapper.find('[data-test="similar-cases"]')
    expect(panel.text()).toContain('2610010009')
    expect(panel.text()).toContain('关键词：夜间施工')
    expect(panel.find('mark').text()).toBe('夜间施工')
    // Typing on without a new key word sends nothing more.
    await wrapper.find('#intake-content').setValue('楼下工地每天夜间施工到凌晨两点')
    await new Promise((r) => setTimeout(r, 5))
    expect(api.cases.list).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })
  it('asks nothing while no key word has been typed', async () => {
    const { wrapper, pinia } = await mountWith(IntakeView, { path: '/intake', props: { similarDelay: 0 } })
    const { useRefStore } = await import('../src/stores/ref.js')
    useRefStore(pinia).categories = categories
    await wrapper.find('#intake-content').setValue('咨询社保卡补办')
    await new Promise((r) => setTimeout(r, 5))
    expect(api.cases.list).not.toHaveBeenCalled()
    expect(wrapper.find('[data-test="similar-cases"]').text()).toContain('录入诉求内容后')
    wrapper.unmount()
  })
})

describe('a search over a bulk load still being indexed', () => {
  it('tells the agent how many cases the search cannot see yet, and nothing once it is done', async () => {
    const { default: CaseQueue } = await import('../src/components/CaseQueue.vue')
    api.cases.list.mockResolvedValueOnce({ items: [], next_cursor: null, total: 0, search_pending: 12345 })
    const { wrapper } = await mountWith(CaseQueue, { props: { live: false }, path: '/x?q=%E8%B7%AF%E7%81%AF' })
    expect(wrapper.find('.search-pending').exists()).toBe(true)
    expect(wrapper.text()).toContain('12,345')
    expect(wrapper.text()).toContain('全文索引建立中')
    wrapper.unmount()
    api.cases.list.mockResolvedValueOnce({ items: [], next_cursor: null, total: 0 })
    const again = await mountWith(CaseQueue, { props: { live: false }, path: '/x?q=%E8%B7%AF%E7%81%AF' })
    expect(again.wrapper.find('.search-pending').exists()).toBe(false)
    again.wrapper.unmount()
  })
})
