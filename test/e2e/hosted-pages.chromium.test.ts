import assert from 'node:assert/strict'
import { it } from 'node:test'
import { chromiumMissing, launchBrowser, screenshot, watchProblems } from '../support/chromium.ts'
import { freePort } from '../support/free-port.ts'
import { hostedLinkOf } from '../support/pages-client.ts'
import { startSmtpSink } from '../support/smtp-sink.ts'
import { createTestApp } from '../support/test-app.ts'

it('signs up, confirms, forgets and resets a password through the pages in Chromium, with no console error or CSP violation', {
  skip: chromiumMissing,
}, async () => {
  const sink = await startSmtpSink()
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const app = await createTestApp({ env: { SMTP_URL: sink.url, PUBLIC_URL: origin } })
  const browser = await launchBrowser({ viewport: { width: 720, height: 860 }, locale: 'en-GB' })
  try {
    await app.server.listen({ port, host: '127.0.0.1' })
    const page = await browser.newPage()
    const problems = watchProblems(page, { failingStatus: 500, source: 'path' })
    const heading = () => page.locator('h1').textContent()
    const email = 'grace@example.com'

    await page.goto(`${origin}/account/sign-up`)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    assert.equal(
      await page.locator(':focus').getAttribute('id'),
      'givenName',
      'skip link, then the first field',
    )
    await screenshot(page, 'sign-up')

    await page.getByLabel('E-mail address').fill('grace')
    await page.getByLabel('Password').fill('short')
    await page.getByRole('button', { name: 'Create account' }).click()
    assert.equal(await heading(), 'Create your account')
    assert.equal(await page.locator(':focus').getAttribute('class'), 'error-summary')
    await screenshot(page, 'sign-up-errors')

    await page.getByLabel('First name').fill('Grace')
    await page.getByLabel('Last name').fill('Hopper')
    await page.getByLabel('E-mail address').fill(email)
    await page.getByLabel('Password').fill('Cobol-Compiler-1959')
    await page.getByRole('button', { name: 'Create account' }).click()
    assert.equal(await heading(), 'Check your e-mail')
    await screenshot(page, 'sign-up-sent')

    const confirmation = hostedLinkOf(await sink.waitFor(1), email, 'confirm-email', origin)
    await page.goto(`${origin}${confirmation.url}`)
    assert.equal(await heading(), 'Confirm your e-mail address')
    await screenshot(page, 'confirm-email')
    await page.getByRole('button', { name: 'Confirm e-mail address' }).click()
    assert.equal(await heading(), 'E-mail address confirmed')
    await screenshot(page, 'confirm-email-done')
    const user = await app.core.identity.users.findByLogin(app.core.tenants.tenants.defaultTenant().id, email)
    assert.equal(user?.enabled, true)

    await page.goto(`${origin}/account/forgot-password`)
    await screenshot(page, 'forgot-password')
    await page.getByLabel('E-mail address').fill(email)
    await page.getByRole('button', { name: 'Send reset link' }).click()
    assert.equal(await heading(), 'Check your e-mail')
    await screenshot(page, 'forgot-password-sent')

    const reset = hostedLinkOf(await sink.waitFor(2), email, 'reset-password', origin)
    await page.goto(`${origin}${reset.url}`)
    assert.equal(await heading(), 'Choose a new password')
    await page.getByLabel('New password').fill('Flow-Matic-1955')
    await page.getByLabel('New password').focus()
    await screenshot(page, 'reset-password')
    await page.getByRole('button', { name: 'Set new password' }).click()
    assert.equal(await heading(), 'Your password is changed')
    await screenshot(page, 'reset-password-done')

    await page.goto(`${origin}/account/signed-out`)
    await screenshot(page, 'signed-out')
    await page.getByRole('link', { name: 'Hrvatski' }).click()
    assert.equal(await heading(), 'Odjavljeni ste')
    await page.goto(`${origin}/account/sign-up`)
    assert.equal(await heading(), 'Izradite račun', 'the language is remembered')
    await screenshot(page, 'sign-up-hr')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(`${origin}/account/forgot-password?lang=en`)
    await screenshot(page, 'forgot-password-dark')

    const signIn = await app.inject({
      method: 'POST',
      url: '/token',
      payload: { login_method: 'EMAIL', credentials: { email, password: 'Flow-Matic-1955' } },
    })
    assert.equal(signIn.statusCode, 200)
    // Chromium reports every 4xx document; the refused sign-up form above is the only one.
    assert.deepEqual(problems, [
      'error: Failed to load resource: the server responded with a status of 400 (Bad Request) (/account/sign-up)',
    ])
  } finally {
    await browser.close()
    await app.close()
    await sink.close()
  }
})
