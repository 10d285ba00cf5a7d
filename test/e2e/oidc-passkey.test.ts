import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import * as oidc from 'openid-client'
import { createAccount } from '../support/accounts.ts'
import { forEachDatabase } from '../support/databases.ts'
import { authorizationRequest, discover } from '../support/oidc-browser.ts'
import { createOidcClient, useOidcWorld } from '../support/oidc-world.ts'
import { passkeyCsrfOf, passkeyOptionsOf } from '../support/passkey-pages.ts'
import { createSoftAuthenticator, type SoftAuthenticator } from '../support/soft-authenticator.ts'

/** A browser without a browser: fetch that keeps cookies and follows redirects by hand. */
function cookieBrowser() {
  const jar = new Map<string, string>()
  async function request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
    return response
  }
  return {
    /** Follows redirects until a page answers, or until the URL leaves `stopAt`'s origin. */
    async follow(
      start: Response,
      base: string,
      stopAt: string,
    ): Promise<{ url: string; response: Response }> {
      let response = start
      let url = base
      while (response.status >= 300 && response.status < 400) {
        url = new URL(response.headers.get('location') ?? '', url).href
        if (url.startsWith(stopAt)) return { url, response }
        response = await request(url)
      }
      return { url, response }
    },
    request,
    postForm: (url: string, fields: Record<string, string>) =>
      request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      }),
  }
}

const PASSWORD = 'Sign-in-Secret-9'
const csrfOfFirstForm = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? ''

forEachDatabase('OIDC passwordless sign-in with a passkey', (dialect) => {
  const { world, callback } = useOidcWorld(dialect)
  let redirectUri: string
  let clientId: string
  let secret: string
  let authenticator: SoftAuthenticator
  let userId: string

  before(async () => {
    redirectUri = `${callback.url}/callback`
    ;({ id: clientId, secret } = await createOidcClient(world.app, {
      redirectUris: [redirectUri],
      grantTypes: ['authorization_code', 'refresh_token'],
    }))
    const user = await createAccount(world.app, { email: 'passkey-oidc@example.com' })
    userId = user.id
    authenticator = createSoftAuthenticator(world.baseUrl)
    const options = await world.app.core.identity.passkeys.registrationOptions(user)
    await world.app.core.identity.passkeys.register(
      user,
      { response: authenticator.create(options), name: 'Phone' },
      'pages',
    )
  })

  async function openSignIn(config: oidc.Configuration) {
    const browser = cookieBrowser()
    const request = await authorizationRequest(config, redirectUri, { prompt: '', scope: 'openid email' })
    const start = await browser.request(request.url.href)
    const { url, response } = await browser.follow(start, request.url.href, redirectUri)
    const body = await response.text()
    return { browser, request, url, body, response }
  }

  it('signs in with only a passkey on the hosted sign-in page and ends in tokens for that user', async () => {
    const config = await discover(world.issuer, clientId, secret)
    const { browser, request, url, body, response } = await openSignIn(config)
    assert.equal(response.status, 200)
    assert.match(body, /<h1>Sign in<\/h1>/)
    assert.match(body, />Sign in with a passkey</)
    const csp = response.headers.get('content-security-policy') ?? ''
    assert.match(csp, new RegExp(`script-src ${world.baseUrl}/account/assets/passkeys-[0-9a-f]{12}\\.js;`))
    assert.match(csp, new RegExp(`form-action 'self' ${callback.url};`))

    const answer = authenticator.get(passkeyOptionsOf<{ challenge: string }>(body, 'get'))
    const posted = await browser.postForm(url, {
      _csrf: passkeyCsrfOf(body, 'get'),
      passkey_response: answer,
    })
    assert.equal(posted.status, 303)
    let arrived = await browser.follow(posted, url, redirectUri)
    if (!arrived.url.startsWith(redirectUri)) {
      // The first authorization of this client asks for consent.
      const consent = await arrived.response.text()
      assert.match(consent, /<h1>Allow access<\/h1>/)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(consent)?.[1] ?? ''
      const allowed = await browser.postForm(arrived.url, { _csrf: csrf, decision: 'allow' })
      arrived = await browser.follow(allowed, arrived.url, redirectUri)
    }
    assert.ok(arrived.url.startsWith(redirectUri), arrived.url)
    const tokens = await oidc.authorizationCodeGrant(config, new URL(arrived.url), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    })
    const claims = tokens.claims() ?? assert.fail('an ID token')
    assert.equal(claims.sub, userId)
    assert.deepEqual(claims.amr, ['hwk', 'mfa'])
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)
    assert.equal(userinfo.email, 'passkey-oidc@example.com')
  })

  it('re-renders the sign-in page with an error for a passkey the server does not know', async () => {
    const config = await discover(world.issuer, clientId, secret)
    const { browser, url, body } = await openSignIn(config)
    const stranger = createSoftAuthenticator(world.baseUrl)
    stranger.create({ challenge: 'x', rp: {}, user: { id: 'eA' } })
    const answer = stranger.get(passkeyOptionsOf<{ challenge: string }>(body, 'get'))
    const posted = await browser.postForm(url, {
      _csrf: passkeyCsrfOf(body, 'get'),
      passkey_response: answer,
    })
    assert.equal(posted.status, 400)
    const page = await posted.text()
    assert.match(page, /This passkey was not accepted\. Try again, or use your password\./)
    assert.match(page, /<h1>Sign in<\/h1>/)
  })

  it('asks a user with a passkey for it after the password, and the passkey passes the second step', async () => {
    const user = await createAccount(world.app, { email: 'passkey-second@example.com', password: PASSWORD })
    const own = createSoftAuthenticator(world.baseUrl)
    const options = await world.app.core.identity.passkeys.registrationOptions(user)
    await world.app.core.identity.passkeys.register(
      user,
      { response: own.create(options), name: 'Key' },
      'pages',
    )
    const config = await discover(world.issuer, clientId, secret)
    const { browser, request, url, body } = await openSignIn(config)
    const step = await browser.postForm(url, {
      _csrf: csrfOfFirstForm(body),
      email: 'passkey-second@example.com',
      password: PASSWORD,
    })
    assert.equal(step.status, 200)
    const verify = await step.text()
    assert.match(verify, /<h1>Enter your security code<\/h1>/)
    assert.match(verify, />Use a passkey instead</)
    assert.match(
      step.headers.get('content-security-policy') ?? '',
      /script-src http:\/\/127\.0\.0\.1:\d+\/account\/assets\/passkeys-/,
    )
    const request2 = passkeyOptionsOf<{ challenge: string; allowCredentials: { id: string }[] }>(
      verify,
      'get',
    )
    assert.deepEqual(
      request2.allowCredentials.map((each) => each.id),
      [own.passkeys()[0]?.credentialId],
      'only this user’s passkeys',
    )
    const form = /data-passkey="get"[\s\S]*?<\/form>/.exec(verify)?.[0] ?? ''
    const ticket = /name="mfa_ticket" value="([^"]+)"/.exec(form)?.[1]
    assert.ok(ticket, 'the passkey form carries the ticket')
    // Another user's passkey does not pass this user's step.
    const wrong = await browser.postForm(url, {
      _csrf: passkeyCsrfOf(verify, 'get'),
      mfa_ticket: ticket,
      passkey_response: authenticator.get(request2),
    })
    assert.equal(wrong.status, 400)
    const again = await wrong.text()
    const retry = passkeyOptionsOf<{ challenge: string }>(again, 'get')
    const ticket2 = /name="mfa_ticket" value="([^"]+)"/.exec(again)?.[1] ?? ''
    const posted = await browser.postForm(url, {
      _csrf: passkeyCsrfOf(again, 'get'),
      mfa_ticket: ticket2,
      passkey_response: own.get(retry),
    })
    assert.equal(posted.status, 303)
    let arrived = await browser.follow(posted, url, redirectUri)
    if (!arrived.url.startsWith(redirectUri)) {
      const consent = await arrived.response.text()
      const allowed = await browser.postForm(arrived.url, {
        _csrf: csrfOfFirstForm(consent),
        decision: 'allow',
      })
      arrived = await browser.follow(allowed, arrived.url, redirectUri)
    }
    const tokens = await oidc.authorizationCodeGrant(config, new URL(arrived.url), {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    })
    assert.equal(tokens.claims()?.sub, user.id)
  })
})
