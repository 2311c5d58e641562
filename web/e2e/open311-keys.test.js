// End-to-end, the admin's Open311 API keys screen (开放接口密钥) against the REAL server in headless Chromium: the
// admin issues a key, sees its secret once (copied to the clipboard), an Open311 client submits a real request with
// it; the admin revokes the key, it stays listed as revoked, and the same client is then refused.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, loginAs as login, screenshot } from './browser.js'
import { startServer, apiAs, missing } from './server.js'

const SKIP = process.env.HOTLINE_BIN ? false : (missing() || false)
const T = { timeout: 120000 }
let srv
let url
let browser

const loginAs = (username, options) => login(browser, url, username, options)

// An Open311 client's submission (docs/open311.md): a broken street light at a point, form-encoded.
async function submit(apiKey, description) {
  const body = new URLSearchParams({
    api_key: apiKey, service_code: '010204', lat: '30.5928', long: '114.3055',
    description, 'attribute[facility]': 'street_light',
  })
  const r = await fetch(`${url}/open311/v2/requests.json`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body,
  })
  return { status: r.status, body: await r.json() }
}

describe('console: Open311 API keys', { skip: SKIP }, () => {
  before(async () => {
    srv = await startServer({ cases: 50 })
    url = srv.url
    browser = await launch()
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url })
  })
  after(async () => {
    if (browser) await browser.close()
    if (srv) await srv.stop()
  })

  test('the admin issues a key, a client uses it, the admin revokes it and the client is refused', T, async () => {
    const page = await loginAs('admin')
    // The menu leads there.
    const item = page.locator('.el-menu-item', { hasText: '开放接口密钥' })
    if (!(await item.isVisible())) await page.locator('.el-sub-menu__title', { hasText: '系统管理' }).click()
    await item.click()
    await page.waitForURL((u) => u.pathname === '/admin/open311')
    await page.waitForSelector('text=尚未签发任何密钥')

    // A name is required.
    await page.click('[data-test="o311-new"]')
    await page.waitForSelector('#o311-name')
    await page.click('[data-test="o311-create"]')
    await page.waitForSelector('.el-dialog .el-form-item__error:has-text("必填")')
    await page.fill('#o311-name', '江城随手拍 App')
    await page.click('[data-test="o311-create"]')

    // The secret, once, with the warning; the copy button puts it on the clipboard.
    await page.waitForSelector('#o311-secret')
    const secret = await page.inputValue('#o311-secret')
    assert.match(secret, /^o311_[0-9a-f]{48}$/)
    await page.waitForSelector('text=密钥只显示这一次')
    await screenshot(page, 'admin-open311-secret')
    await page.click('[data-test="o311-copy"]')
    await page.waitForSelector('.el-message--success:has-text("已复制")')
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret)
    await page.click('[data-test="o311-secret-done"]')
    await page.waitForSelector('#o311-secret', { state: 'detached' }).catch(() => {})
    assert.equal(await page.locator('#o311-secret:visible').count(), 0)
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone from the page once its dialog is closed')

    // Listed: the name, the issuer, active; the list API never returns the secret.
    const row = page.locator('[data-test="o311-table"] .el-table__body tr', { hasText: '江城随手拍 App' })
    await row.waitFor()
    assert.match(await row.textContent(), /系统管理员|admin/)
    assert.match(await row.textContent(), /有效/)
    assert.match(await row.textContent(), new RegExp(secret.slice(0, 12)))
    const admin = await apiAs(url, 'admin')
    const listed = await admin.get('/admin/open311/keys')
    assert.equal(listed.items.length, 1)
    assert.ok(!JSON.stringify(listed).includes(secret.slice(12)))

    // A second key, so that the screenshot shows an active one beside the revoked one.
    await page.click('[data-test="o311-new"]')
    await page.fill('#o311-name', '市数字城管平台')
    await page.click('[data-test="o311-create"]')
    await page.waitForSelector('#o311-secret')
    await page.click('[data-test="o311-secret-done"]')

    // The key works: a real Open311 submission becomes a case.
    const ok = await submit(secret, '江城大道与民主路口路灯不亮，夜间行人看不清路面。')
    assert.equal(ok.status, 200, JSON.stringify(ok.body))
    const number = ok.body[0].service_request_id
    assert.match(number, /^\d{10}$/)
    const kase = await (await apiAs(url, 'dispatcher')).get(`/cases/${number}`)
    assert.equal(kase.channel, 'open311')

    // Revoke, after a confirmation; cancelling changes nothing.
    await row.locator('[data-test="o311-revoke"]').click()
    await page.waitForSelector('.el-message-box:has-text("江城随手拍 App")')
    await page.locator('.el-message-box button', { hasText: '取消' }).click()
    assert.match(await row.textContent(), /有效/)
    await row.locator('[data-test="o311-revoke"]').click()
    await page.locator('.el-message-box .el-button--danger').click()
    await page.waitForSelector('.el-message--success:has-text("密钥已吊销")')
    await row.locator('text=已吊销').waitFor()
    assert.equal(await row.locator('[data-test="o311-revoke"]').count(), 0)
    // Still listed as revoked after a reload.
    await page.reload()
    await row.locator('text=已吊销').waitFor()
    await page.waitForSelector('text=共 2 个，有效 1 个')
    await screenshot(page, 'admin-open311-keys')

    // The same client is refused now, and nothing is created.
    const refused = await submit(secret, '江城大道与民主路口路灯不亮，夜间行人看不清路面（再次反映）。')
    assert.equal(refused.status, 403, JSON.stringify(refused.body))
    assert.equal(refused.body[0].code, 403)
    assert.deepEqual(browser.errors, [])
  })

  test('other roles do not get the screen', T, async () => {
    const page = await loginAs('dispatcher')
    assert.equal(await page.locator('.el-menu-item', { hasText: '开放接口密钥' }).count(), 0)
    const r = await page.evaluate(async () => (await fetch('/api/v1/admin/open311/keys')).status)
    assert.equal(r, 403)
  })
})
