// End-to-end: the knowledge base (知识库) in headless Chromium against the real server — the agent finds
// an article while typing the caller's words at intake and answers the call with it in one click; the
// case records the article and its usage count goes up; a unit writes a revision that the reviewer
// approves, and the agents' search shows the new text only then.
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
  return [...browser.errors.splice(0), ...browser.failed.splice(0)]
}
async function settle(page, ms = 300) { await page.waitForLoadState('networkidle').catch(() => {}); await page.waitForTimeout(ms) }

describe('Knowledge base against the real server', { skip: SKIP }, () => {
  before(async () => {
    const why = missing()
    if (why) throw new Error(why)
    srv = await startServer({ cases: 40 })
    url = srv.url
    browser = await launch()
  })
  after(async () => {
    if (browser) await browser.close()
    if (srv) await srv.stop()
  })

  test('the agent searches while typing and answers the call with an article in one click', T, async () => {
    const agentApi = await apiAs(url, 'agent')
    const found = (await agentApi.get(`/knowledge?q=${encodeURIComponent('社保卡 补办')}`)).items
    const article = found.find((a) => a.title === '社保卡丢失如何挂失和补办')
    assert.ok(article, 'the demo article is there')

    const page = await loginAs('agent', { expectPath: '/intake' })
    await page.fill('#intake-phone', '13900008888')
    await page.fill('#intake-name', '刘女士')
    await page.fill('#intake-content', '我的社保卡丢了，请问怎么挂失补办？')
    const panel = page.locator('[data-test="knowledge"]')
    const hit = panel.locator('li', { hasText: '社保卡丢失如何挂失和补办' }).first()
    await hit.waitFor({ timeout: 10000 })
    assert.ok((await hit.innerHTML()).includes('<mark>'), 'the hits are highlighted')
    // Read it first: the article opens rendered from Markdown.
    await hit.locator('.kb-title').click()
    await hit.locator('article.md h2').first().waitFor()
    await settle(page)
    await screenshot(page, 'knowledge-intake')
    await hit.locator('[data-test="kb-answer"]').click()
    const dlg = page.locator('[data-test="intake-result"]')
    await dlg.waitFor()
    const number = (await dlg.locator('[data-test="case-number"]').textContent()).trim()
    assert.match(number, /^\d{10}$/)
    await dlg.locator('.el-tag', { hasText: '直接答复' }).first().waitFor()

    // The case records the article; the article's usage went up by one.
    const c = (await agentApi.get(`/cases?q=${encodeURIComponent(number)}`)).items.find((x) => x.number === number)
    assert.ok(c)
    assert.equal(c.status, 'answered')
    assert.equal(c.kb_article_id, article.id)
    const after = await agentApi.get(`/knowledge/${article.id}`)
    assert.equal(after.usage_count, article.usage_count + 1)
    // The case page links to the article.
    await dlg.locator('button', { hasText: '打开工单' }).click().catch(async () => page.goto(`${url}/cases/${c.id}`))
    await page.goto(`${url}/cases/${c.id}`)
    await page.locator('[data-test="case-kb-article"]', { hasText: '社保卡丢失如何挂失和补办' }).waitFor()
    assert.deepEqual(takeErrors(), [])
  })

  test('a unit revises a published article; agents see the new text only after the reviewer approves', T, async () => {
    const agentApi = await apiAs(url, 'agent')
    const art = (await agentApi.get(`/knowledge?q=${encodeURIComponent('公共租赁住房申请')}`)).items[0]
    assert.ok(art)
    // zjj.admin edits in the console: a new revision, submitted for review.
    let page = await loginAs('zjj.admin')
    await page.goto(`${url}/knowledge/${art.id}`)
    await page.locator('[data-test="kb-edit"]').click()
    const editor = page.locator('[data-test="kb-editor"]')
    await editor.waitFor()
    await editor.locator('textarea').first().fill('## 申请条件\n人均月收入低于 **3500 元**（2027 年起）。')
    await editor.locator('[data-test="kb-save"]').click()
    await editor.waitFor({ state: 'hidden' })
    await page.locator('[data-test="kb-working"]').waitFor()
    await page.locator('[data-test="kb-act-submit"]').click()
    await page.locator('[data-test="kb-working"] .el-tag', { hasText: '待审核' }).waitFor()
    assert.ok(!(await agentApi.get(`/knowledge/${art.id}`)).body.includes('3500'), 'still the old text for agents')

    // The reviewer finds it in the review queue and approves it.
    page = await loginAs('reviewer')
    await page.goto(`${url}/knowledge?tab=review`)
    await page.locator('[data-test="kb-results"] a', { hasText: '公共租赁住房申请' }).first().click()
    await page.locator('[data-test="kb-act-approve"]').click()
    await page.locator('.el-dialog:visible textarea').fill('同意')
    await page.locator('.el-dialog:visible .el-button--primary').click()
    await page.locator('[data-test="kb-body"] strong', { hasText: '3500 元' }).waitFor()
    assert.ok((await agentApi.get(`/knowledge/${art.id}`)).body.includes('3500'))
    await page.goto(`${url}/knowledge?q=${encodeURIComponent('公积金')}`)
    await page.locator('[data-test="kb-results"] li').first().waitFor()
    await settle(page)
    await screenshot(page, 'knowledge')
    assert.deepEqual(takeErrors(), [])
  })
})
