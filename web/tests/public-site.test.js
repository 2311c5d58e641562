// The public site (src/public/): the mailbox rules, the form's one-case-per-submission guarantee, the
// attachment check before upload, tracking and rating, letters and statistics in both languages.
import { describe, it, expect, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createRouter, createMemoryHistory } from 'vue-router'
import { ApiError } from '../src/api/client.js'
import { makePublicI18n } from '../src/public/i18n/index.js'
import zh from '../src/public/i18n/zh-CN.js'
import en from '../src/public/i18n/en.js'
import { checkFile, emptyMailbox, mailboxBody, phoneOk, searchCategories, validateMailbox } from '../src/public/mailbox.js'
import { publicErrorText } from '../src/public/errors.js'

vi.mock('../src/components/EChart.vue', () => ({ default: { props: ['option', 'height', 'label'], template: '<div class="echart-stub" :aria-label="label" />' } }))
const { default: MailboxView } = await import('../src/public/views/MailboxView.vue')
const { default: TrackView } = await import('../src/public/views/TrackView.vue')
const { default: LettersView } = await import('../src/public/views/LettersView.vue')
const { default: StatsView } = await import('../src/public/views/StatsView.vue')
const { default: AttachmentInput } = await import('../src/public/components/AttachmentInput.vue')

async function mountPublic(component, { props = {}, locale = 'zh-CN', path = '/' } = {}) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:rest(.*)*', component: { template: '<div />' } }],
  })
  router.push(path)
  await router.isReady()
  const i18n = makePublicI18n(locale)
  const wrapper = mount(component, { props, global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const FORM = {
  types: ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'],
  categories: [
    { id: '1', name: '城乡建设', name_en: 'Urban and rural construction', parent_id: '', level: 1 },
    { id: '2', name: '市容环卫', name_en: 'City appearance', parent_id: '1', level: 2 },
    { id: '3', name: '环境保护', name_en: 'Environment', parent_id: '', level: 1 },
  ],
  districts: [{ id: '9', name: '江东区', name_en: 'Jiangdong District' }],
}

function fakeApi(overrides = {}) {
  return {
    form: vi.fn(async () => FORM),
    upload: vi.fn(async (f) => ({ upload_id: `u-${f.name}`, name: f.name, size: f.size })),
    submit: vi.fn(async () => ({ number: '2611290001', query_code: '123456' })),
    track: vi.fn(), rate: vi.fn(), letters: vi.fn(), letter: vi.fn(), stats: vi.fn(),
    ...overrides,
  }
}

describe('mailbox rules', () => {
  const ok = () => ({ ...emptyMailbox(), content: '路灯坏了一个星期', name: '李四', phone: '13812345678', consent: true })
  it('accepts a complete form and asks for consent', () => {
    expect(validateMailbox(ok())).toEqual({})
    expect(validateMailbox({ ...ok(), consent: false }).consent[0]).toBe('form.consentRequired')
    expect(validateMailbox({ ...ok(), content: '坏了' }).content[0]).toBe('form.contentShort')
    expect(validateMailbox({ ...ok(), name: ' ' }).name[0]).toBe('form.required')
  })
  it('checks phone numbers as the server does', () => {
    for (const good of ['13812345678', '+86 138 1234 5678', '027-87654321', '0755-1234567']) expect(phoneOk(good)).toBe(true)
    for (const bad of ['12345', '23912345678', '1381234567x', '']) expect(phoneOk(bad)).toBe(false)
  })
  it('builds the body with upload ids', () => {
    const b = mailboxBody({ ...ok(), category_id: '2', district_id: '9' }, ['u1'])
    expect(b).toMatchObject({ type: 'complaint', category_id: '2', consent: true, attachments: ['u1'], location: { district_id: '9' } })
    expect(mailboxBody(ok()).attachments).toBeUndefined()
  })
  it('checks files before upload: images and PDF up to 10 MB, extension matching', () => {
    expect(checkFile({ name: 'a.png', type: 'image/png', size: 1000 })).toBe('')
    expect(checkFile({ name: 'scan.PDF', type: 'application/pdf', size: 1000 })).toBe('')
    expect(checkFile({ name: 'a.txt', type: 'text/plain', size: 10 })).toBe('form.attachType')
    expect(checkFile({ name: 'a.pdf', type: 'image/png', size: 10 })).toBe('form.attachType')
    expect(checkFile({ name: 'a.svg', type: 'image/svg+xml', size: 10 })).toBe('form.attachType')
    expect(checkFile({ name: 'big.jpg', type: 'image/jpeg', size: 10 * 1024 * 1024 + 1 })).toBe('form.attachSize')
  })
  it('searches the top two category levels in either language', () => {
    expect(searchCategories(FORM.categories, '市容').map((c) => c.id)).toEqual(['2'])
    expect(searchCategories(FORM.categories, 'environment', 'en')[0]).toMatchObject({ id: '3', name: 'Environment' })
    expect(searchCategories(FORM.categories, '城乡').map((c) => c.id)).toEqual(['1', '2'])  // parent name matches
  })
  it('says 429 with the wait', () => {
    const i18n = makePublicI18n('zh-CN')
    const e = new ApiError(429, 'rate_limited', '')
    e.retryAfter = 30
    expect(publicErrorText(e, i18n.global.t)).toContain('30')
  })
  it('has every zh-CN key in English too', () => {
    const keys = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${p}${k}.`) : [`${p}${k}`]))
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
})

describe('MailboxView', () => {
  async function filled(api) {
    const { wrapper, router } = await mountPublic(MailboxView, { props: { api }, path: '/mailbox' })
    await wrapper.find('[data-test="name"]').setValue('李四')
    await wrapper.find('[data-test="phone"]').setValue('13812345678')
    await wrapper.find('[data-test="content"]').setValue('小区路灯坏了一个星期，晚上很危险。')
    await wrapper.find('[data-test="consent"]').setValue(true)
    return { wrapper, router }
  }
  it('a double click sends one request with one Idempotency-Key and shows the result', async () => {
    let release
    const api = fakeApi({ submit: vi.fn(() => new Promise((r) => { release = r })) })
    const { wrapper, router } = await filled(api)
    await wrapper.find('form').trigger('submit')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.find('[data-test="submit"]').attributes('disabled')).toBeDefined()
    release({ number: '2611290001', query_code: '123456' })
    await flushPromises()
    expect(api.submit).toHaveBeenCalledTimes(1)
    expect(api.submit.mock.calls[0][1]).toMatch(/[0-9a-f-]{36}/)
    expect(router.currentRoute.value.path).toBe('/result')
    wrapper.unmount()
  })
  it('keeps the key after a lost answer, so the retry cannot make a second case', async () => {
    const api = fakeApi({ submit: vi.fn().mockRejectedValueOnce(new ApiError(0, 'network', '')).mockResolvedValue({ number: '1', query_code: '2' }) })
    const { wrapper } = await filled(api)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="send-error"]').text()).toContain('网络')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.submit.mock.calls[1][1]).toBe(api.submit.mock.calls[0][1])
    wrapper.unmount()
  })
  it('refuses without consent and sends nothing', async () => {
    const api = fakeApi()
    const { wrapper } = await filled(api)
    await wrapper.find('[data-test="consent"]').setValue(false)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.submit).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('请先阅读并同意隐私政策')
    wrapper.unmount()
  })
  it('says when the server is rate limiting', async () => {
    const e = new ApiError(429, 'rate_limited', '')
    e.retryAfter = 42
    const api = fakeApi({ submit: vi.fn().mockRejectedValue(e) })
    const { wrapper } = await filled(api)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="send-error"]').text()).toContain('42')
    wrapper.unmount()
  })
})

describe('AttachmentInput', () => {
  it('uploads good files at once and refuses others before upload', async () => {
    const upload = vi.fn(async (f) => ({ upload_id: `u-${f.name}` }))
    const { wrapper } = await mountPublic(AttachmentInput, { props: { upload } })
    const input = wrapper.find('[data-test="attach-input"]')
    const files = [new File(['x'], 'photo.png', { type: 'image/png' }), new File(['x'], 'notes.txt', { type: 'text/plain' })]
    Object.defineProperty(input.element, 'files', { value: files, configurable: true })
    globalThis.URL.createObjectURL = globalThis.URL.createObjectURL || (() => 'blob:x')
    globalThis.URL.revokeObjectURL = globalThis.URL.revokeObjectURL || (() => {})
    await input.trigger('change')
    await flushPromises()
    expect(upload).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-test="attach-error"]').text()).toContain('notes.txt')
    expect(wrapper.vm.ids()).toEqual(['u-photo.png'])
    wrapper.unmount()
  })
})

describe('TrackView', () => {
  it('shows progress and the reply, and rates', async () => {
    const c = { number: '2611290001', title: '路灯不亮', status: 'callback_pending', status_label: '已答复', created_at: '2026-11-29T09:00:00+08:00', replied: true, reply: '已修复。', rating: null, can_rate: true }
    const api = fakeApi({ track: vi.fn(async () => c), rate: vi.fn(async () => ({ ...c, status: 'closed', status_label: '已办结', can_rate: false, rating: { satisfaction: 'satisfied' } })) })
    const { wrapper } = await mountPublic(TrackView, { props: { api }, path: '/track?number=2611290001' })
    expect(wrapper.find('[data-test="track-number"]').element.value).toBe('2611290001')
    await wrapper.find('[data-test="track-code"]').setValue('123456')
    await wrapper.find('[data-test="track-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="track-reply"]').text()).toBe('已修复。')
    expect(wrapper.find('.steps .now').text()).toBe('已答复')
    await wrapper.find('[data-test="sat-satisfied"]').setValue(true)
    await wrapper.find('[data-test="resolved-yes"]').setValue(true)
    await wrapper.find('[data-test="rate-form"]').trigger('submit')
    await flushPromises()
    expect(api.rate).toHaveBeenCalledWith('2611290001', '123456', 'satisfied', true)
    expect(wrapper.find('[data-test="rate-done"]').exists()).toBe(true)
    wrapper.unmount()
  })
  it('a wrong code is the plain not-found message', async () => {
    const api = fakeApi({ track: vi.fn().mockRejectedValue(new ApiError(404, 'not_found', '')) })
    const { wrapper } = await mountPublic(TrackView, { props: { api }, path: '/track' })
    await wrapper.find('[data-test="track-number"]').setValue('1')
    await wrapper.find('[data-test="track-code"]').setValue('2')
    await wrapper.find('[data-test="track-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="track-error"]').text()).toContain('没有找到')
    wrapper.unmount()
  })
})

describe('LettersView and StatsView', () => {
  it('lists letters and filters by kind', async () => {
    const api = fakeApi({ letters: vi.fn(async () => ({ items: [{ id: '7', title: '道路破损', type: 'complaint', excerpt: '道路有坑', received_at: '2026-11-01', category: { name: '城乡建设' } }], total: 1, next_cursor: null })) })
    const { wrapper } = await mountPublic(LettersView, { props: { api } })
    expect(wrapper.find('[data-test="letter-7"]').text()).toContain('道路破损')
    await wrapper.find('[data-test="letters-type"]').setValue('praise')
    await flushPromises()
    expect(api.letters).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'praise' }))
    wrapper.unmount()
  })
  it('shows the month in English with the definitions', async () => {
    const stats = { month: '2026-11', total: 30, by_type: [{ key: 'complaint', count: 30 }], by_category: [], by_district: [],
      on_time: { replied: 20, on_time: 19, rate: 0.95 }, satisfaction: { rated: 10, satisfied: 8, basically_satisfied: 1, unsatisfied: 1, rate: 0.9 } }
    const api = fakeApi({ stats: vi.fn(async () => stats) })
    const { wrapper } = await mountPublic(StatsView, { props: { api }, locale: 'en' })
    expect(wrapper.find('[data-test="stats-total"]').text()).toBe('30')
    expect(wrapper.find('[data-test="stats-ontime"]').text()).toBe('95.0%')
    expect(wrapper.find('[data-test="stats-defs"]').text()).toContain('(19 / 20)')
    wrapper.unmount()
  })
})
