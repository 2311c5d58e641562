// End-to-end: hot issues and surge alerts in the console against the REAL server, in headless Chromium.
// The demo city has a hot week (地铁施工夜间噪音) and a surge (停水 in 马王堆街道); a new surge raised by the
// server while the leader watches the dashboard must appear at once (SSE), with a toast; a supervisor works it
// through the escalation trail; the intake screen pop shows a flagged caller.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, loginAs as login, screenshot } from './browser.js'
import { startServer, apiAs, missing } from './server.js'

const SKIP = process.env.HOTLINE_BIN ? false : (missing() || false)
const T = { timeout: 90000 }
let srv
let url
let browser

const loginAs = (username, options) => login(browser, url, username, options)
function takeErrors() {
  const errs = browser.errors.splice(0)
  const failed = browser.failed.splice(0)
  return [...errs, ...failed]
}
async function putConfig(body) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }),
  })
  const { token } = await login.json()
  const r = await fetch(`${url}/api/v1/admin/hotspot-config`, {
    method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  })
  assert.equal(r.status, 200, await r.text())
}

describe('Hot issues and surges in the console', { skip: SKIP }, () => {
  before(async () => {
    const why = missing()
    if (why) throw new Error(why)
    srv = await startServer({ cases: 200 })
    url = srv.url
    browser = await launch()
  })
  after(async () => {
    if (browser) await browser.close()
    if (srv) await srv.stop()
  })

  test('the leader dashboard shows the demo hot issues and surge', T, async () => {
    const page = await loginAs('leader')
    await page.goto(`${url}/dashboard`)
    const surges = page.locator('[data-test="surges"]')
    await surges.locator('[data-test="surge"]', { hasText: '停水' }).first().waitFor({ timeout: 20000 })
    const hot = page.locator('[data-test="hot-issues"]')
    await hot.locator('[data-test="hot-term"]').first().waitFor({ timeout: 20000 })
    const terms = await hot.locator('[data-test="hot-term"] .label').allTextContents()
    assert.ok(terms.some((x) => x.includes('停水')), `terms: ${terms}`)
    assert.ok(terms.some((x) => x.includes('施工') || x.includes('噪音')), `terms: ${terms}`)
    // Click a hot issue: its member cases.
    await hot.locator('[data-test="hot-term"]', { hasText: '停水' }).first().locator('button').click()
    await page.locator('[data-test="hot-members"] .el-table__row').first().waitFor()
    assert.ok(await page.locator('[data-test="hot-members"] .el-table__row').count() >= 20)
    await screenshot(page, 'hot-members')
    await page.keyboard.press('Escape')
    await screenshot(page, 'dashboard-hot')
    assert.deepEqual(takeErrors(), [])
  })

  test('a surge raised while the leader watches appears at once, with a toast', T, async () => {
    const page = await loginAs('leader')
    await page.goto(`${url}/dashboard`)
    await page.locator('[data-test="surges"] [data-test="surge"]').first().waitFor({ timeout: 20000 })
    await putConfig({ surge_min_cases: 3 })
    const agent = await apiAs(url, 'agent')
    for (let i = 0; i < 3; i++) {
      await agent.post('/cases', {
        type: 'help', channel: 'phone', content: `南湖花园${i + 1}栋突然停电，电梯停运，老人被困在家。`,
        citizen: { name: '钱七', phone: `1370000${2000 + i}` },
        location: { address: `江城市临江区星沙街道南湖花园${i + 1}栋` },
      }, { 'Idempotency-Key': `e2e-surge-${Date.now()}-${i}` })
    }
    // No reload: the live feed brings it.
    await page.locator('.surge-toast', { hasText: '停电' }).waitFor({ timeout: 15000 })
    await page.locator('[data-test="surges"] [data-test="surge"]', { hasText: '停电' }).waitFor({ timeout: 15000 })
    await screenshot(page, 'surge-live')
    await putConfig({ surge_min_cases: 30 })
    assert.deepEqual(takeErrors(), [])
  })

  test('a supervisor works the surge through the escalation trail', T, async () => {
    const page = await loginAs('supervisor')
    await page.goto(`${url}/hotspots`)
    await page.locator('[data-test="surges"] [data-test="surge"]', { hasText: '停电' }).click()
    const drawer = page.locator('.el-drawer')
    await drawer.locator('[data-test="surge-acknowledge"]').click()
    await drawer.locator('[data-test="surge-trail"]', { hasText: '确认' }).waitFor()
    await drawer.locator('textarea').fill('影响星沙街道约八百户，请分管领导协调供电公司抢修')
    await drawer.locator('[data-test="surge-escalate"]').click()
    await drawer.locator('[data-test="surge-trail"]', { hasText: '上报领导' }).waitFor()
    await screenshot(page, 'hotspots-surge')
    const trail = await drawer.locator('[data-test="surge-trail"] .el-timeline-item').count()
    assert.equal(trail, 3)
    await page.keyboard.press('Escape')
    await page.locator('.el-tabs__item', { hasText: '重点来电人' }).click()
    await page.locator('[data-test="caller-flags"] .el-table__row').first().waitFor()
    const text = await page.locator('[data-test="caller-flags"]').textContent()
    assert.match(text, /恶意来电/)
    assert.match(text, /\d{3}\*{4}\d{4}/)
    await screenshot(page, 'hotspots-callers')
    assert.deepEqual(takeErrors(), [])
  })

  test('an agent flags a caller from the case page; the intake screen pop shows it', T, async () => {
    const agent = await apiAs(url, 'agent')
    const c = await agent.post('/cases', {
      type: 'complaint', channel: 'phone', content: '来电人辱骂话务员，无实际诉求。',
      citizen: { name: '孙八', phone: '13700003333' }, location: { address: '江城市江东区' },
    }, { 'Idempotency-Key': `e2e-flag-${Date.now()}` })
    // Flag the caller from the case page.
    const page = await loginAs('agent')
    await page.goto(`${url}/cases/${c.id}`)
    await page.locator('[data-test="flag-caller"]').click()
    const box = page.locator('.el-message-box')
    await box.locator('input').fill('多次辱骂话务员')
    await box.locator('.el-button--primary').click()
    await page.locator('.el-message--success').waitFor({ timeout: 10000 })
    await page.goto(`${url}/intake`)
    await page.fill('#intake-phone', '13700003333')
    const marks = page.locator('[data-test="caller-marks"]')
    await marks.waitFor({ timeout: 10000 })
    assert.match(await marks.textContent(), /恶意来电/)
    assert.match(await marks.textContent(), /多次辱骂话务员/)
    await screenshot(page, 'intake-flag')
    assert.deepEqual(takeErrors(), [])
  })

  test('the daily report lists the day\'s hot issues and surges with links', T, async () => {
    const leader = await apiAs(url, 'leader')
    const list = await leader.get('/surges')
    const water = list.items.find((s) => s.term === '停水')
    assert.ok(water, 'the demo surge')
    const day = water.raised_at.slice(0, 10)
    const page = await loginAs('leader')
    await page.goto(`${url}/reports?kind=daily&date=${day}`)
    const hot = page.locator('[data-section="hot_issues"]')
    await hot.locator('[data-test="report-case"]').first().waitFor({ timeout: 20000 })
    assert.match(await hot.locator('h3').textContent(), /热点问题/)
    assert.match(await hot.textContent(), /停水/)
    const surges = page.locator('[data-section="surges"]')
    const row = surges.locator('tr', { hasText: '停水' }).first()
    assert.match(await row.textContent(), /马王堆街道/)
    await hot.scrollIntoViewIfNeeded()
    await page.evaluate(() => document.querySelector('[data-section="hot_issues"]').scrollIntoView({ block: 'start' }))
    await page.waitForTimeout(300)
    await screenshot(page, 'reports-hot')
    // A member case opens the case screen; the surge opens its alert on the hot-issue screen.
    const number = (await hot.locator('[data-test="report-case"]').first().textContent()).trim()
    await hot.locator('[data-test="report-case"]').first().click()
    await page.waitForURL((u) => /^\/cases\/\d+$/.test(u.pathname))
    await page.locator(`text=${number}`).first().waitFor()
    await page.goBack()
    await row.locator('[data-test="report-surges-link"]').click()
    await page.waitForURL((u) => u.pathname === '/hotspots' && u.searchParams.get('surge') === String(water.id))
    assert.deepEqual(takeErrors(), [])
  })
})
