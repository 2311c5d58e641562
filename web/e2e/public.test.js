// End-to-end: the public site (/public/) against the REAL server in headless Chromium at an iPhone-sized
// viewport (375×667): write to the mayor with a photo, double-click submit (one case only), track the case,
// rate the reply once staff have answered, read a published letter, view the statistics in Chinese and English.
// Screenshots go to docs/screenshots/public-*.png.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, screenshot } from './browser.js'
import { startServer, apiAs, missing } from './server.js'

const SKIP = process.env.HOTLINE_BIN ? false : (missing() || false)
const T = { timeout: 120000 }
let srv
let url
let browser

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64')

async function settle(page, ms = 300) { await page.waitForLoadState('networkidle').catch(() => {}); await page.waitForTimeout(ms) }

async function fillForm(page, phone) {
  await page.goto(`${url}/public/mailbox`)
  await page.waitForSelector('[data-test="mailbox-form"]')
  await page.click('[data-test="type-complaint"]')
  await page.fill('[data-test="category-search"]', '环境')
  await page.locator('.cats button').first().click()
  await page.selectOption('[data-test="district"]', { index: 1 })
  await page.fill('#mb-address', '江城市解放路8号')
  await page.fill('[data-test="name"]', '钱小雨')
  await page.fill('[data-test="phone"]', phone)
  await page.fill('[data-test="content"]', '小区旁工地每天夜里十一点后还在施工，噪音很大，影响休息，请有关部门管一管。')
  await page.check('[data-test="consent"]')
}

describe('public site (phone)', { skip: SKIP }, () => {
  before(async () => {
    srv = await startServer({ cases: 200 })
    url = srv.url
    browser = await launch({ viewport: { width: 375, height: 667 } })
  })
  after(async () => {
    if (browser) await browser.close()
    if (srv) await srv.stop()
  })

  test('home fits a phone and shows the hotline', T, async () => {
    const { page } = browser
    await page.goto(`${url}/public/`)
    await page.waitForSelector('[data-test="hotline-number"]')
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 375, `no horizontal scrolling at 375 px (scrollWidth ${width})`)
    await screenshot(page, 'public-home')
  })

  test('submit with an attachment; a double click makes one case; track; rate', T, async () => {
    const { page } = browser
    const phone = '13900001234'
    await fillForm(page, phone)
    await page.setInputFiles('[data-test="attach-input"]', { name: 'noise.png', mimeType: 'image/png', buffer: PNG })
    await page.waitForSelector('[data-test="attach-done"]')
    // A file that is not an image or PDF is refused before upload.
    await page.setInputFiles('[data-test="attach-input"]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
    await page.waitForSelector('[data-test="attach-error"]')
    await screenshot(page, 'public-mailbox')
    await page.dblclick('[data-test="submit"]')
    await page.waitForURL((u) => u.pathname === '/public/result')
    const number = (await page.textContent('[data-test="result-number"]')).trim()
    const code = (await page.textContent('[data-test="result-code"]')).trim()
    assert.match(number, /^\d{8,}$/)
    assert.match(code, /^\d{6}$/)
    await screenshot(page, 'public-result')

    const agent = await apiAs(url, 'agent')
    const mine = await agent.get(`/callers/${phone}/cases`)
    assert.equal(mine.total, 1, 'a double click must make one case')
    const kase = mine.items[0]
    assert.equal(kase.number, number)
    const files = await agent.get(`/cases/${kase.id}/attachments`)
    assert.equal(files.items.length, 1)
    assert.equal(files.items[0].content_type, 'image/png')

    // Staff answer it; the citizen tracks and rates.
    const dispatcher = await apiAs(url, 'dispatcher')
    const units = await dispatcher.get('/units')
    const zjj = (units.items || units).find((u) => u.code === 'zjj')
    await dispatcher.act(kase.id, 'dispatch', { lead_unit_id: zjj.id })
    const handler = await apiAs(url, 'zjj.handler')
    await handler.act(kase.id, 'sign')
    await handler.act(kase.id, 'reply', { reply: '已责令工地夜间停工。', resolved: true })
    const reviewer = await apiAs(url, 'reviewer')
    await reviewer.act(kase.id, 'approve_reply', { reply_to_citizen: '您好，已责令该工地22点后停止施工，并将持续巡查。' })

    await page.click('a[href="/public/track?number=' + number + '"]')
    await page.waitForSelector('[data-test="track-form"]')
    assert.equal(await page.inputValue('[data-test="track-code"]'), code)
    await page.click('[data-test="track-submit"]')
    await page.waitForSelector('[data-test="track-reply"]')
    assert.match(await page.textContent('[data-test="track-reply"]'), /停止施工/)
    await page.click('[data-test="sat-satisfied"]')
    await page.click('[data-test="resolved-yes"]')
    await screenshot(page, 'public-track')
    await page.click('[data-test="rate-submit"]')
    await page.waitForSelector('[data-test="rate-done"]')
    const after = await agent.get(`/cases/${kase.id}`)
    assert.equal(after.status, 'closed')
    assert.equal(after.rating.source, 'web')

    // A wrong code says so in plain words.
    await page.fill('[data-test="track-code"]', code === '000000' ? '111111' : '000000')
    await page.click('[data-test="track-submit"]')
    await page.waitForSelector('[data-test="track-error"]')
    // That lookup's 404 was the point; nothing else may have failed.
    assert.deepEqual(browser.errors.splice(0).filter((e) => !/404/.test(e)), [])
  })

  test('read a published letter', T, async () => {
    const { page } = browser
    await page.goto(`${url}/public/letters`)
    await page.waitForSelector('[data-test="letters-list"] a.item')
    await screenshot(page, 'public-letters')
    await page.locator('[data-test="letters-list"] a.item').first().click()
    await page.waitForSelector('[data-test="letter-reply"]')
    const text = await page.textContent('[data-test="letter-detail"]')
    assert.ok(!/1[3-9]\d{9}/.test(text), 'no mobile number in a published letter')
    await screenshot(page, 'public-letter')
  })

  test('statistics in Chinese and English', T, async () => {
    const { page } = browser
    await page.goto(`${url}/public/stats`)
    await page.waitForSelector('[data-test="stats-total"]')
    assert.ok(Number(await page.textContent('[data-test="stats-total"]')) > 0)
    await settle(page, 600)
    assert.match(await page.textContent('h1'), /数据公开/)
    await screenshot(page, 'public-stats-zh')
    await page.click('[data-test="lang-toggle"]')
    await page.waitForFunction(() => document.querySelector('h1').textContent.includes('Statistics'))
    assert.match(await page.textContent('[data-test="stats-defs"]'), /On-time rate/)
    await settle(page, 600)
    await screenshot(page, 'public-stats-en')
    await page.click('[data-test="lang-toggle"]')
    assert.deepEqual(browser.errors.filter((e) => !/favicon/.test(e)), [])
  })
})
