import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import * as oidc from 'openid-client'
import { AMPNET_PASSWORD, COOP, signUpBody } from '../support/ampnet-client.ts'
import { forEachDatabase } from '../support/databases.ts'
import { PASSWORD as IDEAPOOL_PASSWORD, signUp as ideapoolSignUp } from '../support/ideapool-client.ts'
import {
  authorizationRequest,
  chromiumMissing,
  discover,
  fillSignIn,
  signInThroughBrowser,
} from '../support/oidc-browser.ts'
import { useOidcWorld } from '../support/oidc-world.ts'

const OTHER_COOP = 'other-coop'

forEachDatabase('OIDC sign-in for users of every surface and tenant', (dialect) => {
  const { world, browser, callback } = useOidcWorld(dialect, {
    env: { AMPNET_DEFAULT_COOP: COOP, AMPNET_FIRST_ADMIN: 'false', AMPNET_MAIL_CONFIRMATION: 'false' },
    browser: true,
  })
  let redirectUri: string

  before(async () => {
    if (chromiumMissing) return
    redirectUri = `${callback.url}/callback`
    await world.app.core.tenants.coops.create(
      { identifier: OTHER_COOP, name: 'Other Coop', hostname: undefined },
      {},
      true,
    )
  })

  async function clientOf(tenantIdentifier: string, issuer: string) {
    const tenant = await world.app.core.tenants.tenants.findByIdentifier(tenantIdentifier)
    const { client, secret } = await world.app.core.sessions.oidcClients.create({
      tenantId: tenant?.id ?? assert.fail('tenant'),
      name: `App of ${tenantIdentifier}`,
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'],
      isPublic: false,
      resources: [],
    })
    return discover(issuer, client.id, secret)
  }

  /** Signs in from a browser without cookies: no provider session carried over. */
  async function signIn(config: oidc.Configuration, email: string, password: string) {
    await browser.context.clearCookies()
    const page = await browser.newPage()
    try {
      const request = await authorizationRequest(config, redirectUri, { scope: 'openid email', prompt: '' })
      const back = await signInThroughBrowser(page, request, redirectUri, { email, password })
      const tokens = await oidc.authorizationCodeGrant(config, back, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      })
      return tokens.claims()?.sub
    } finally {
      await page.close()
    }
  }

  it('a user who signed up through Idea Pool (POST /users) signs in through OIDC', {
    skip: chromiumMissing,
  }, async () => {
    await ideapoolSignUp(world.app, 'idea@example.com')
    const config = await clientOf(COOP, world.issuer)
    const user = await world.app.core.identity.users.findByLogin(
      world.app.core.tenants.tenants.defaultTenant().id,
      'idea@example.com',
    )
    assert.equal(await signIn(config, 'idea@example.com', IDEAPOOL_PASSWORD), user?.id)
  })

  it('a user who signed up through AMPnet signs in through OIDC, in their coop’s issuer only', {
    skip: chromiumMissing,
  }, async () => {
    const signedUp = await world.app.inject({
      method: 'POST',
      url: '/signup',
      payload: signUpBody('coop@example.com', { coop: OTHER_COOP }),
    })
    assert.equal(signedUp.statusCode, 200, signedUp.body)
    const coopIssuer = `${world.issuer}/t/${OTHER_COOP}`
    const config = await clientOf(OTHER_COOP, coopIssuer)
    assert.equal(config.serverMetadata().issuer, coopIssuer)
    assert.equal(await signIn(config, 'coop@example.com', AMPNET_PASSWORD), signedUp.json().uuid)

    // The default coop's issuer does not know them: the sign-in form refuses the password.
    const defaultConfig = await clientOf(COOP, world.issuer)
    await browser.context.clearCookies()
    const page = await browser.newPage()
    try {
      const request = await authorizationRequest(defaultConfig, redirectUri, { scope: 'openid', prompt: '' })
      await page.goto(request.url.href)
      await fillSignIn(page, 'coop@example.com', AMPNET_PASSWORD)
      await page.locator('.error-summary').waitFor()
      assert.match((await page.locator('.error-summary').textContent()) ?? '', /password is wrong/)
    } finally {
      await page.close()
    }
  })

  it('a disabled account is refused at the sign-in form', { skip: chromiumMissing }, async () => {
    const signedUp = await world.app.inject({
      method: 'POST',
      url: '/signup',
      payload: signUpBody('off@example.com'),
    })
    assert.equal(signedUp.statusCode, 200, signedUp.body)
    await world.app.core.identity.userOperator.disable(signedUp.json().uuid)
    const config = await clientOf(COOP, world.issuer)
    const page = await browser.newPage()
    try {
      const request = await authorizationRequest(config, redirectUri, { scope: 'openid', prompt: '' })
      await page.goto(request.url.href)
      await fillSignIn(page, 'off@example.com', AMPNET_PASSWORD)
      await page.locator('.error-summary').waitFor()
      assert.equal(await page.locator('h1').textContent(), 'Sign in')
    } finally {
      await page.close()
    }
  })
})
