import { describe, it, expect, vi, beforeEach } from 'vitest'
import { ApiError } from '../src/api/client.js'
import { createSubmitter, emptyIntake, intakeBody, validateIntake } from '../src/utils/intake.js'
import { uuid } from '../src/utils/uuid.js'
import { mountWith, flushPromises } from './helpers.js'

vi.mock('../src/api/index.js', () => ({
  cases: { create: vi.fn(), byCaller: vi.fn(), action: vi.fn(), list: vi.fn(), get: vi.fn(), upload: vi.fn() },
  ref: { units: vi.fn(async () => ({ items: [] })), categories: vi.fn(async () => ({ items: [] })), suggest: vi.fn() },
  knowledge: { list: vi.fn(async () => ({ items: [], total: 0, next_cursor: null })), get: vi.fn() },
}))
const api = await import('../src/api/index.js')
const { default: IntakeView } = await import('../src/views/IntakeView.vue')

const valid = () => ({ ...emptyIntake(), content: '小区楼下夜间施工噪音扰民', phone: '13812345678', name: '张三' })

describe('validateIntake', () => {
  it('accepts a complete form', () => {
    expect(validateIntake(valid())).toEqual({})
  })
  it('requires the citizen\'s words, at least 5 characters', () => {
    expect(validateIntake({ ...valid(), content: '  ' }).content).toBe('validation.required')
    expect(validateIntake({ ...valid(), content: '噪音扰民' }).content).toBe('validation.contentShort')
    expect(validateIntake({ ...valid(), content: 'x'.repeat(4001) }).content).toBe('validation.tooLong')
  })
  it('checks the phone number format', () => {
    expect(validateIntake({ ...valid(), phone: '12ab' }).phone).toBe('validation.phone')
    expect(validateIntake({ ...valid(), phone: '010-6512 3456' }).phone).toBeUndefined()
    expect(validateIntake({ ...valid(), phone: '+86 138 1234 5678' }).phone).toBeUndefined()
  })
  it('needs a phone or a name for a phone call, unless confidential', () => {
    expect(validateIntake({ ...valid(), phone: '', name: '' }).phone).toBe('validation.phoneOrName')
    expect(validateIntake({ ...valid(), phone: '', name: '李四' }).phone).toBeUndefined()
    expect(validateIntake({ ...valid(), phone: '', name: '', confidential: true }).phone).toBeUndefined()
    expect(validateIntake({ ...valid(), phone: '', name: '', channel: 'letter' }).phone).toBeUndefined()
  })
  it('requires a known type and channel', () => {
    expect(validateIntake({ ...valid(), type: 'gossip' }).type).toBe('validation.required')
    expect(validateIntake({ ...valid(), channel: '' }).channel).toBe('validation.required')
  })
})

describe('intakeBody', () => {
  it('shapes the API body: trimmed, phone without separators, optional ids only when set', () => {
    const body = intakeBody({ ...valid(), content: ' 噪音扰民很严重 ', phone: '138-1234-5678', category_id: 12, district_id: '3', address: ' 人民路 1 号 ', urgent: true })
    expect(body).toEqual({
      type: 'consultation', channel: 'phone', content: '噪音扰民很严重', urgent: true, confidential: false,
      citizen: { name: '张三', phone: '13812345678' }, location: { address: '人民路 1 号', district_id: '3' }, category_id: '12',
    })
    expect(intakeBody(valid())).not.toHaveProperty('category_id')
    expect(intakeBody(valid()).location).not.toHaveProperty('district_id')
  })
})

describe('createSubmitter (Idempotency-Key)', () => {
  let n
  const keys = () => `k${++n}`
  beforeEach(() => { n = 0 })

  it('reuses the same key when retrying after a lost reply', async () => {
    const create = vi.fn()
      .mockRejectedValueOnce(new ApiError(0, 'network', 'Failed to fetch'))
      .mockRejectedValueOnce(new ApiError(503, 'server', ''))
      .mockResolvedValueOnce({ id: '1', number: '2611280001' })
    const s = createSubmitter(create, keys)
    await expect(s.submit({})).rejects.toThrow()
    await expect(s.submit({})).rejects.toThrow()
    await expect(s.submit({})).resolves.toMatchObject({ number: '2611280001' })
    expect(create.mock.calls.map((c) => c[1])).toEqual(['k1', 'k1', 'k1'])
    expect(s.key).toBe('k2') // the next case gets a new key
  })
  it('a double click sends one request', async () => {
    let resolve
    const create = vi.fn(() => new Promise((r) => { resolve = r }))
    const s = createSubmitter(create, keys)
    const a = s.submit({})
    const b = s.submit({})
    expect(s.busy).toBe(true)
    resolve({ id: '1' })
    expect(await a).toEqual({ id: '1' })
    expect(await b).toEqual({ id: '1' })
    expect(create).toHaveBeenCalledTimes(1)
  })
  it('takes a new key after a definite rejection (nothing was created)', async () => {
    const create = vi.fn().mockRejectedValueOnce(new ApiError(400, 'invalid_argument', '')).mockResolvedValueOnce({ id: '1' })
    const s = createSubmitter(create, keys)
    await s.submit({}).catch(() => {})
    await s.submit({})
    expect(create.mock.calls.map((c) => c[1])).toEqual(['k1', 'k2'])
  })
  it('generates RFC 4122 v4 UUIDs', () => {
    const a = uuid()
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(uuid()).not.toBe(a)
  })
})

describe('IntakeView', () => {
  beforeEach(() => { vi.clearAllMocks() })

  it('shows what is missing and sends nothing', async () => {
    const { wrapper } = await mountWith(IntakeView, { path: '/intake' })
    await wrapper.find('[data-test="intake-form"]').trigger('submit')
    await flushPromises()
    expect(api.cases.create).not.toHaveBeenCalled()
    expect(wrapper.vm.errors).toEqual({ content: 'validation.required', phone: 'validation.phoneOrName' })
    expect(wrapper.find('#intake-content').element.closest('.el-form-item').classList).toContain('is-error')
    expect(document.activeElement.id).toBe('intake-content') // the first problem gets the focus
    wrapper.unmount()
  })

  it('retries a failed save with the same Idempotency-Key and shows the number and query code', async () => {
    api.cases.create
      .mockRejectedValueOnce(new ApiError(0, 'network', ''))
      .mockResolvedValueOnce({ id: 'c1', number: '2611280001', query_code: '583920', status: 'new', version: 1, allowed_actions: ['dispatch'] })
    api.cases.byCaller.mockResolvedValue({ items: [] })
    const { wrapper } = await mountWith(IntakeView, { path: '/intake', props: { popDelay: 0 } })
    await wrapper.find('#intake-phone').setValue('13812345678')
    await wrapper.find('#intake-content').setValue('小区楼下夜间施工噪音扰民，已持续一周')
    await wrapper.find('[data-test="intake-form"]').trigger('submit')
    await flushPromises()
    expect(document.body.textContent).toContain('无法连接服务器')
    expect(document.body.textContent).toContain('不会重复建单')
    await wrapper.find('[data-test="intake-form"]').trigger('submit')
    await flushPromises()
    const [first, second] = api.cases.create.mock.calls
    expect(second[1]).toBe(first[1])
    expect(first[0]).toMatchObject({ content: '小区楼下夜间施工噪音扰民，已持续一周', citizen: { phone: '13812345678' } })
    expect(document.querySelector('[data-test="case-number"]').textContent).toBe('2611280001')
    expect(document.querySelector('[data-test="query-code"]').textContent).toBe('583920')
    // The next call gets a fresh key.
    wrapper.vm.reset()
    await wrapper.find('#intake-content').setValue('另一位市民咨询公积金提取办理流程')
    await wrapper.find('#intake-phone').setValue('13900000000')
    api.cases.create.mockResolvedValueOnce({ id: 'c2', number: '2611280002', status: 'new', version: 1 })
    await wrapper.find('[data-test="intake-form"]').trigger('submit')
    await flushPromises()
    expect(api.cases.create.mock.calls[2][1]).not.toBe(first[1])
    wrapper.unmount()
  })

  it("pops up the caller's earlier cases when the phone number is typed", async () => {
    api.cases.byCaller.mockResolvedValue({ items: [
      { id: 'a', number: '2610010001', status: 'closed', type: 'complaint', title: '噪音投诉', created_at: '2026-10-01T09:00:00+08:00', citizen: { name: '王五', phone: '13812345678' } },
    ] })
    const { wrapper } = await mountWith(IntakeView, { path: '/intake', props: { popDelay: 0 } })
    await wrapper.find('#intake-phone').setValue('138 1234 5678')
    await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    expect(api.cases.byCaller).toHaveBeenCalledWith('13812345678', expect.anything())
    const pop = wrapper.find('[data-test="screen-pop"]')
    expect(pop.text()).toContain('2610010001')
    expect(pop.text()).toContain('噪音投诉')
    expect(pop.text()).toContain('1 件')
    expect(wrapper.text()).toContain('用“王五”')
    wrapper.unmount()
  })

  it('does not look up a number that is too short', async () => {
    const { wrapper } = await mountWith(IntakeView, { path: '/intake', props: { popDelay: 0 } })
    await wrapper.find('#intake-phone').setValue('1381')
    await new Promise((r) => setTimeout(r, 5))
    expect(api.cases.byCaller).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('saves with Ctrl+Enter from anywhere on the form', async () => {
    api.cases.create.mockResolvedValueOnce({ id: 'c1', number: '2611280003', status: 'new', version: 1 })
    const { wrapper } = await mountWith(IntakeView, { path: '/intake' })
    await wrapper.find('#intake-name').setValue('赵六')
    await wrapper.find('#intake-content').setValue('咨询新生儿医保参保办理地点')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }))
    await flushPromises()
    expect(api.cases.create).toHaveBeenCalledTimes(1)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3', altKey: true }))
    wrapper.unmount()
  })

  it('searches the knowledge base as the agent types, with an honest empty state', async () => {
    const { wrapper, pinia } = await mountWith(IntakeView, { path: '/intake', props: { popDelay: 0 } })
    const { useRefStore } = await import('../src/stores/ref.js')
    const refs = useRefStore(pinia)
    refs.categories = [
      { id: '1', name: '城乡建设', code: '01', parent_id: null, keywords: [] },
      { id: '2', name: '噪音扰民', code: '0101', parent_id: '1', keywords: ['施工噪音'], default_lead_unit_id: null },
    ]
    api.knowledge.list.mockClear()
    wrapper.vm.form.category_id = '2'
    await flushPromises()
    await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    const panel = wrapper.find('[data-test="knowledge"]')
    expect(panel.text()).toContain('城乡建设 / 噪音扰民')
    expect(api.knowledge.list).toHaveBeenLastCalledWith({ q: '噪音扰民', live: 'true', limit: 6 })
    expect(panel.text()).toContain('该分类暂无知识库文章')
    wrapper.unmount()
  })

  it('answers the call with an article in one click: registers, then answers with the article id', async () => {
    const { wrapper } = await mountWith(IntakeView, { path: '/intake', props: { popDelay: 0 } })
    api.knowledge.list.mockResolvedValue({ items: [{ id: '7', title: '停水报修', title_html: '<mark>停水</mark>报修', snippet_html: '提供<b>地址</b>', unit_name: '市自来水公司', usage_count: 2 }], total: 1 })
    api.knowledge.get.mockResolvedValue({ id: '7', title: '停水报修', body: '## 步骤\n1. **提供地址**' })
    api.cases.create.mockReset()
    api.cases.action.mockReset()
    api.cases.create.mockResolvedValue({ id: '55', number: '2611280055', version: 1, status: 'new', query_code: '123456', allowed_actions: ['answer'] })
    api.cases.action.mockResolvedValue({ id: '55', number: '2611280055', version: 2, status: 'answered', kb_article_id: '7', allowed_actions: [] })
    Object.assign(wrapper.vm.form, { phone: '13812345678', name: '张三' })
    await wrapper.find('#intake-content').setValue('小区停水了，什么时候来水')
    await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    const panel = wrapper.find('[data-test="knowledge"]')
    expect(panel.html()).toContain('<mark>停水</mark>报修')
    expect(api.knowledge.list.mock.calls.at(-1)[0].q).toContain('停水')
    await panel.find('[data-test="kb-answer"]').trigger('click')
    await flushPromises()
    expect(api.cases.create).toHaveBeenCalledTimes(1)
    expect(api.cases.action).toHaveBeenCalledWith('55', 'answer', { version: 1, reply: '《停水报修》\n步骤\n1. 提供地址', kb_article_id: '7' })
    expect(document.body.textContent).toContain('2611280055')
    wrapper.unmount()
  })
})
