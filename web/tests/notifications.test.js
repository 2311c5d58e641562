import { describe, it, expect, vi } from 'vitest'
import { ApiError } from '../src/api/client.js'
import { mountWith, flushPromises } from './helpers.js'

const templates = [
  { key: 'case_received', lang: 'zh-CN', audience: 'citizen', description: '受理短信（市民）', placeholders: ['case_number', 'query_code', 'title'], subject: '受理 {case_number}', body: '【12345】工单编号{case_number}，查询码{query_code}。', custom: false },
  { key: 'unit_dispatched', lang: 'en', audience: 'unit', description: 'Case dispatched (unit)', placeholders: ['case_number', 'unit'], subject: 'New case', body: '[12345] {unit}: case {case_number}', custom: true },
]
vi.mock('../src/api/index.js', () => ({
  ref: { units: vi.fn(async () => ({ items: [] })), categories: vi.fn(async () => ({ items: [] })) },
  notify: {
    templates: vi.fn(async () => ({ items: templates })),
    putTemplate: vi.fn(),
    resetTemplate: vi.fn(async () => ({})),
    contacts: vi.fn(async () => ({ items: [{ id: '1', unit_id: '5', role: 'duty', name: '值班员', phone: '13900000001', email: 'duty@zjj.gov.cn', lang: 'zh-CN', disabled: false }] })),
    addContact: vi.fn(), updateContact: vi.fn(), removeContact: vi.fn(),
    outbox: vi.fn(async () => ({ items: [{ id: 'ntf-1', kind: 'sms', audience: 'citizen', recipient: '137****1111', template_key: 'case_received', case_number: '2611280001', state: 'failed', attempts: 10, last_error: 'gateway answered HTTP 503', created_at: '2026-11-28T10:00:00+08:00' }], counts: { pending: 2, sending: 0, sent: 7, failed: 1 } })),
    retry: vi.fn(async () => ({ id: 'ntf-1', state: 'pending' })),
  },
}))
const api = await import('../src/api/index.js')
const { default: NotificationsView } = await import('../src/views/admin/NotificationsView.vue')

describe('NotificationsView', () => {
  it('lists templates, recipients and the outbox with its counts', async () => {
    const { wrapper } = await mountWith(NotificationsView)
    const text = document.body.textContent
    expect(text).toContain('受理短信（市民）')
    expect(text).toContain('已修改')
    expect(text).toContain('13900000001')
    expect(text).toContain('137****1111')
    expect(text).toContain('失败 (1)')
    expect(text).toContain('已发送 (7)')
    wrapper.unmount()
  })

  it('shows the server\'s placeholder error when a template edit is refused', async () => {
    api.notify.putTemplate.mockRejectedValueOnce(new ApiError(400, 'invalid_argument', 'body: {unit} is not a placeholder of this template', { field: 'body' }))
    const { wrapper } = await mountWith(NotificationsView)
    const edit = wrapper.findAll('button').find((b) => b.text() === '编辑')
    await edit.trigger('click')
    await flushPromises()
    const save = [...document.querySelectorAll('.el-dialog button')].find((b) => b.textContent.trim() === '保存')
    save.click()
    await flushPromises()
    expect(api.notify.putTemplate).toHaveBeenCalledWith('case_received', 'zh-CN', { subject: '受理 {case_number}', body: '【12345】工单编号{case_number}，查询码{query_code}。' })
    expect(document.body.textContent).toContain('is not a placeholder')
    wrapper.unmount()
  })

  it('retries a failed message', async () => {
    const { wrapper } = await mountWith(NotificationsView)
    const retry = wrapper.findAll('button').find((b) => b.text() === '重新发送')
    await retry.trigger('click')
    await flushPromises()
    expect(api.notify.retry).toHaveBeenCalledWith('ntf-1')
    wrapper.unmount()
  })
})
