// End-to-end: the console against the REAL server (build/hotline), in headless Chromium, by clicking.
// The suite starts its own server on a free port with a fresh demo city (see server.js) and stops it at the end.
// The browser runs in the machine's zone (UTC here): the console must still show city time (+08:00).
// Screenshots of the main screens go to docs/screenshots/ (SCREENSHOT_DIR to change).
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, loginAs as login, screenshot } from './browser.js'
import { startServer, apiAs, missing } from './server.js'
import { formatDateTime } from '../src/utils/time.js'

// Skipped when the server or the console build is not there, unless HOTLINE_BIN says where it must be.
const SKIP = process.env.HOTLINE_BIN ? false : (missing() || false)
const T = { timeout: 90000 }
let srv
let url
let browser // {context, page, errors, failed, close}: one Chromium, fresh profile, for the whole run

// Log in through the login page (cookies cleared first, so each user starts without a session).
const loginAs = (username, options) => login(browser, url, username, options)
// Console errors collected since the last call (and forget them).
function takeErrors(allow = []) {
  const errs = browser.errors.splice(0).filter((e) => !allow.some((re) => re.test(e)))
  const failed = browser.failed.splice(0).filter((e) => !allow.some((re) => re.test(e)))
  return failed.length ? [...errs, ...failed] : errs
}
const row = (page, text) => page.locator('.el-table__body tr.el-table__row', { hasText: text }).first()
async function settle(page, ms = 300) { await page.waitForLoadState('networkidle').catch(() => {}); await page.waitForTimeout(ms) }
async function openDialogAndSubmit(page, fill = async () => {}) {
  const dlg = page.locator('[data-test="action-dialog"]:visible, .el-dialog:visible').last()
  await dlg.waitFor()
  await fill(dlg)
  await dlg.locator('[data-test="action-submit"]').click()
  await dlg.waitFor({ state: 'hidden', timeout: 10000 })
}
// Runs one action from the case page (button act-<action>, ActionDialog with fields act-<action>-<field>).
async function caseAction(page, id, action, fields = {}) {
  if (!page.url().endsWith(`/cases/${id}`)) await page.goto(`${url}/cases/${id}`)
  await page.locator(`[data-test="act-${action}"]`).click()
  await openDialogAndSubmit(page, async (dlg) => {
    for (const [name, value] of Object.entries(fields)) await dlg.locator(`#act-${action}-${name}`).fill(value)
  })
  await settle(page)
}
// A case registered by the agent and dispatched by the dispatcher (through the API), lead unit `unit`.
let seq = 0
async function dispatchedCase(unit = '35', { sign = false } = {}) {
  const agent = await apiAs(url, 'agent')
  const dispatcher = await apiAs(url, 'dispatcher')
  seq += 1
  const c = await agent.post('/cases', {
    type: 'help', channel: 'phone', category_id: '61', content: `E2E 测试工单 ${seq}：小区电梯经常停运，物业不处理。`,
    citizen: { name: '测试', phone: `1390000${String(1000 + seq)}` }, location: { address: '江城市江东区测试路1号' },
  }, { 'Idempotency-Key': `e2e-${Date.now()}-${seq}` })
  await dispatcher.act(c.id, 'dispatch', { lead_unit_id: unit })
  if (sign) await (await apiAs(url, unitUser(unit))).act(c.id, 'sign')
  return c
}
const UNIT_CODES = { 35: 'zjj', 36: 'cgj' }
const unitUser = (unitId) => `${UNIT_CODES[unitId]}.handler`

describe('Hotline console against the real server', { skip: SKIP }, () => {
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

  test('login page renders without console errors (no 401 from /me)', T, async () => {
    const { page } = browser
    const res = await page.goto(`${url}/login`, { waitUntil: 'networkidle' })
    assert.ok(res && res.ok())
    await page.waitForSelector('[data-test="login-form"]')
    assert.match(await page.locator('h1').textContent(), /12345/)
    await screenshot(page, 'login')
    // A protected path without a session: straight to the login page, without asking /me.
    await page.goto(`${url}/review`, { waitUntil: 'networkidle' })
    await page.waitForURL((u) => u.pathname === '/login')
    assert.deepEqual(takeErrors(), [])
  })

  test('each role logs in and sees its home screen', T, async () => {
    const HOMES = [
      ['agent', '/intake', '来电登记'], ['dispatcher', '/dispatch', '派单台'], ['reviewer', '/review', '回复审核'],
      ['callback', '/callback', '回访'], ['supervisor', '/supervise', '督办'], ['leader', '/dashboard', '领导看板'],
      ['admin', '/admin/org', '组织机构'], ['auditor', '/audit', '审计日志'], ['zjj.handler', '/workbench', '单位工作台'],
      ['jd.admin', '/workbench', '单位工作台'], ['jd-mwd.handler', '/workbench', '单位工作台'],
    ]
    for (const [user, path, title] of HOMES) {
      const page = await loginAs(user, { expectPath: path })
      await page.locator('.page-head h1', { hasText: title }).first().waitFor()
      await settle(page, 400)
      if (user === 'supervisor') await screenshot(page, 'supervise')
      if (user === 'admin') await screenshot(page, 'admin')
      if (user === 'leader') {
        await page.locator('canvas').first().waitFor()
        await settle(page, 800)
        await screenshot(page, 'dashboard')
      }
      assert.deepEqual(takeErrors(), [], `console errors as ${user}`)
    }
  })

  test('a case through its whole life: intake with screen pop, dispatch, sign, contact, reply, approve, callback → closed', T, async () => {
    // A caller who already has cases (the agent sees full numbers).
    const agentApi = await apiAs(url, 'agent')
    const some = (await agentApi.get('/cases?limit=50&sort=-created_at')).items.find((c) => c.citizen && /^1\d{10}$/.test(c.citizen.phone || ''))
    assert.ok(some, 'a demo case with a caller phone')
    const earlier = (await agentApi.get(`/callers/${some.citizen.phone}/cases`)).items
    assert.ok(earlier.length >= 1)

    // Agent: intake.
    let page = await loginAs('agent', { expectPath: '/intake' })
    await page.fill('#intake-phone', some.citizen.phone)
    const pop = page.locator('[data-test="screen-pop"]')
    await pop.locator('a', { hasText: earlier[0].number }).first().waitFor({ timeout: 10000 })
    // The earlier case's time is city time, whatever the browser's zone.
    assert.ok((await pop.textContent()).includes(formatDateTime(earlier[0].created_at)), 'screen pop shows city time')
    await page.locator('[data-test="intake-type"] label', { hasText: '求助' }).click()
    await page.fill('#intake-content', '世景华庭小区9栋电梯经常停运，物业不处理，请住建部门督促物业尽快维修。')
    await page.click('#intake-category')
    await page.keyboard.type('物业服务')
    await page.locator('.el-tree-node__content:visible', { hasText: '物业服务' }).first().click()
    await page.keyboard.press('Escape')
    await page.fill('#intake-address', '江城市临江区黄花镇朝阳路74号')
    await page.locator('[data-test="knowledge"]', { hasText: '市住房和城乡建设局' }).waitFor()
    await page.waitForTimeout(600) // let the tags finish their entrance transition
    await screenshot(page, 'intake')
    await page.click('[data-test="intake-save"]')
    const numEl = page.locator('[data-test="intake-result"] [data-test="case-number"], [data-test="case-number"]').first()
    await numEl.waitFor({ timeout: 10000 })
    const number = (await numEl.textContent()).trim()
    assert.match(number, /^\d{10}$/)
    assert.deepEqual(takeErrors(), [], 'console errors at intake')
    const created = (await agentApi.get(`/callers/${some.citizen.phone}/cases`)).items.find((c) => c.number === number)
    assert.ok(created, 'the new case is on the caller\'s list')
    assert.equal(created.category_id, '61')
    const id = created.id

    // Dispatcher: the routing suggestion (市住房和城乡建设局) is preselected; dispatch.
    page = await loginAs('dispatcher', { expectPath: '/dispatch' })
    await row(page, number).locator('[data-test="dispatch-btn"]').click()
    const dlg = page.locator('[data-test="dispatch-dialog"]:visible, .el-dialog:visible').last()
    await dlg.locator('[data-test="suggestion"]').waitFor()
    await settle(page, 300)
    await screenshot(page, 'dispatch')
    await dlg.locator('[data-test="dispatch-submit"]').click()
    await dlg.waitFor({ state: 'hidden', timeout: 10000 })
    await settle(page)
    const dispatcherApi = await apiAs(url, 'dispatcher')
    let c = await dispatcherApi.get(`/cases/${id}`)
    assert.equal(c.status, 'dispatched')
    assert.equal(c.assignments[0].unit_id, '35')
    assert.deepEqual(takeErrors(), [], 'console errors at dispatch')

    // Unit (市住建局): sign on the workbench, then contact and reply on the case page.
    page = await loginAs('zjj.handler', { expectPath: '/workbench' })
    await row(page, number).locator('[data-test="sign-btn"]').waitFor()
    await screenshot(page, 'workbench')
    await row(page, number).locator('[data-test="sign-btn"]').click()
    await row(page, number).waitFor({ state: 'detached', timeout: 10000 })
    await caseAction(page, id, 'record_contact', { note: '已电话联系来电人，约定明天上门查看。' })
    await caseAction(page, id, 'reply', { reply: '经核查，已责成物业公司更换电梯控制柜，电梯已恢复运行。' })
    await page.reload() // a clean page for the picture (no success toasts)
    await page.locator('.reply', { hasText: '电梯已恢复运行' }).waitFor()
    await settle(page, 500)
    await screenshot(page, 'case')
    c = await dispatcherApi.get(`/cases/${id}`)
    assert.equal(c.status, 'replied')
    assert.deepEqual(takeErrors(), [], 'console errors at the unit')

    // Reviewer approves the reply.
    page = await loginAs('reviewer', { expectPath: '/review' })
    await row(page, number).waitFor()
    await screenshot(page, 'review')
    await row(page, number).locator('[data-test="approve"]').click()
    await openDialogAndSubmit(page)
    c = await dispatcherApi.get(`/cases/${id}`)
    assert.equal(c.status, 'callback_pending')
    assert.deepEqual(takeErrors(), [], 'console errors at review')

    // Callback: satisfied, resolved → closed.
    page = await loginAs('callback', { expectPath: '/callback' })
    await row(page, number).waitFor()
    await screenshot(page, 'callback')
    await row(page, number).locator('[data-test="callback-btn"]').click()
    await openDialogAndSubmit(page, async (d) => { await d.locator('label', { hasText: /^\s*满意\s*$/ }).click() })
    await settle(page)
    c = await dispatcherApi.get(`/cases/${id}`)
    if (c.status === 'callback_pending' && (c.allowed_actions || []).includes('close')) {
      await page.goto(`${url}/cases/${id}`)
      await caseAction(page, id, 'close')
      c = await dispatcherApi.get(`/cases/${id}`)
    }
    assert.equal(c.status, 'closed')
    assert.equal(c.rating.satisfaction, 'satisfied')
    assert.deepEqual(takeErrors(), [], 'console errors at callback')
  })

  test('a unit returns a case; the dispatcher approves the return and dispatches it again', T, async () => {
    const c = await dispatchedCase('35')
    let page = await loginAs('zjj.handler')
    await caseAction(page, c.id, 'return', { reason: '该小区物业属于城管执法范围，非本单位职责。' })
    page = await loginAs('dispatcher')
    await page.goto(`${url}/dispatch?tab=returns`)
    await row(page, c.number).getByRole('button', { name: '同意退单' }).click()
    await openDialogAndSubmit(page)
    const api = await apiAs(url, 'dispatcher')
    let k = await api.get(`/cases/${c.id}`)
    assert.equal(k.status, 'new', 'back to the dispatch queue')
    await page.goto(`${url}/dispatch`)
    await row(page, c.number).locator('[data-test="dispatch-btn"]').click()
    const dlg = page.locator('[data-test="dispatch-dialog"]:visible, .el-dialog:visible').last()
    await dlg.locator('[data-test="suggestion"]').waitFor()
    // Choose 市城市管理和综合执法局 as lead instead of the suggestion.
    const lead = dlg.locator('.el-select, .el-tree-select').first()
    await lead.click()
    await page.keyboard.type('城市管理')
    await page.locator('.el-select-dropdown:visible .el-tree-node__content, .el-select-dropdown:visible .el-select-dropdown__item', { hasText: '市城市管理和综合执法局' }).first().click()
    await page.keyboard.press('Escape').catch(() => {})
    await dlg.locator('[data-test="dispatch-submit"]').click()
    await dlg.waitFor({ state: 'hidden', timeout: 10000 })
    k = await api.get(`/cases/${c.id}`)
    assert.equal(k.status, 'dispatched')
    const active = k.assignments.filter((a) => ['pending', 'signed'].includes(a.status))
    assert.deepEqual(active.map((a) => a.unit_id), ['36'])
    assert.deepEqual(takeErrors(), [])
  })

  test('a unit asks for more time; the dispatcher approves the extension', T, async () => {
    const c = await dispatchedCase('35', { sign: true })
    const before = (await (await apiAs(url, 'dispatcher')).get(`/cases/${c.id}`)).assignments[0].due_at
    const until = new Date(Date.parse(before) + 5 * 86400000)
    const wall = formatDateTime(until) // city time, typed into the picker as the user would
    let page = await loginAs('zjj.handler')
    await page.goto(`${url}/cases/${c.id}`)
    await page.locator('[data-test="act-request_extension"]').click()
    await openDialogAndSubmit(page, async (d) => {
      const input = d.locator('#act-request_extension-until')
      await input.click()
      await input.fill(wall)
      await input.press('Enter')
      await d.locator('#act-request_extension-reason').click()
      await d.locator('#act-request_extension-reason').fill('需协调电梯厂家更换主板，配件到货约需一周。')
    })
    const api = await apiAs(url, 'dispatcher')
    let k = await api.get(`/cases/${c.id}`)
    assert.equal(k.assignments[0].extension.status, 'pending')
    assert.equal(Date.parse(k.assignments[0].extension.until), Math.floor(until.getTime() / 60000) * 60000, 'the time picked is city time')
    page = await loginAs('dispatcher')
    await page.goto(`${url}/dispatch?tab=extensions`)
    await row(page, c.number).getByRole('button', { name: '批准延期' }).click()
    await openDialogAndSubmit(page)
    k = await api.get(`/cases/${c.id}`)
    assert.equal(k.assignments[0].extension.status, 'approved')
    assert.deepEqual(takeErrors(), [])
  })

  test('an unsatisfied callback reopens the case', T, async () => {
    const c = await dispatchedCase('35', { sign: true })
    const unit = await apiAs(url, 'zjj.handler')
    await unit.act(c.id, 'record_contact', { note: '已联系' })
    await unit.act(c.id, 'reply', { reply: '已处理。', resolved: true })
    await (await apiAs(url, 'reviewer')).act(c.id, 'approve_reply', {})
    const page = await loginAs('callback', { expectPath: '/callback' })
    await row(page, c.number).locator('[data-test="callback-btn"]').click()
    await openDialogAndSubmit(page, async (d) => {
      await d.locator('label', { hasText: '不满意' }).click()
      await d.locator('.el-switch', { has: page.locator('#act-callback-reopen') }).click() // the switch: reopen
      await d.locator('#act-callback-note').fill('来电人表示电梯仍然停运。')
    })
    const k = await (await apiAs(url, 'dispatcher')).get(`/cases/${c.id}`)
    assert.equal(k.rating.satisfaction, 'unsatisfied')
    assert.ok(['new', 'dispatched', 'in_progress'].includes(k.status), `reopened, status ${k.status}`)
    assert.equal(k.reopen_count, 1)
    assert.deepEqual(takeErrors(), [])
  })

  test('a case dispatched to a unit appears in its open workbench without a reload (SSE)', T, async () => {
    const page = await loginAs('zjj.handler', { expectPath: '/workbench' })
    await page.locator('[data-test="live"].open').waitFor({ timeout: 10000 })
    await settle(page)
    const marker = await page.evaluate(() => { window.__noReload = 1; return window.__noReload })
    const c = await dispatchedCase('35')
    await row(page, c.number).waitFor({ timeout: 15000 })
    assert.equal(await page.evaluate(() => window.__noReload), marker, 'the page was not reloaded')
    assert.deepEqual(takeErrors(), [])
  })

  test('refusals are shown in plain words: a stale version, another unit\'s case', T, async () => {
    const c = await dispatchedCase('35', { sign: true })
    let page = await loginAs('zjj.handler')
    // The live feed would refresh the page at once; hold it (a feed that only says hello) so that the change
    // made meanwhile by someone else leaves this page with a stale version, as after a dropped connection.
    await page.route('**/api/v1/stream', (r) => r.fulfill({ status: 200, contentType: 'text/event-stream', body: 'retry: 60000\nevent: hello\ndata: {}\n\n' }))
    await page.goto(`${url}/cases/${c.id}`)
    await page.locator('[data-test="act-record_contact"]').waitFor()
    // Someone else changes the case meanwhile: the version the page holds is stale.
    await (await apiAs(url, 'dispatcher')).act(c.id, 'comment', { note: '请尽快联系来电人。' })
    await page.locator('[data-test="act-record_contact"]').click()
    const dlg = page.locator('[data-test="action-dialog"]:visible, .el-dialog:visible').last()
    await dlg.locator('#act-record_contact-note').fill('已联系。')
    await dlg.locator('[data-test="action-submit"]').click()
    await dlg.locator('[role="alert"]', { hasText: '该工单已被他人修改' }).waitFor()
    assert.deepEqual(takeErrors([/status of 409/, /409 POST /]), [], 'only the expected 409')
    // The page reloaded the case: the same action now goes through.
    await dlg.locator('[data-test="action-submit"]').click()
    await dlg.waitFor({ state: 'hidden', timeout: 10000 })
    await page.unroute('**/api/v1/stream')
    // Another unit opens the case: refused, in plain words.
    page = await loginAs('cgj.handler')
    await page.goto(`${url}/cases/${c.id}`)
    await page.getByText('该工单不属于您所在单位的办理范围').first().waitFor()
    assert.equal(await page.locator('[data-test="case-actions"]').count(), 0)
    assert.deepEqual(takeErrors([/status of 40[34]/, /40[34] GET /]), [])
  })
})
