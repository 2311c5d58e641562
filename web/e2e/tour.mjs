// Walks through every screen as each role and takes screenshots; prints console errors. Dev aid:
//   HOTLINE_URL=http://127.0.0.1:5180 SCREENSHOT_DIR=/tmp/shots node e2e/tour.mjs [role...]
import { launch, screenshot, BASE_URL } from './browser.js'

const intake = async (page) => {
  await page.goto(`${BASE_URL}/intake`, { waitUntil: 'networkidle' })
  await page.fill('#intake-phone', '13812345678')
  await page.waitForTimeout(800)
  await screenshot(page, 'agent_intake_screenpop')
  await page.fill('#intake-content', '鼓楼区东街某工地连续一周夜间施工到凌晨，噪音很大，请有关部门尽快查处。')
  await page.click('#intake-category')
  await page.keyboard.type('夜间')
  await page.waitForTimeout(500)
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await page.waitForTimeout(300)
  await screenshot(page, 'agent_intake_category')
  console.log('category after keyboard:', await page.inputValue('#intake-category').catch(() => '?'), await page.locator('.cat-path').textContent().catch(() => 'none'))
  await page.keyboard.press('Control+Enter')
  await page.waitForSelector('[data-test="case-number"]')
  await page.waitForTimeout(400)
  await screenshot(page, 'agent_intake_saved')
}
const dispatch = async (page) => {
  await page.goto(`${BASE_URL}/dispatch`, { waitUntil: 'networkidle' })
  await page.locator('[data-test="dispatch-btn"]:visible').first().click()
  await page.waitForTimeout(800)
  await screenshot(page, 'dispatcher_dispatch_dialog')
}
const english = async (page) => {
  await page.goto(`${BASE_URL}/workbench?tab=doing`, { waitUntil: 'networkidle' })
  await page.click('text=EN')
  await page.waitForTimeout(500)
  await screenshot(page, 'handler_workbench_en')
  await page.click('text=中文')
}
const TOUR = {
  agent: ['/intake', intake, '/cases'],
  dispatcher: [dispatch, '/cases/264', '/dispatch', '/dispatch?tab=returns', '/dispatch?tab=extensions', '/dispatch?tab=duplicates&case=264'],
  'zjj.handler': [english, '/cases/264', '/workbench', '/workbench?tab=doing', '/workbench?tab=overdue'],
  'jd.admin': ['/workbench', '/admin/users'],
  'jd-mwd.handler': ['/workbench'],
  reviewer: ['/review'],
  callback: ['/callback'],
  supervisor: ['/supervise', '/dashboard'],
  leader: ['/dashboard', '/dashboard?period=month', '/assessment', '/reports', '/reports?kind=monthly'],
  admin: ['/admin/org', '/admin/users', '/admin/categories', '/admin/sla', '/admin/calendar', '/admin/notifications', '/admin/open311', '/admin/settings', '/admin/assessment'],
  auditor: ['/audit'],
}
const roles = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TOUR)
for (const role of roles) {
  const { page, errors, failed, close } = await launch()
  try {
    await page.goto(`${BASE_URL}/login`)
    await page.fill('#login-username', role)
    await page.fill('#login-password', 'demo')
    await page.click('[data-test="login-submit"]')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    for (const path of TOUR[role] || []) {
      if (typeof path === 'function') { await path(page); continue }
      await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' })
      await page.waitForTimeout(600)
      const name = `${role}${path.replace(/[/?=&]+/g, '_')}`
      await screenshot(page, name)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
      console.log(`${name}${overflow ? '  [horizontal overflow]' : ''}`)
    }
  } catch (e) {
    console.log(`${role}: ${e.message}`)
  } finally {
    if (failed.length) console.log(`  failed requests (${role}):\n   ${failed.join('\n   ')}`)
    if (errors.length) console.log(`  console errors (${role}):\n   ${errors.join('\n   ')}`)
    await close()
  }
}
