import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { type OidcWorld, startOidcWorld } from '../../../test/support/oidc-world.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'

const PASSWORD = 'Pages-Secret-5'
const REDIRECT = 'https://app.example.com/callback'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' // S256 of RFC 7636's example verifier

/** A browser without a browser: keeps cookies by name and follows nothing by itself. */
function cookieJar(baseUrl: string) {
  const cookies = new Map<string, string>()
  return {
    async fetch(path: string, init: RequestInit = {}) {
      const response = await fetch(new URL(path, baseUrl), {
        ...init,
        redirect: 'manual',
        headers: {
          ...init.headers,
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        },
      })
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';')
        const at = pair.indexOf('=')
        cookies.set(pair.slice(0, at), pair.slice(at + 1))
      }
      return response
    },
  }
}

const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? assert.fail('a CSRF field')
/** A public client of the default tenant that sends users back to REDIRECT. */
async function publicClient(app: TestApp, name: string, extra: { skipConsent?: boolean } = {}) {
  const { client } = await app.core.sessions.oidcClients.create({
    tenantId: app.core.tenants.tenants.defaultTenant().id,
    name,
    redirectUris: [REDIRECT],
    postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'],
    isPublic: true,
    resources: [],
    ...extra,
  })
  return client.id
}

/** An authorization code request to REDIRECT with PKCE (S256). */
const authorizeQuery = (clientId: string, scope: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope,
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  })

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

forEachDatabase('OIDC pages and routes', (dialect) => {
  let world: OidcWorld
  let clientId: string

  before(async () => {
    world = await startOidcWorld({ dialect })
    clientId = await publicClient(world.app, 'Public <App>')
    await createAccount(world.app, { email: 'eva@example.com', password: PASSWORD })
  })
  after(() => world.app.close())

  it('serves discovery at the issuer, redirects the root one there, and 404s unknown or doubled tenants', async () => {
    const root = await fetch(`${world.baseUrl}/.well-known/openid-configuration`, { redirect: 'manual' })
    assert.equal(root.status, 302)
    assert.equal(root.headers.get('location'), '/oidc/.well-known/openid-configuration')
    const served = await fetch(`${world.issuer}/.well-known/openid-configuration`)
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(served.headers.get('x-frame-options'), 'DENY')
    const discovery = (await served.json()) as Record<string, unknown>
    assert.equal(discovery.issuer, world.issuer)
    assert.deepEqual(discovery.response_types_supported, ['code'])
    assert.deepEqual(discovery.code_challenge_methods_supported, ['S256'])
    assert.equal(discovery.jwks_uri, `${world.issuer}/jwks`)
    for (const tenant of ['no-such-coop', world.app.core.tenants.tenants.defaultTenant().identifier]) {
      const response = await fetch(`${world.issuer}/t/${tenant}/.well-known/openid-configuration`)
      assert.equal(response.status, 404)
      assert.deepEqual(await response.json(), {
        error: 'not_found',
        message: `Route GET /oidc/t/${tenant}/.well-known/openid-configuration not found`,
      })
    }
  })

  it('builds endpoint URLs from PUBLIC_URL, whatever forwarded headers a caller sends', async () => {
    const response = await fetch(`${world.issuer}/.well-known/openid-configuration`, {
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    })
    const discovery = (await response.json()) as Record<string, string>
    assert.equal(discovery.authorization_endpoint, `${world.issuer}/auth`)
    assert.equal(discovery.token_endpoint, `${world.issuer}/token`)
  })

  it('sets Secure cookies when PUBLIC_URL is https', async () => {
    const app = await createTestApp({ dialect, env: { PUBLIC_URL: 'https://id.example.com' } })
    try {
      const clientId = await publicClient(app, 'App')
      const query = authorizeQuery(clientId, 'openid')
      const response = await app.inject({ method: 'GET', url: `/oidc/auth?${query}` })
      assert.equal(response.statusCode, 303)
      assert.match(response.headers.location as string, /^\/oidc\/interaction\//)
      const cookies = [response.headers['set-cookie'] ?? []].flat()
      assert.ok(cookies.length > 0)
      for (const cookie of cookies) assert.match(cookie, /; secure; httponly$|; secure;.*httponly/i)
    } finally {
      await app.close()
    }
  })

  it('answers an interaction page without its cookie with a 400 page, and a form without CSRF with 403', async () => {
    const page = await fetch(`${world.issuer}/interaction/some-uid`)
    assert.equal(page.status, 400)
    assert.match(await page.text(), /<h1>This sign-in has expired<\/h1>/)
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/)
    const posted = await fetch(`${world.issuer}/interaction/some-uid`, form({ email: 'x', password: 'y' }))
    assert.equal(posted.status, 403)
  })

  it('signs in with plain form posts, escapes the client name, and sends Deny back as access_denied', async () => {
    const browser = cookieJar(world.baseUrl)
    const query = authorizeQuery(clientId, 'openid email', { state: 'st' })
    const start = await browser.fetch(`/oidc/auth?${query}`)
    assert.equal(start.status, 303)
    const signInPath = start.headers.get('location') ?? assert.fail('to the sign-in page')
    assert.match(signInPath, /^\/oidc\/interaction\/[\w-]+$/)

    const signIn = await browser.fetch(signInPath)
    assert.equal(signIn.status, 200)
    assert.match(
      signIn.headers.get('content-security-policy') ?? '',
      /form-action 'self' https:\/\/app\.example\.com;/,
    )
    const html = await signIn.text()
    assert.match(html, /Sign in to continue to Public &lt;App&gt;\./)

    const refused = await browser.fetch(
      signInPath,
      form({ _csrf: csrfOf(html), email: 'eva@example.com', password: 'nope' }),
    )
    assert.equal(refused.status, 400)
    assert.match(await refused.text(), /The e-mail address or the password is wrong/)

    const accepted = await browser.fetch(
      signInPath,
      form({ _csrf: csrfOf(html), email: 'eva@example.com', password: PASSWORD }),
    )
    assert.equal(accepted.status, 303)
    const resumed = await browser.fetch(accepted.headers.get('location') ?? assert.fail('resume'))
    assert.equal(resumed.status, 303)
    const consentPath = resumed.headers.get('location') ?? assert.fail('to consent')
    const consent = await browser.fetch(consentPath)
    const consentHtml = await consent.text()
    assert.match(consentHtml, /<h1>Allow access<\/h1>/)

    const denied = await browser.fetch(consentPath, form({ _csrf: csrfOf(consentHtml), decision: 'deny' }))
    assert.equal(denied.status, 303)
    const back = await browser.fetch(denied.headers.get('location') ?? assert.fail('resume'))
    assert.equal(back.status, 303)
    const callback = new URL(back.headers.get('location') ?? assert.fail('to the client'))
    assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT)
    assert.equal(callback.searchParams.get('error'), 'access_denied')
    assert.equal(callback.searchParams.get('state'), 'st')
  })

  it('asks no consent for a first-party client (registered with skip consent)', async () => {
    const clientId = await publicClient(world.app, 'First party', { skipConsent: true })
    const browser = cookieJar(world.baseUrl)
    const query = authorizeQuery(clientId, 'openid email')
    const signInPath = (await browser.fetch(`/oidc/auth?${query}`)).headers.get('location') ?? ''
    const csrf = csrfOf(await (await browser.fetch(signInPath)).text())
    const accepted = await browser.fetch(
      signInPath,
      form({ _csrf: csrf, email: 'eva@example.com', password: PASSWORD }),
    )
    assert.equal(accepted.status, 303)
    const back = await browser.fetch(accepted.headers.get('location') ?? assert.fail('resume'))
    assert.equal(back.status, 303)
    const callback = new URL(back.headers.get('location') ?? assert.fail('to the client'))
    assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT)
    assert.ok(callback.searchParams.get('code'))
  })

  it('locks the account after failed sign-ins, as every surface does: then even the right password gets 429', async () => {
    const locking = await startOidcWorld({
      dialect,
      env: { RATE_LIMITS_ENABLED: 'true', LOCKOUT_THRESHOLD: '2' },
    })
    try {
      const clientId = await publicClient(locking.app, 'App')
      await createAccount(locking.app, { email: 'lou@example.com', password: PASSWORD })
      const browser = cookieJar(locking.baseUrl)
      const query = authorizeQuery(clientId, 'openid')
      const signInPath = (await browser.fetch(`/oidc/auth?${query}`)).headers.get('location') ?? ''
      const csrf = csrfOf(await (await browser.fetch(signInPath)).text())
      for (const attempt of [1, 2]) {
        const wrong = await browser.fetch(
          signInPath,
          form({ _csrf: csrf, email: 'lou@example.com', password: `no-${attempt}` }),
        )
        assert.equal(wrong.status, 400)
      }
      const locked = await browser.fetch(
        signInPath,
        form({ _csrf: csrf, email: 'lou@example.com', password: PASSWORD }),
      )
      assert.equal(locked.status, 429)
      assert.ok(Number(locked.headers.get('retry-after')) > 0)
      assert.match(await locked.text(), /<h1>Too many attempts<\/h1>/)
    } finally {
      await locking.app.close()
    }
  })
})
