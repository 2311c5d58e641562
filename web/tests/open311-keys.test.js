import { describe, it, expect, vi, beforeEach } from 'vitest'
import { ApiError } from '../src/api/client.js'
import { mountWith, flushPromises } from './helpers.js'

const SECRET = 'o311_0123456789abcdef0123456789abcdef0123456789abcdef'
const older = { id: 'k1', name: '市城管局巡查系统', prefix: 'o311_aa11bb2', created_by: 'u1', created_at: '2026-11-20T09:15:00+08:00', revoked_at: null, active: true }
const newer = { id: 'k2', name: '江城随手拍 App', prefix: 'o311_cc33dd4', created_by: 'u1', created_at: '2026-11-27T16:40:00+08:00', revoked_at: null, active: true }
const gone = { id: 'k0', name: '旧版微信小程序', prefix: 'o311_ee55ff6', created_by: 'u9', created_at: '2026-10-02T08:00:00+08:00', revoked_at: '2026-11-01T10:30:00+08:00', active: false }

vi.mock('../src/api/index.js', () => ({
  open311Keys: { list: vi.fn(), create: vi.fn(), revoke: vi.fn() },
  users: { list: vi.fn(async () => ({ items: [{ id: 'u1', username: 'admin', name: '系统管理员' }] })) },
}))
const api = await import('../src/api/index.js')
const { default: View } = await import('../src/views/admin/Open311KeysView.vue')

const rows = () => [...document.querySelectorAll('[data-test="o311-table"] .el-table__body tbody tr')].map((tr) => tr.textContent)
const dialogButton = (text) => [...document.querySelectorAll('.el-dialog button')].find((b) => b.textContent.trim() === text)
const dialogText = () => [...document.querySelectorAll('.el-dialog')].map((d) => d.textContent).join(' ')
// Waits until cond() holds (the dialogs and message boxes render on later ticks), or fails with what is on screen.
async function until(cond, ms = 3000) {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out; the page says: ${document.body.textContent.slice(0, 800)}`)
    await flushPromises()
    await new Promise((r) => setTimeout(r, 20))
  }
}
const settle = async () => { for (let i = 0; i < 5; i++) { await flushPromises(); await new Promise((r) => setTimeout(r, 0)) } }

beforeEach(() => {
  document.body.innerHTML = ''
  vi.clearAllMocks()
  api.open311Keys.list.mockResolvedValue({ items: [gone, older, newer] })
})

describe('Open311KeysView', () => {
  it('lists the keys newest first, with issuer, times and status', async () => {
    const { wrapper } = await mountWith(View)
    const r = rows()
    expect(r).toHaveLength(3)
    expect(r[0]).toContain('江城随手拍 App')
    expect(r[0]).toContain('2026-11-27 16:40')
    expect(r[0]).toContain('系统管理员（admin）')
    expect(r[0]).toContain('有效')
    expect(r[2]).toContain('旧版微信小程序')
    expect(r[2]).toContain('已吊销')
    expect(r[2]).toContain('2026-11-01 10:30')
    expect(r[2]).toContain('u9') // an issuer the user list does not know stays an id
    expect(r[2]).not.toContain('吊销时间')
    expect(document.body.textContent).toContain('共 3 个，有效 2 个')
    // Only active keys can be revoked.
    expect(document.querySelectorAll('[data-test="o311-revoke"]')).toHaveLength(2)
    wrapper.unmount()
  })

  it('shows the empty state and a load error with retry', async () => {
    api.open311Keys.list.mockResolvedValueOnce({ items: [] })
    let { wrapper } = await mountWith(View)
    expect(document.body.textContent).toContain('尚未签发任何密钥')
    wrapper.unmount()
    document.body.innerHTML = ''
    api.open311Keys.list.mockRejectedValueOnce(new ApiError(403, 'forbidden', 'manage Open311 API keys'))
    ;({ wrapper } = await mountWith(View))
    expect(document.querySelector('[role="alert"]')).not.toBeNull()
    expect(rows()).toHaveLength(0)
    const retry = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === '重试')
    retry.click()
    await settle()
    expect(api.open311Keys.list).toHaveBeenCalledTimes(3) // the empty mount, the failed one, the retry
    expect(rows()).toHaveLength(3)
    wrapper.unmount()
  })

  it('checks the name, issues a key and shows its secret once', async () => {
    const made = { id: 'k3', name: '12345 微信公众号', prefix: SECRET.slice(0, 12), created_by: 'u1', created_at: '2026-11-29T10:00:00+08:00', revoked_at: null, active: true, api_key: SECRET }
    api.open311Keys.create.mockResolvedValueOnce(made)
    const { wrapper } = await mountWith(View)
    await wrapper.find('[data-test="o311-new"]').trigger('click')
    await settle()
    // Empty and over-long names are refused before any request.
    dialogButton('保存').click()
    await settle()
    expect(document.querySelector('.el-dialog .el-form-item').classList.contains('is-error')).toBe(true)
    const input = document.querySelector('#o311-name')
    input.value = '应'.repeat(101)
    input.dispatchEvent(new Event('input'))
    await settle()
    dialogButton('保存').click()
    await settle()
    expect(api.open311Keys.create).not.toHaveBeenCalled()
    input.value = '  12345 微信公众号 '
    input.dispatchEvent(new Event('input'))
    await settle()
    dialogButton('保存').click()
    await settle()
    expect(api.open311Keys.create).toHaveBeenCalledWith('12345 微信公众号')
    // The secret, with the warning and a copy button.
    await until(() => document.querySelector('#o311-secret') !== null)
    const secret = document.querySelector('#o311-secret')
    expect(secret.value).toBe(SECRET)
    expect(document.body.textContent).toContain('密钥只显示这一次')
    const writeText = vi.fn(async () => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    document.querySelector('[data-test="o311-copy"]').click()
    await settle()
    expect(writeText).toHaveBeenCalledWith(SECRET)
    // The new key heads the list, without its secret.
    expect(rows()[0]).toContain('12345 微信公众号')
    expect(rows().join('')).not.toContain(SECRET)
    // Closed: gone for good.
    document.querySelector('[data-test="o311-secret-done"]').click()
    await settle()
    expect(document.querySelector('#o311-secret')).toBeNull()
    expect(document.body.innerHTML).not.toContain(SECRET)
    wrapper.unmount()
  })

  it('shows the server\'s refusal of a new key and keeps the dialog open', async () => {
    api.open311Keys.create.mockRejectedValueOnce(new ApiError(400, 'invalid_argument', 'name contains a control character', { field: 'name' }))
    const { wrapper } = await mountWith(View)
    await wrapper.find('[data-test="o311-new"]').trigger('click')
    await settle()
    const input = document.querySelector('#o311-name')
    input.value = '测试应用'
    input.dispatchEvent(new Event('input'))
    await settle()
    dialogButton('保存').click()
    await settle()
    await until(() => dialogText().includes('control character'))
    expect(document.querySelector('#o311-secret')).toBeNull()
    expect(rows()).toHaveLength(3)
    wrapper.unmount()
  })

  it('revokes a key after confirmation; it stays listed as revoked', async () => {
    api.open311Keys.revoke.mockResolvedValueOnce({ ...newer, revoked_at: '2026-11-29T11:00:00+08:00', active: false })
    const { wrapper } = await mountWith(View)
    document.querySelector('[data-test="o311-revoke"]').click()
    await until(() => document.querySelector('.el-message-box .el-button--danger') !== null)
    expect(document.querySelector('.el-message-box').textContent).toContain('江城随手拍 App')
    expect(api.open311Keys.revoke).not.toHaveBeenCalled()
    document.querySelector('.el-message-box .el-button--danger').click()
    await settle()
    expect(api.open311Keys.revoke).toHaveBeenCalledWith('k2')
    const r = rows()
    expect(r).toHaveLength(3)
    expect(r[0]).toContain('江城随手拍 App')
    expect(r[0]).toContain('已吊销')
    expect(r[0]).toContain('2026-11-29 11:00')
    expect(document.querySelectorAll('[data-test="o311-revoke"]')).toHaveLength(1)
    wrapper.unmount()
  })

  it('a refused revoke says why and changes nothing', async () => {
    api.open311Keys.revoke.mockRejectedValueOnce(new ApiError(404, 'not_found', 'no Open311 key k2'))
    const { wrapper } = await mountWith(View)
    document.querySelector('[data-test="o311-revoke"]').click()
    await until(() => document.querySelector('.el-message-box .el-button--danger') !== null)
    document.querySelector('.el-message-box .el-button--danger').click()
    await settle()
    expect(api.open311Keys.revoke).toHaveBeenCalledWith('k2')
    expect(rows()[0]).toContain('有效')
    expect(document.querySelectorAll('[data-test="o311-revoke"]')).toHaveLength(2)
    await until(() => document.querySelector('.el-message--error') !== null)
    expect(document.querySelector('.el-message--error').textContent).toContain('未找到')
    wrapper.unmount()
  })
})
