// Walks through every screen as each role and takes screenshots; prints console errors. Dev aid:
//   HOTLINE_URL=http://127.0.0.1:5180 SCREENSHOT_DIR=/tmp/shots node e2e/tour.mjs [role...]
import { launch, screenshot, BASE_URL } from './browser.js'

const TOUR = {
  agent: ['/intake', '/cases'],
  dispatcher: ['/dispatch', '/dispatch?tab=returns', '/dispatch?tab=extensions', '/dispatch?tab=duplicates&case=c1'],
  's1.handler': ['/workbench', '/workbench?tab=doing', '/workbench?tab=overdue'],
  'd1.admin': ['/workbench'],
  reviewer: ['/review'],
  callback: ['/callback'],
  supervisor: ['/supervise', '/dashboard'],
  leader: ['/dashboard', '/dashboard?period=month'],
  admin: ['/admin/org', '/admin/users', '/admin/categories', '/admin/sla', '/admin/calendar', '/admin/settings'],
  auditor: ['/audit'],
}
const roles = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TOUR)
for (const role of roles) {
  const { page, errors, close } = await launch()
  try {
    await page.goto(`${BASE_URL}/login`)
    await page.fill('#login-username', role)
    await page.fill('#login-password', 'demo')
    await page.click('[data-test="login-submit"]')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    for (const path of TOUR[role] || []) {
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
    if (errors.length) console.log(`  console errors (${role}):\n   ${errors.join('\n   ')}`)
    await close()
  }
}
