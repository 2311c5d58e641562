// Smoke test: the login page of a running server renders, without console errors, and is photographed.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { launch, screenshot, BASE_URL, SKIP_REASON } from './browser.js'

test('login page renders', { skip: SKIP_REASON, timeout: 60000 }, async () => {
  const { page, errors, close } = await launch()
  try {
    const res = await page.goto(`${BASE_URL}/login`, { waitUntil: 'networkidle' })
    assert.ok(res && res.ok(), `GET /login answered ${res && res.status()}`)
    await page.waitForSelector('[data-test="login-form"]', { timeout: 15000 })
    assert.equal(await page.locator('#login-username').count(), 1)
    assert.equal(await page.locator('label[for="login-password"]').count(), 1, 'the password input has a label')
    const title = await page.locator('h1').textContent()
    assert.match(title, /12345/)
    const file = await screenshot(page, 'login')
    console.log(`screenshot: ${file}`)
    assert.deepEqual(errors, [], 'no console errors')
  } finally {
    await close()
  }
})
