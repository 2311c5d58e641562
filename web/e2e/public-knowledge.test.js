// End-to-end: the public site's 常见问题 · 政策问答 page against the REAL server in headless Chromium at an
// iPhone-sized viewport (375×667): reach it from the home page, search, filter by category, open an article
// rendered from Markdown, switch to English. Screenshots: docs/screenshots/public-knowledge*.png.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, screenshot } from './browser.js'
import { startServer, missing } from './server.js'

const SKIP = process.env.HOTLINE_BIN ? false : (missing() || false)
const T = { timeout: 120000 }
let srv
let url
let browser

async function settle(page, ms = 300) { await page.waitForLoadState('networkidle').catch(() => {}); await page.waitForTimeout(ms) }
async function noSideScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 375, `no horizontal scrolling at 375 px (scrollWidth ${width})`)
}

describe('public knowledge (phone)', { skip: SKIP }, () => {
  before(async () => {
    srv = await startServer({ cases: 60 })
    url = srv.url
    browser = await launch({ viewport: { width: 375, height: 667 } })
  })
  after(async () => {
    if (browser) await browser.close()
    if (srv) await srv.stop()
  })

  test('home → list → search → article, in Chinese then English', T, async () => {
    const { page, errors } = browser
    await page.goto(`${url}/public/`)
    await page.click('[data-test="tile-knowledge"]')
    await page.waitForURL((u) => u.pathname === '/public/knowledge')
    await page.waitForSelector('[data-test="kb-list"] a.item')
    const all = await page.locator('[data-test="kb-list"] a.item').count()
    assert.ok(all >= 10, `the demo's public articles are listed (${all})`)
    assert.equal(await page.getAttribute('[data-test="nav-knowledge"]', 'aria-current'), 'page')
    // Internal and expired demo articles are not there.
    const titles = await page.locator('[data-test="kb-list"] .item-title').allTextContents()
    assert.ok(!titles.some((t) => t.includes('住房公积金缴存基数年度申报通知')), 'expired article hidden')

    await page.fill('[data-test="kb-q"]', '社保卡 补办')
    await page.click('[data-test="kb-go"]')
    await page.waitForURL((u) => u.searchParams.get('q') === '社保卡 补办')
    await page.waitForFunction(() => (document.querySelector('[data-test="kb-total"]')?.textContent || '').includes('找到'))
    // The list before the search also says 找到…: wait for the search's own results (a search
    // that finds the wrong articles times out here and fails).
    await page.waitForFunction(() => /社保卡/.test(document.querySelector('[data-test="kb-list"] a.item .item-title')?.textContent || ''), null, { timeout: 10000 })
    const first = page.locator('[data-test="kb-list"] a.item').first()
    assert.match(await first.locator('.item-title').textContent(), /社保卡/)
    assert.ok(!(await first.textContent()).includes('**'), 'the excerpt shows no Markdown markup')
    await settle(page)
    await noSideScroll(page)
    await screenshot(page, 'public-knowledge')

    await first.click()
    await page.waitForSelector('[data-test="kb-article"]')
    assert.match(await page.textContent('[data-test="kb-article"] h1'), /社保卡/)
    assert.ok(await page.locator('[data-test="kb-body"] h2').count() >= 1, 'Markdown headings rendered')
    assert.equal(await page.locator('[data-test="kb-body"] script').count(), 0)
    assert.match(await page.textContent('[data-test="kb-validity"]'), /长期有效|有效期至 \d{4}-\d{2}-\d{2}/)
    await settle(page)
    await noSideScroll(page)
    await screenshot(page, 'public-knowledge-article')

    // Back to the list, filter by a category: every item is of it.
    await page.click('[data-test="kb-back"]')
    await page.waitForSelector('[data-test="kb-category"] option:nth-child(2)', { state: 'attached' })
    const option = await page.locator('[data-test="kb-category"] option').nth(1).getAttribute('value')
    await page.selectOption('[data-test="kb-category"]', option)
    await page.waitForURL((u) => u.searchParams.get('category') === option)
    // Wait for the filtered list itself (not the one shown before it); a wrong filter times out.
    await page.waitForFunction((want) => {
      const tags = [...document.querySelectorAll('[data-test="kb-list"] a.item .tag')].map((e) => e.textContent)
      return tags.length > 0 && tags.every((t) => t === want)
    }, option, { timeout: 10000 })
    await settle(page)
    const tags = await page.locator('[data-test="kb-list"] a.item .tag').allTextContents()
    assert.ok(tags.length > 0 && tags.every((t) => t === option), `only ${option}: ${tags.join(',')}`)

    await page.click('[data-test="lang-toggle"]')
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'FAQ and policy answers')
    assert.match(await page.textContent('[data-test="kb-total"]'), /answers/)
    await page.click('[data-test="lang-toggle"]')
    assert.deepEqual(errors, [])
  })

  test('an unknown article says so', T, async () => {
    const { page } = browser
    await page.goto(`${url}/public/knowledge/999999`)
    await page.waitForSelector('[data-test="kb-error"]')
    assert.match(await page.textContent('[data-test="kb-error"]'), /不存在|已过期/)
  })
})
