import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import * as oidc from 'openid-client'
import { createAccount } from '../support/accounts.ts'
import { forEachDatabase } from '../support/databases.ts'
import {
  authorizationRequest,
  chromiumMissing,
  discover,
  fillSignIn,
  screenshot,
  signInThroughBrowser,
} from '../support/oidc-browser.ts'
import { createOidcClient, useOidcWorld } from '../support/oidc-world.ts'

const PASSWORD = 'Sign-in-Secret-9'

forEachDatabase('OIDC authorization code + PKCE with openid-client and Chromium', (dialect) => {
  const { world, browser, callback } = useOidcWorld(dialect, { browser: true })
  let redirectUri: string
  let clientId: string
  let secret: string

  before(async () => {
    if (chromiumMissing) return
    redirectUri = `${callback.url}/callback`
    ;({ id: clientId, secret } = await createOidcClient(world.app, {
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [`${callback.url}/signed-out`],
      grantTypes: ['authorization_code', 'refresh_token'],
    }))
    await createAccount(world.app, { email: 'ana@example.com', password: PASSWORD, name: 'Ana Kovač' })
  })

  it('signs a user in through the hosted pages; the ID token, userinfo, introspection, revocation and end-session work', {
    skip: chromiumMissing,
  }, async () => {
    const config = await discover(world.issuer, clientId, secret)
    assert.equal(config.serverMetadata().issuer, world.issuer)
    const request = await authorizationRequest(config, redirectUri)
    const page = await browser.newPage()

    await page.goto(request.url.href)
    assert.equal(await page.locator('h1').textContent(), 'Sign in')
    assert.match((await page.locator('main').textContent()) ?? '', /Sign in to continue to Example App\./)
    await screenshot(page, 'oidc-sign-in')

    // A wrong password re-renders the form with the error, and keeps the address typed.
    const signInUrl = page.url()
    await fillSignIn(page, 'ana@example.com', 'Wrong-password-1')
    await page.locator('.error-summary').waitFor()
    assert.equal(page.url(), signInUrl)
    assert.match(
      (await page.locator('.error-summary').textContent()) ?? '',
      /e-mail address or the password is wrong/,
    )
    assert.equal(await page.locator('#email').inputValue(), 'ana@example.com')
    await screenshot(page, 'oidc-sign-in-error')

    await fillSignIn(page, 'ana@example.com', PASSWORD)
    await page.waitForURL((url) => url.href !== signInUrl)
    assert.equal(await page.locator('h1').textContent(), 'Allow access')
    const consentText = (await page.locator('main').textContent()) ?? ''
    assert.match(consentText, /Example App asks for access to your account\./)
    assert.match(consentText, /Signed in as ana@example\.com\./)
    assert.match(consentText, /See your e-mail address/)
    await screenshot(page, 'oidc-consent')
    await page.locator('button[value=allow]').click()
    await page.waitForURL((url) => url.href.startsWith(redirectUri))

    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    })
    const user = await world.app.core.identity.users.findByLogin(
      world.app.core.tenants.tenants.defaultTenant().id,
      'ana@example.com',
    )
    const claims = tokens.claims() ?? assert.fail('an ID token')
    assert.equal(claims.iss, world.issuer)
    assert.equal(claims.aud, clientId)
    assert.equal(claims.sub, user?.id)
    assert.equal(typeof tokens.refresh_token, 'string')

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)
    assert.deepEqual(userinfo, {
      sub: user?.id,
      email: 'ana@example.com',
      email_verified: false,
      name: 'Ana Kovač',
      given_name: 'Ana',
      family_name: 'Kovač',
    })

    const introspected = await oidc.tokenIntrospection(config, tokens.access_token)
    assert.equal(introspected.active, true)
    assert.equal(introspected.client_id, clientId)
    assert.equal(introspected.sub, user?.id)

    // The browser keeps its provider session: the next authorization asks nothing.
    const again = await authorizationRequest(config, redirectUri, { prompt: '', scope: 'openid email' })
    const back = await signInThroughBrowser(page, again, redirectUri, { email: '', password: '' })
    assert.ok(back.searchParams.get('code'))

    await oidc.tokenRevocation(config, tokens.access_token)
    assert.equal((await oidc.tokenIntrospection(config, tokens.access_token)).active, false)
    await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, claims.sub), (error: Error) => {
      const [challenge] = (error.cause ?? []) as { parameters: { error?: string } }[]
      return challenge?.parameters.error === 'invalid_token'
    })

    // End-session: the hosted confirmation, then back to the registered post-logout URI.
    const endSession = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: `${callback.url}/signed-out`,
    })
    await page.goto(endSession.href)
    assert.equal(await page.locator('h1').textContent(), 'Sign out?')
    await screenshot(page, 'oidc-sign-out')
    await page.locator('button[value=yes]').click()
    await page.waitForURL(`${callback.url}/signed-out`)

    // Signed out: the next authorization shows the sign-in form again.
    await page.goto((await authorizationRequest(config, redirectUri)).url.href)
    assert.equal(await page.locator('h1').textContent(), 'Sign in')
    await page.close()
  })

  it('refuses a redirect_uri that is not registered exactly, on a page and without redirecting', {
    skip: chromiumMissing,
  }, async () => {
    const config = await discover(world.issuer, clientId, secret)
    const request = await authorizationRequest(config, `${redirectUri}/other`)
    const response = await fetch(request.url, { redirect: 'manual' })
    assert.equal(response.status, 400)
    assert.equal(response.headers.get('location'), null)
    const body = await response.text()
    assert.match(body, /<h1>Sign-in could not continue<\/h1>/)
    assert.match(body, /invalid_redirect_uri/)
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/)
  })

  it('requires PKCE: an authorization request without a code challenge is refused', {
    skip: chromiumMissing,
  }, async () => {
    const config = await discover(world.issuer, clientId, secret)
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid' })
    const response = await fetch(url, { redirect: 'manual' })
    assert.equal(response.status, 303)
    const location = new URL(response.headers.get('location') ?? '')
    assert.equal(`${location.origin}${location.pathname}`, redirectUri)
    assert.equal(location.searchParams.get('error'), 'invalid_request')
    assert.match(location.searchParams.get('error_description') ?? '', /requires PKCE/)
  })
})
