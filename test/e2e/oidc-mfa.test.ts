import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import * as oidc from 'openid-client'
import { createAccount } from '../support/accounts.ts'
import { forEachDatabase } from '../support/databases.ts'
import { enrolTotp, totpCode } from '../support/mfa.ts'
import {
  authorizationRequest,
  type Browser,
  chromiumMissing,
  discover,
  fillSignIn,
  screenshot,
} from '../support/oidc-browser.ts'
import { createOidcClient, useOidcWorld } from '../support/oidc-world.ts'

const PASSWORD = 'Sign-in-Secret-9'

forEachDatabase('OIDC sign-in with a second factor (openid-client and Chromium)', (dialect) => {
  const { world, browser, callback } = useOidcWorld(dialect, { browser: true })
  let redirectUri: string
  let config: oidc.Configuration

  before(async () => {
    if (chromiumMissing) return
    redirectUri = `${callback.url}/callback`
    const client = await createOidcClient(world.app, {
      redirectUris: [redirectUri],
      grantTypes: ['authorization_code'],
    })
    config = await discover(world.issuer, client.id, client.secret)
  })

  const eventsOf = async (userId: string, type: string) =>
    (
      await world.app.core.ops.audit.page(
        world.app.core.tenants.tenants.defaultTenant().id,
        { page: 0, size: 100 },
        { userId, type },
      )
    ).events

  /** Allows the client and trades the code for tokens; the ID token's subject. */
  async function finish(
    page: Awaited<ReturnType<Browser['newPage']>>,
    request: Awaited<ReturnType<typeof authorizationRequest>>,
  ) {
    await page.locator('button[value=allow]').click()
    await page.waitForURL((url) => url.href.startsWith(redirectUri))
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    })
    return tokens.claims()?.sub
  }

  it('asks a user with TOTP for a code after the password, refuses a wrong one, and records the sign-in only after it', {
    skip: chromiumMissing,
  }, async () => {
    const user = await createAccount(world.app, { email: 'totp@example.com', password: PASSWORD })
    const { secret } = await enrolTotp(world.app, user)
    const request = await authorizationRequest(config, redirectUri)
    // A fresh browser session: the provider would otherwise remember the previous sign-in.
    await browser.context.clearCookies()
    const page = await browser.newPage()
    await page.goto(request.url.href)
    await fillSignIn(page, 'totp@example.com', PASSWORD)
    await page.locator('#code').waitFor()
    assert.equal(await page.locator('h1').textContent(), 'Enter your security code')
    assert.equal((await eventsOf(user.id, 'sign_in.succeeded')).length, 0)
    await screenshot(page, 'mfa-oidc-code')

    await page.locator('#code').fill('000000')
    await page.locator('button[type=submit]').click()
    await page.locator('.error-summary').waitFor()
    assert.match(
      (await page.locator('.error-summary').textContent()) ?? '',
      /code is wrong or was already used/,
    )
    assert.equal((await eventsOf(user.id, 'mfa.failed')).length, 1)

    await page.locator('#code').fill(totpCode(secret, world.app.clock.now()))
    await page.locator('button[type=submit]').click()
    await page.locator('button[value=allow]').waitFor()
    assert.equal(await finish(page, request), user.id)
    const succeeded = await eventsOf(user.id, 'sign_in.succeeded')
    assert.deepEqual(
      succeeded.map((event) => event.details),
      [{ method: 'password', surface: 'oidc' }],
    )
    await page.close()
  })

  it('takes a recovery code instead of a TOTP code, once', { skip: chromiumMissing }, async () => {
    const user = await createAccount(world.app, { email: 'recovery@example.com', password: PASSWORD })
    const { recoveryCodes } = await enrolTotp(world.app, user)
    const request = await authorizationRequest(config, redirectUri)
    // A fresh browser session: the provider would otherwise remember the previous sign-in.
    await browser.context.clearCookies()
    const page = await browser.newPage()
    await page.goto(request.url.href)
    await fillSignIn(page, 'recovery@example.com', PASSWORD)
    await page.locator('#code').fill(recoveryCodes[0] ?? '')
    await page.locator('button[type=submit]').click()
    await page.locator('button[value=allow]').waitFor()
    assert.equal(await finish(page, request), user.id)
    assert.equal((await eventsOf(user.id, 'mfa.recovery_code_used')).length, 1)
    assert.equal((await world.app.core.identity.mfa.status(user.id)).recoveryCodesLeft, 9)
    await page.close()
  })

  it('takes a user without a factor through enrolment when the coop requires one', {
    skip: chromiumMissing,
  }, async () => {
    const tenantId = world.app.core.tenants.tenants.defaultTenant().id
    const user = await createAccount(world.app, { email: 'new@example.com', password: PASSWORD })
    await world.app.core.identity.mfa.setPolicy(tenantId, { policy: 'required' })
    try {
      const request = await authorizationRequest(config, redirectUri)
      await browser.context.clearCookies()
      const page = await browser.newPage()
      await page.goto(request.url.href)
      await fillSignIn(page, 'new@example.com', PASSWORD)
      await page.locator('#totp-secret').waitFor()
      assert.equal(await page.locator('h1').textContent(), 'Set up two-factor authentication')
      const uri = (await page.locator('#totp-uri').textContent()) ?? ''
      assert.match(uri, /^otpauth:\/\/totp\/Latchkey:new%40example\.com\?/)
      const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '')
      assert.ok(uri.includes(`secret=${secret}`))
      await screenshot(page, 'mfa-oidc-enrol')
      assert.equal(await world.app.core.identity.mfa.isEnabled(user.id), false)

      await page.locator('#code').fill(totpCode(secret, world.app.clock.now()))
      await page.locator('button[type=submit]').click()
      await page.locator('#recovery-codes').waitFor()
      assert.equal(await page.locator('#recovery-codes li').count(), 10)
      assert.equal(await world.app.core.identity.mfa.isEnabled(user.id), true)
      assert.equal((await eventsOf(user.id, 'sign_in.succeeded')).length, 0)
      await page.locator('button[type=submit]').click()
      await page.locator('button[value=allow]').waitFor()
      assert.equal(await finish(page, request), user.id)
      assert.equal((await eventsOf(user.id, 'sign_in.succeeded')).length, 1)
      await page.close()
    } finally {
      await world.app.core.identity.mfa.setPolicy(tenantId, { policy: 'optional' })
    }
  })
})
