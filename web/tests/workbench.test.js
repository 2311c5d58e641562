import { describe, it, expect, vi, beforeEach } from 'vitest'
import { mountWith, flushPromises } from './helpers.js'

vi.mock('../src/api/index.js', () => ({
  cases: { list: vi.fn(), action: vi.fn(), get: vi.fn() },
  ref: { units: vi.fn(), categories: vi.fn(), suggest: vi.fn() },
}))
const api = await import('../src/api/index.js')
const { default: WorkbenchView } = await import('../src/views/WorkbenchView.vue')
const { useAuthStore } = await import('../src/stores/auth.js')
const { useRefStore } = await import('../src/stores/ref.js')
const { useLiveStore } = await import('../src/stores/live.js')

const soon = new Date(Date.now() + 3600 * 1000).toISOString()
const late = new Date(Date.now() - 3600 * 1000).toISOString()
const mk = (id, number, a = {}) => ({
  id, number, title: `工单${number}`, type: 'complaint', status: 'dispatched', version: 1, created_at: '2026-11-28T09:00:00+08:00',
  allowed_actions: ['sign'], assignments: [{ unit_id: '5', unit_name: '东街街道', role: 'lead', status: 'pending', sign_due_at: soon, sla: 'warning', ...a }],
})
function setup(p) {
  useAuthStore(p).user = { id: 'u', name: '王承办', roles: ['handler'], unit_id: '5', unit_name: '东街街道' }
  useAuthStore(p).checked = true
  useRefStore(p).units = [{ id: '5', name: '东街街道', kind: 'street', parent_id: null }]
}

describe('unit workbench', () => {
  beforeEach(() => vi.clearAllMocks())

  it('lists the cases to sign with coloured countdowns, filtered to my unit', async () => {
    api.cases.list.mockImplementation(async (q) => (q.limit === 1 ? { items: [], total: 3 } : { items: [mk('1', '2611280001'), mk('2', '2611280002', { sign_due_at: late, sla: 'overdue' })], total: 2, next_cursor: null }))
    const { wrapper } = await mountWith(WorkbenchView, { path: '/workbench', setup })
    const listCall = api.cases.list.mock.calls.find((c) => c[0].limit !== 1)[0]
    expect(listCall).toMatchObject({ mine: 'true', assignment_status: 'pending', sort: 'due_at', limit: 20 })
    const text = wrapper.text()
    expect(text).toContain('2611280001')
    expect(wrapper.findAll('.countdown.sla-warning').length).toBe(1)
    expect(wrapper.findAll('.countdown.sla-overdue').length).toBe(1)
    expect(wrapper.findAll('[data-test="sign-btn"]').length).toBe(2)
    wrapper.unmount()
  })

  it('signs with one click, sending the version', async () => {
    api.cases.list.mockResolvedValue({ items: [mk('1', '2611280001')], total: 1 })
    api.cases.action.mockResolvedValue({})
    const { wrapper } = await mountWith(WorkbenchView, { path: '/workbench', setup })
    await wrapper.find('[data-test="sign-btn"]').trigger('click')
    await flushPromises()
    expect(api.cases.action).toHaveBeenCalledWith('1', 'sign', { version: 1 })
    wrapper.unmount()
  })

  it('a case dispatched to the unit appears without a reload', async () => {
    let items = [mk('1', '2611280001')]
    api.cases.list.mockImplementation(async (q) => ({ items: q.limit === 1 ? [] : items, total: items.length }))
    const { wrapper, pinia } = await mountWith(WorkbenchView, { path: '/workbench', setup })
    expect(wrapper.text()).not.toContain('2611280042')
    items = [...items, mk('42', '2611280042')]
    vi.useFakeTimers()
    useLiveStore(pinia).emit({ id: '42', number: '2611280042', status: 'dispatched', action: 'dispatch', unit_ids: ['5'] })
    vi.advanceTimersByTime(1000)
    vi.useRealTimers()
    await flushPromises()
    expect(wrapper.text()).toContain('2611280042')
    wrapper.unmount()
  })

  it('keeps the tab, filters and page in the URL', async () => {
    api.cases.list.mockResolvedValue({ items: [mk('1', '2611280001')], total: 45, next_cursor: 'CUR2' })
    const { wrapper, router } = await mountWith(WorkbenchView, { path: '/workbench?tab=overdue', setup })
    const call = api.cases.list.mock.calls.find((c) => c[0].limit !== 1 && c[0].sla === 'overdue')
    expect(call).toBeTruthy()
    await wrapper.find('[data-test="next"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toMatchObject({ tab: 'overdue', cursor: 'CUR2' })
    expect(api.cases.list.mock.calls.at(-1)[0]).toMatchObject({ cursor: 'CUR2', sla: 'overdue' })
    expect(wrapper.text()).toContain('第 2 / 3 页')
    await wrapper.find('[data-test="prev"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.cursor).toBeUndefined()
    wrapper.unmount()
  })

  it('shows an API error in plain words with a retry, and an empty state', async () => {
    const { ApiError } = await import('../src/api/client.js')
    let fail = true
    api.cases.list.mockImplementation(async (q) => {
      if (q.limit !== 1 && fail) { fail = false; throw new ApiError(403, 'forbidden', 'outside your data scope') }
      return { items: [], total: 0 }
    })
    const { wrapper } = await mountWith(WorkbenchView, { path: '/workbench?tab=all', setup })
    expect(wrapper.find('[role="alert"]').text()).toContain('没有权限执行此操作')
    expect(wrapper.find('[role="alert"]').text()).toContain('outside your data scope')
    await wrapper.find('.retry').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('暂无工单')
    wrapper.unmount()
  })
})
