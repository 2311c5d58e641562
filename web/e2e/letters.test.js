// End-to-end, console side of issue 4 against the REAL server in headless Chromium: an agent registers a paper
// letter (来信) with its scan; a reviewer publishes a closed case as a public letter (公开信件), is refused while
// the text holds a phone number, applies the redacted draft and publishes; the letter is then on the public site.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, loginAs as login, screenshot } from './browser.js'
import { startServer, apiAs, missing } from './server.js'

const SKIP = process.env.HOTLINE_BIN ? false : (missing() || false)
const T = { timeout: 120000 }
let srv
let url
let browser

// A tiny valid PDF.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

const loginAs = (username, options) => login(browser, url, username, options)

describe('console: paper letters and published letters', { skip: SKIP }, () => {
  before(async () => {
    srv = await startServer({ cases: 200 })
    url = srv.url
    browser = await launch()
  })
  after(async () => {
    if (browser) await browser.close()
    if (srv) await srv.stop()
  })

  test('an agent registers a paper letter with its scan', T, async () => {
    const page = await loginAs('agent')
    await page.goto(`${url}/intake`)
    await page.waitForSelector('[data-test="intake-form"]')
    await page.fill('#intake-phone', '13600001111')
    await page.fill('#intake-name', '孙来信')
    await page.fill('#intake-content', '来信反映：村道年久失修，雨天泥泞无法通行，恳请修缮。')
    await page.click('.el-form-item:has(#intake-channel) .el-select__wrapper')
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '来信' }).first().click()
    await page.waitForSelector('[data-test="intake-scan"]')
    // Without the scan it is not saved.
    await page.click('[data-test="intake-save"]')
    await page.waitForSelector('text=来信须附扫描件')
    await page.setInputFiles('[data-test="intake-scan"]', { name: '来信扫描.pdf', mimeType: 'application/pdf', buffer: PDF })
    await screenshot(page, 'intake-letter')
    await page.click('[data-test="intake-save"]')
    const number = (await page.locator('[data-test="case-number"]').first().textContent()).trim()
    const agent = await apiAs(url, 'agent')
    const c = await agent.get(`/cases/${number}`)
    assert.equal(c.channel, 'letter')
    const files = await agent.get(`/cases/${c.id}/attachments`)
    assert.equal(files.items.length, 1)
    assert.equal(files.items[0].name, '来信扫描.pdf')
    assert.equal(files.items[0].content_type, 'application/pdf')
    await page.goto(`${url}/cases/${c.id}`)
    await page.waitForSelector('text=来信扫描.pdf')
  })

  test('a reviewer publishes a closed case; personal data is refused and the draft applied', T, async () => {
    const reviewer = await apiAs(url, 'reviewer')
    const closed = await reviewer.get('/cases?status=closed&limit=100')
    const kase = closed.items.find((c) => !c.confidential && !c.published)
    assert.ok(kase, 'a closed, unpublished case in the demo city')
    const page = await loginAs('reviewer')
    await page.goto(`${url}/cases/${kase.id}`)
    await page.click('[data-test="act-letter"]')
    await page.waitForSelector('[data-test="letter-question"]')
    await page.fill('[data-test="letter-title"]', '关于道路积水的来信')
    await page.fill('[data-test="letter-question"]', '我家门口道路积水严重，请联系我 13912345678。')
    await page.fill('[data-test="letter-reply"]', '您好，市政部门已疏通排水管道。')
    await page.click('[data-test="letter-publish"]')
    await page.waitForSelector('[data-test="letter-findings"]')
    assert.match(await page.textContent('[data-test="letter-findings"]'), /13912345678/)
    await screenshot(page, 'letter-refused')
    await page.click('[data-test="letter-use-draft"]')
    assert.equal(await page.inputValue('[data-test="letter-question"]'), '我家门口道路积水严重，请联系我 ***。')
    await page.click('[data-test="letter-publish"]')
    await page.waitForSelector('[data-test="letter-dialog"]', { state: 'hidden' })
    const pub = await (await fetch(`${url}/api/v1/public/letters?limit=100`)).json()
    const mine = pub.items.find((l) => l.title === '关于道路积水的来信')
    assert.ok(mine, 'the letter is on the public site')
    const detail = await (await fetch(`${url}/api/v1/public/letters/${mine.id}`)).json()
    assert.equal(detail.question, '我家门口道路积水严重，请联系我 ***。')
    const events = await reviewer.get(`/cases/${kase.id}/events`)
    assert.equal(events.items.at(-1).action, 'publish')
    assert.deepEqual(browser.errors.filter((e) => !/422/.test(e)), [])
  })
})
