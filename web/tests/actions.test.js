import { describe, it, expect, vi, beforeEach } from 'vitest'
import { ACTIONS } from '../src/utils/enums.js'
import { ACTION_FORMS, initialForm, missingFields, sortActions } from '../src/utils/actions.js'
import { myAssignment, currentDeadline, rowDeadline, pendingExtension } from '../src/utils/cases.js'
import { ApiError } from '../src/api/client.js'
import { mountWith, flushPromises } from './helpers.js'

vi.mock('../src/api/index.js', () => ({
  cases: { action: vi.fn(), list: vi.fn(), get: vi.fn(), upload: vi.fn() },
  ref: { units: vi.fn(), categories: vi.fn(), suggest: vi.fn() },
}))
const api = await import('../src/api/index.js')
const { default: ActionDialog } = await import('../src/components/ActionDialog.vue')
const { default: DispatchDialog } = await import('../src/components/DispatchDialog.vue')
const { useRefStore } = await import('../src/stores/ref.js')

describe('action forms', () => {
  it('every workflow action has a form', () => {
    for (const a of ACTIONS) expect(ACTION_FORMS[a], a).toBeTruthy()
  })
  it('fills defaults and knows what is missing', () => {
    const t = (k) => `T(${k})`
    expect(initialForm('reply')).toEqual({ reply: '', resolved: true })
    expect(initialForm('approve_reply', { reply: '已处理' })).toEqual({ reply_to_citizen: '已处理' })
    expect(initialForm('urge', {}, t)).toEqual({ note: 'T(defaults.urge)' })
    const sup = initialForm('supervise', {}, t, new Date('2026-01-01T00:00:00Z'))
    expect(sup.due_at).toBe('2026-01-03T08:00:00') // city wall clock (+08:00), whatever the machine's zone
    expect(missingFields('return', { reason: ' ' })).toEqual(['reason'])
    expect(missingFields('callback', { satisfaction: '', resolved: true })).toEqual(['satisfaction'])
    expect(missingFields('sign', {})).toEqual([])
  })
  it('orders the buttons: the usual next step first, destructive last, unknown dropped', () => {
    expect(sortActions(['invalidate', 'comment', 'dispatch', 'nonsense', 'answer'])).toEqual(['dispatch', 'answer', 'comment', 'invalidate'])
  })
})

describe('assignments', () => {
  const kase = {
    due_at: '2026-12-10T18:00:00+08:00', sla: 'ok',
    assignments: [
      { unit_id: '10', role: 'co', status: 'signed', due_at: '2026-12-05T18:00:00+08:00', sla: 'warning' },
      { unit_id: '11', role: 'lead', status: 'pending', sign_due_at: '2026-12-01T11:00:00+08:00', due_at: '2026-12-08T18:00:00+08:00', sla: 'ok' },
      { unit_id: '12', role: 'lead', status: 'returned', due_at: '2026-11-30T18:00:00+08:00', sla: 'overdue' },
    ],
  }
  it("picks the user's unit assignment, active first", () => {
    expect(myAssignment(kase, new Set(['11', '12'])).unit_id).toBe('11')
    expect(myAssignment(kase, ['99'])).toBeNull()
  })
  it('shows the signing deadline while pending, else the resolve deadline (extended when approved)', () => {
    expect(currentDeadline(kase.assignments[1])).toMatchObject({ due: '2026-12-01T11:00:00+08:00', kind: 'sign' })
    expect(currentDeadline({ ...kase.assignments[0], extension: { status: 'approved', until: '2026-12-20T18:00:00+08:00' } }).due).toBe('2026-12-20T18:00:00+08:00')
    expect(rowDeadline(kase, new Set(['10']))).toMatchObject({ sla: 'warning', kind: 'resolve' })
    expect(rowDeadline(kase, null).kind).toBe('sign') // the active lead
    expect(pendingExtension({ assignments: [{ extension: { status: 'pending' } }] })).toBeTruthy()
  })
})

describe('ActionDialog', () => {
  beforeEach(() => vi.clearAllMocks())
  const kase = { id: 'c1', number: '2611280001', version: 7, reply: '已安排整改' }

  it('requires the fields, then sends them with the version', async () => {
    api.cases.action.mockResolvedValueOnce({ ...kase, version: 8, status: 'return_requested' })
    const { wrapper } = await mountWith(ActionDialog, { props: { modelValue: false, action: 'return', kase } })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    document.querySelector('[data-test="action-submit"]').click()
    await flushPromises()
    expect(api.cases.action).not.toHaveBeenCalled()
    const ta = document.querySelector('#act-return-reason')
    ta.value = '不属于本单位职责，应由区市场监管局办理'
    ta.dispatchEvent(new Event('input'))
    await flushPromises()
    document.querySelector('[data-test="action-submit"]').click()
    await flushPromises()
    expect(api.cases.action).toHaveBeenCalledWith('c1', 'return', { version: 7, reason: '不属于本单位职责，应由区市场监管局办理' })
    expect(wrapper.emitted('done')[0][0].version).toBe(8)
    wrapper.unmount()
  })

  it('on a stale version says so in plain words and asks the page to reload', async () => {
    api.cases.action.mockRejectedValueOnce(new ApiError(409, 'stale_version', 'version 7 is stale'))
    const { wrapper } = await mountWith(ActionDialog, { props: { modelValue: false, action: 'sign', kase } })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    document.querySelector('[data-test="action-submit"]').click()
    await flushPromises()
    expect(wrapper.emitted('stale')).toBeTruthy()
    expect(document.body.textContent).toContain('该工单已被他人修改')
    wrapper.unmount()
  })

  it('prefills the reply to the citizen from the unit reply', async () => {
    api.cases.action.mockResolvedValueOnce({ ...kase, version: 8 })
    const { wrapper } = await mountWith(ActionDialog, { props: { modelValue: false, action: 'approve_reply', kase } })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(document.querySelector('#act-approve_reply-reply_to_citizen').value).toBe('已安排整改')
    document.querySelector('[data-test="action-submit"]').click()
    await flushPromises()
    expect(api.cases.action).toHaveBeenCalledWith('c1', 'approve_reply', { version: 7, reply_to_citizen: '已安排整改' })
    wrapper.unmount()
  })
})

describe('DispatchDialog', () => {
  beforeEach(() => vi.clearAllMocks())
  const units = [
    { id: '1', code: 'C', name: '热线中心', kind: 'centre', parent_id: null },
    { id: '2', code: 'D1', name: '鼓楼区', kind: 'district', parent_id: '1', can_dispatch: true },
    { id: '3', code: 'S1', name: '东街街道', kind: 'street', parent_id: '2' },
    { id: '4', code: 'B1', name: '市住建局', kind: 'department', parent_id: '1' },
  ]
  const kase = { id: 'c1', number: '2611280001', version: 2, category_id: '9', location: { district_id: '2' }, title: '噪音', content: '夜间施工' }

  it('preselects the lead and co-handling units suggested by the routing rules', async () => {
    api.ref.suggest.mockResolvedValueOnce({ lead_unit_id: '2', co_unit_ids: ['4'], reason: '分类默认主办' })
    api.cases.action.mockResolvedValueOnce({ ...kase, version: 3, status: 'dispatched' })
    const { wrapper } = await mountWith(DispatchDialog, { props: { modelValue: false, kase }, setup: () => { useRefStore().units = units } })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(api.ref.suggest).toHaveBeenCalledWith('9', '2')
    expect(document.querySelector('[data-test="suggestion"]').textContent).toContain('鼓楼区')
    expect(document.querySelector('[data-test="suggestion"]').textContent).toContain('分类默认主办')
    document.querySelector('[data-test="dispatch-submit"]').click()
    await flushPromises()
    expect(api.cases.action).toHaveBeenCalledWith('c1', 'dispatch', { version: 2, lead_unit_id: '2', co_unit_ids: ['4'] })
    wrapper.unmount()
  })

  it('a sub-centre dispatches on to its own streets only, without asking the routing rules', async () => {
    const { wrapper } = await mountWith(DispatchDialog, { props: { modelValue: false, kase, onlyUnder: '2' }, setup: () => { useRefStore().units = units } })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(api.ref.suggest).not.toHaveBeenCalled()
    document.querySelector('[data-test="dispatch-submit"]').click()
    await flushPromises()
    expect(api.cases.action).not.toHaveBeenCalled() // no lead unit chosen yet
    wrapper.unmount()
  })
})
