import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import * as oidc from 'openid-client'
import { createAccount } from '../support/accounts.ts'
import { forEachDatabase } from '../support/databases.ts'
import {
  authorizationRequest,
  chromiumMissing,
  discover,
  signInThroughBrowser,
} from '../support/oidc-browser.ts'
import { createOidcClient, useOidcWorld } from '../support/oidc-world.ts'

const PASSWORD = 'Refresh-Secret-7'
const API = 'https://api.example.com'

/** The OAuth error code of a refused token request, in the body or (a 401) in WWW-Authenticate. */
function oauthError(code: string) {
  return (error: unknown) => {
    const { error: inBody, cause } = error as { error?: string; cause?: unknown }
    const challenge = Array.isArray(cause) ? (cause[0] as { parameters?: { error?: string } }) : undefined
    return (inBody ?? challenge?.parameters?.error) === code
  }
}

forEachDatabase(
  'OIDC tokens: refresh rotation and reuse detection, client credentials, audiences',
  (dialect) => {
    const { world, browser, callback } = useOidcWorld(dialect, { browser: true })
    let redirectUri: string
    let config: oidc.Configuration

    before(async () => {
      if (chromiumMissing) return
      redirectUri = `${callback.url}/callback`
      const client = await createOidcClient(world.app, {
        name: 'Refreshing App',
        redirectUris: [redirectUri],
        grantTypes: ['authorization_code', 'refresh_token'],
        resources: [API],
      })
      config = await discover(world.issuer, client.id, client.secret)
      await createAccount(world.app, { email: 'ivo@example.com', password: PASSWORD })
    })

    async function signIn(extra: Record<string, string> = {}) {
      const request = await authorizationRequest(config, redirectUri, extra)
      const page = await browser.newPage()
      try {
        const back = await signInThroughBrowser(page, request, redirectUri, {
          email: 'ivo@example.com',
          password: PASSWORD,
        })
        return await oidc.authorizationCodeGrant(config, back, {
          pkceCodeVerifier: request.verifier,
          expectedState: request.state,
          expectedNonce: request.nonce,
        })
      } finally {
        await page.close()
      }
    }

    it('rotates the refresh token on every use; reusing a spent one revokes the grant', {
      skip: chromiumMissing,
    }, async () => {
      const first = await signIn()
      const spent = first.refresh_token ?? assert.fail('a refresh token')
      const second = await oidc.refreshTokenGrant(config, spent)
      const current = second.refresh_token ?? assert.fail('a rotated refresh token')
      assert.notEqual(current, spent)
      const sub = first.claims()?.sub ?? assert.fail('an ID token')
      assert.equal((await oidc.fetchUserInfo(config, second.access_token, sub)).email, 'ivo@example.com')

      // Someone replays the spent token: refused, and the whole grant with it.
      await assert.rejects(oidc.refreshTokenGrant(config, spent), oauthError('invalid_grant'))
      await assert.rejects(oidc.refreshTokenGrant(config, current), oauthError('invalid_grant'))
      assert.equal((await oidc.tokenIntrospection(config, second.access_token)).active, false)
    })

    it('issues a JWT access token whose aud is the registered API asked for as resource', {
      skip: chromiumMissing,
    }, async () => {
      const tokens = await signIn({ resource: API })
      const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri ?? assert.fail('jwks_uri')))
      const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
        issuer: world.issuer,
        audience: API,
        typ: 'at+jwt',
      })
      assert.equal(protectedHeader.alg, 'ES256')
      assert.equal(payload.sub, tokens.claims()?.sub)
      // The same key ring signs it: the root JWKS publishes its key too.
      const root = (await (await fetch(`${world.baseUrl}/.well-known/jwks.json`)).json()) as {
        keys: { kid: string }[]
      }
      assert.ok(root.keys.some((key) => key.kid === protectedHeader.kid))
    })

    it('client credentials: an opaque token without resource, a JWT with aud for a registered one, invalid_target otherwise', {
      skip: chromiumMissing,
    }, async () => {
      const { client, secret } = await world.app.core.sessions.oidcClients.create({
        tenantId: world.app.core.tenants.tenants.defaultTenant().id,
        name: 'Billing service',
        redirectUris: [],
        postLogoutRedirectUris: [],
        grantTypes: ['client_credentials'],
        isPublic: false,
        resources: [API],
      })
      const service = await discover(world.issuer, client.id, secret)

      const opaque = await oidc.clientCredentialsGrant(service, {})
      assert.equal(opaque.access_token.split('.').length, 1)
      const introspected = await oidc.tokenIntrospection(service, opaque.access_token)
      assert.equal(introspected.active, true)
      assert.equal(introspected.client_id, client.id)

      const jwt = await oidc.clientCredentialsGrant(service, { resource: API })
      const jwks = createRemoteJWKSet(new URL(service.serverMetadata().jwks_uri ?? assert.fail('jwks_uri')))
      const { payload } = await jwtVerify(jwt.access_token, jwks, { issuer: world.issuer, audience: API })
      assert.equal(payload.client_id, client.id)

      await assert.rejects(
        oidc.clientCredentialsGrant(service, { resource: 'https://other.example.com' }),
        oauthError('invalid_target'),
      )
      const wrongSecret = await discover(world.issuer, client.id, 'not-the-secret')
      await assert.rejects(oidc.clientCredentialsGrant(wrongSecret, {}), oauthError('invalid_client'))
    })

    it('publishes a rotated key in the provider JWKS at once (the provider is rebuilt on rotation)', {
      skip: chromiumMissing,
    }, async () => {
      const before = decodeProtectedHeader((await signIn()).id_token ?? '').kid
      const key = await world.app.core.sessions.keyRing.rotate()
      const published = (await (await fetch(`${world.issuer}/jwks`)).json()) as { keys: { kid: string }[] }
      assert.deepEqual(published.keys.map((each) => each.kid).sort(), [before, key.id].sort())
    })

    // Last: it disables the suite's user.
    it('refuses to refresh for a user disabled since they signed in', { skip: chromiumMissing }, async () => {
      const tokens = await signIn()
      const sub = tokens.claims()?.sub ?? assert.fail('an ID token')
      await world.app.core.identity.userOperator.disable(sub)
      await assert.rejects(
        oidc.refreshTokenGrant(config, tokens.refresh_token ?? assert.fail('a refresh token')),
        oauthError('invalid_grant'),
      )
    })
  },
)
