import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../support/accounts.ts'
import { chromiumMissing, launchBrowser, screenshot, watchProblems } from '../support/chromium.ts'
import { freePort } from '../support/free-port.ts'
import { totpCode } from '../support/mfa.ts'
import { createTestApp } from '../support/test-app.ts'

it('enrols a TOTP app on the security page and signs in with a code in Chromium, with no console error or CSP violation', {
  skip: chromiumMissing,
}, async () => {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const app = await createTestApp({ env: { PUBLIC_URL: origin } })
  const browser = await launchBrowser({ viewport: { width: 720, height: 860 }, locale: 'en-GB' })
  try {
    await app.server.listen({ port, host: '127.0.0.1' })
    const user = await createAccount(app, { email: 'ada@example.com' })
    const page = await browser.newPage()
    const problems = watchProblems(page, { failingStatus: 500, source: 'none' })
    const heading = () => page.locator('h1').textContent()
    const submit = () => page.locator('main button[type=submit]').first().click()

    await page.goto(`${origin}/account/security`)
    await page.locator('#email').fill('ada@example.com')
    await page.locator('#password').fill(DEFAULT_PASSWORD)
    await submit()
    await page.locator('#mfa-status').waitFor()
    assert.equal(await page.locator('#mfa-status').textContent(), 'Two-factor authentication is off.')

    await submit()
    await page.locator('#totp-secret').waitFor()
    assert.equal(await heading(), 'Set up two-factor authentication')
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '')
    assert.match((await page.locator('#totp-uri').getAttribute('href')) ?? '', new RegExp(`secret=${secret}`))
    await screenshot(page, 'mfa-enrol')
    await page.locator('#code').fill(totpCode(secret, app.clock.now()))
    await submit()
    await page.locator('#recovery-codes').waitFor()
    assert.equal(await page.locator('#recovery-codes li').count(), 10)
    await screenshot(page, 'mfa-recovery-codes')
    await submit()
    await page.locator('#mfa-status').waitFor()
    assert.equal(
      await page.locator('#mfa-status').textContent(),
      'Two-factor authentication is on. Recovery codes left: 10.',
    )
    await screenshot(page, 'mfa-security')

    // Signed out, the next sign-in asks for a code after the password.
    await page.locator('form[action="/account/security/sign-out"] button').click()
    await page.locator('#password').waitFor()
    await page.locator('#email').fill('ada@example.com')
    await page.locator('#password').fill(DEFAULT_PASSWORD)
    await submit()
    await page.locator('#code').waitFor()
    assert.equal(await heading(), 'Enter your security code')
    await screenshot(page, 'mfa-code')
    // The enrolment's code is spent: the next step's code signs in.
    app.clock.advance(30)
    await page.locator('#code').fill(totpCode(secret, app.clock.now()))
    await submit()
    await page.locator('#mfa-status').waitFor()
    assert.match((await page.locator('#mfa-status').textContent()) ?? '', /is on/)
    assert.equal(await app.core.identity.mfa.isEnabled(user.id), true)
    assert.deepEqual(problems, [])
  } finally {
    await browser.close()
    await app.close()
  }
})
