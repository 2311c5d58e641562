// The public site's 常见问题 / 政策问答 page: search (q in the URL), category filter, list with plain
// excerpts and validity, and the article rendered from Markdown without raw HTML, in both languages.
import { describe, it, expect, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createRouter, createMemoryHistory } from 'vue-router'
import { makePublicI18n } from '../src/public/i18n/index.js'
import { excerpt } from '../src/public/knowledge.js'
import { routes } from '../src/public/router.js'
import KnowledgeView from '../src/public/views/KnowledgeView.vue'
import KnowledgeArticleView from '../src/public/views/KnowledgeArticleView.vue'

async function mountPublic(component, { props = {}, locale = 'zh-CN', path = '/' } = {}) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:rest(.*)*', component: { template: '<div />' } }] })
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [makePublicI18n(locale), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const SOCIAL = { id: '12', title: '社保卡丢失如何挂失和补办', category: '社会保障', tags: ['社保卡'], valid_until: null, updated_at: '2026-11-02T09:00:00+08:00', snippet: '## 办理渠道\n1. **电话挂失**：拨打 12333 或本热线' }
const FUND = { id: '15', title: '住房公积金提取指南', category: '住房公积金', tags: [], valid_until: '2026-12-31', updated_at: '2026-10-01T09:00:00+08:00', snippet: '提取条件：购房、租房' }

function fakeApi() {
  return {
    knowledge: vi.fn(async (q) => {
      const all = [SOCIAL, FUND].filter((a) => (!q.category || a.category === q.category) && (!q.q || a.title.includes(q.q.split(' ')[0])))
      return { items: all, total: all.length, next_cursor: null }
    }),
    knowledgeCategories: vi.fn(async () => ({ items: [{ name: '社会保障', articles: 4 }, { name: '住房公积金', articles: 3 }] })),
    knowledgeArticle: vi.fn(async (id) => {
      if (id !== '12') { const e = new Error('nf'); e.code = 'not_found'; throw e }
      return { ...SOCIAL, unit_name: '市人社局', body: '## 办理渠道\n1. **电话挂失**：拨打 12333\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>\n\n[恶意链接](javascript:alert(3)) [官网](https://rsj.example.gov.cn)\n\n> 提醒：挂失后原卡冻结' }
    }),
  }
}

describe('public knowledge helpers', () => {
  it('excerpts the Markdown as plain text on one line', () => {
    expect(excerpt('## 办理渠道\n1. **电话挂失**：拨打 12333\n- 线上办理')).toBe('办理渠道 电话挂失：拨打 12333 线上办理')
    expect(Array.from(excerpt('长'.repeat(200), 80))).toHaveLength(81)
    expect(excerpt('')).toBe('')
    expect(excerpt('挂失**：拨打 12333 或 **线上办理')).toBe('挂失：拨打 12333 或 线上办理')
  })
  it('has the list and article routes', () => {
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/knowledge', '/knowledge/:id']))
  })
})

describe('public knowledge page', () => {
  it('lists articles with excerpts and validity, searches and filters through the URL', async () => {
    const api = fakeApi()
    const { wrapper, router } = await mountPublic(KnowledgeView, { props: { api }, path: '/knowledge' })
    expect(wrapper.find('h1').text()).toBe('常见问题 · 政策问答')
    expect(wrapper.findAll('[data-test="kb-list"] li')).toHaveLength(2)
    const first = wrapper.find('[data-test="kb-12"]')
    expect(first.attributes('href')).toBe('/knowledge/12')
    expect(first.text()).toContain('电话挂失：拨打 12333')
    expect(first.text()).not.toContain('**')
    expect(first.text()).toContain('长期有效')
    expect(wrapper.find('[data-test="kb-15"]').text()).toContain('有效期至 2026-12-31')
    expect(wrapper.find('[data-test="kb-category"]').text()).toContain('社会保障（4）')
    await wrapper.find('[data-test="kb-q"]').setValue('社保卡')
    await wrapper.find('[data-test="kb-search"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query.q).toBe('社保卡')
    expect(api.knowledge).toHaveBeenLastCalledWith(expect.objectContaining({ q: '社保卡' }))
    expect(wrapper.findAll('[data-test="kb-list"] li')).toHaveLength(1)
    expect(wrapper.find('[data-test="kb-total"]').text()).toContain('“社保卡”找到 1 篇')
    await wrapper.find('[data-test="kb-category"]').setValue('住房公积金')
    await flushPromises()
    expect(router.currentRoute.value.query.category).toBe('住房公积金')
    expect(api.knowledge).toHaveBeenLastCalledWith(expect.objectContaining({ q: '社保卡', category: '住房公积金' }))
    expect(wrapper.find('[data-test="kb-empty"]').exists()).toBe(true)
    await wrapper.find('[data-test="kb-clear"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.q).toBeUndefined()
    expect(wrapper.findAll('[data-test="kb-list"] li')).toHaveLength(1)
    wrapper.unmount()
  })
  it('renders the article body as Markdown without raw HTML or unsafe links', async () => {
    const { wrapper } = await mountPublic(KnowledgeArticleView, { props: { id: '12', api: fakeApi() } })
    const body = wrapper.find('[data-test="kb-body"]')
    expect(body.find('h2').text()).toBe('办理渠道')
    expect(body.find('strong').text()).toBe('电话挂失')
    expect(body.find('blockquote').text()).toContain('挂失后原卡冻结')
    expect(body.find('script').exists()).toBe(false)
    expect(body.find('img').exists()).toBe(false)
    expect(body.text()).toContain('<script>alert(2)</script>')
    const links = body.findAll('a')
    expect(links.map((a) => a.attributes('href'))).toEqual(['https://rsj.example.gov.cn'])
    expect(links[0].attributes('rel')).toContain('noopener')
    expect(wrapper.find('[data-test="kb-validity"]').text()).toBe('长期有效')
    expect(wrapper.text()).toContain('市人社局')
    wrapper.unmount()
  })
  it('says when an article is gone, and speaks English', async () => {
    const { wrapper } = await mountPublic(KnowledgeArticleView, { props: { id: '99', api: fakeApi() }, locale: 'en' })
    expect(wrapper.find('[data-test="kb-error"]').text()).toBe('This answer does not exist or has expired.')
    wrapper.unmount()
    const list = await mountPublic(KnowledgeView, { props: { api: fakeApi() }, locale: 'en', path: '/knowledge' })
    expect(list.wrapper.find('h1').text()).toBe('FAQ and policy answers')
    expect(list.wrapper.find('[data-test="kb-15"]').text()).toContain('Valid until 2026-12-31')
    list.wrapper.unmount()
  })
})
