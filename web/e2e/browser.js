// Launches Debian's Chromium through playwright-core (no browser download), headless, with a fresh profile
// that is removed on close. Used by the end-to-end tests in this folder.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
]
const here = dirname(fileURLToPath(import.meta.url))
// Screenshots go to the repository's docs/screenshots/ (override with SCREENSHOT_DIR).
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || resolve(here, '../../docs/screenshots')

// {context, page, errors, close}. `errors` collects console errors and uncaught page errors, so a test can
// assert that a screen runs without any. Viewport: 1366×768, the smallest screen the console must fit.
export async function launch({ viewport = { width: 1366, height: 768 }, locale = 'zh-CN' } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-'))
  let context
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      locale,
      // No timezoneId: the browser keeps the machine's zone (UTC here), and the console must still show city time.
    })
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true })
    throw e
  }
  const page = context.pages()[0] || (await context.newPage())
  const errors = []
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()) })
  page.on('pageerror', (err) => errors.push(String(err)))
  const failed = []
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`) })
  const close = async () => {
    await context.close().catch(() => {})
    rmSync(userDataDir, { recursive: true, force: true })
  }
  return { context, page, errors, failed, close }
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

// A running server for the dev aids (tour.mjs), e.g. http://127.0.0.1:8080; the tests start their own.
export const BASE_URL = (process.env.HOTLINE_URL || '').replace(/\/+$/, '')

// Signs in through the login screen as a demo user (password "demo") in a fresh session, and waits for the
// console; with `expectPath`, also for the page the role lands on.
export async function loginAs(browser, url, username, { expectPath } = {}) {
  const { page, context } = browser
  await context.clearCookies()
  await page.goto(`${url}/login`)
  await page.fill('#login-username', username)
  await page.fill('#login-password', 'demo')
  await page.click('[data-test="login-submit"]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 })
  if (expectPath) await page.waitForURL((u) => u.pathname === expectPath, { timeout: 10000 })
  await page.waitForSelector('[data-test="user"]')
  return page
}
