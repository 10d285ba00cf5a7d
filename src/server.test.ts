import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { forEachDatabase } from '../test/support/databases.ts'
import { signUp } from '../test/support/ideapool-client.ts'
import { createTestApp, type TestApp } from '../test/support/test-app.ts'

forEachDatabase('platform endpoints and headers', (dialect) => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ dialect })
  })
  after(() => app.close())

  it('reports health, readiness and the public JWKS', async () => {
    assert.deepEqual((await app.inject({ method: 'GET', url: '/health' })).json(), { status: 'ok' })
    const ready = await app.inject({ method: 'GET', url: '/ready' })
    assert.equal(ready.statusCode, 200)
    assert.deepEqual(ready.json(), { status: 'ready' })
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json()
    assert.equal(jwks.keys.length, 1)
    assert.deepEqual(Object.keys(jwks.keys[0]).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'])
  })

  it('answers NUL in a platform URL with a 400 in the root format, not Fastify’s', async () => {
    for (const url of ['/health?x=%00', '/ready?%00', '/.well-known/jwks.json?a=b%00c']) {
      const response = await app.inject({ method: 'GET', url })
      assert.deepEqual(
        [response.statusCode, response.json()],
        [400, { error: 'bad_request', message: 'The request is not valid' }],
        url,
      )
    }
  })

  it('puts the security headers on every response, errors and 404s included', async () => {
    const responses = [
      await app.inject({ method: 'GET', url: '/me' }),
      await app.inject({ method: 'GET', url: '/nowhere' }),
      // The router's own refusal, before any hook.
      await app.inject({ method: 'GET', url: '/%zz' }),
      await app.inject({
        method: 'POST',
        url: '/users',
        payload: { email: 'h@example.com', name: 'H', password: 'the-Secret-123' },
      }),
    ]
    for (const response of responses) {
      assert.equal(response.headers['x-content-type-options'], 'nosniff')
      assert.equal(response.headers['x-frame-options'], 'DENY')
      assert.equal(response.headers['referrer-policy'], 'no-referrer')
      assert.equal(response.headers['cache-control'], 'no-store')
      assert.equal(response.headers.pragma, 'no-cache')
      assert.equal(response.headers.expires, '0')
    }
    assert.equal(responses[1]?.statusCode, 404)
    assert.equal(responses[2]?.statusCode, 400)
  })

  it('answers CORS preflights for any origin with the credential headers, without credentials', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/ideas',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-access-token',
      },
    })
    assert.equal(response.statusCode, 204)
    assert.equal(response.headers['access-control-allow-origin'], '*')
    assert.equal(response.headers['access-control-allow-credentials'], undefined)
    assert.equal(
      response.headers['access-control-allow-headers'],
      'Authorization, X-Authorization, X-Access-Token, Content-Type, Cache-Control',
    )
  })

  it('turns /ready to 503 when the database is gone', async () => {
    const other = await createTestApp({ dialect })
    await other.database.close()
    const response = await other.inject({ method: 'GET', url: '/ready' })
    assert.equal(response.statusCode, 503)
    assert.deepEqual(response.json(), { status: 'unavailable' })
    await other.server.close()
    other.core.stop()
  })
})

describe('surface mounting', () => {
  it('serves the Idea Pool API under a configured prefix, or not at all', async () => {
    const prefixed = await createTestApp({ env: { IDEAPOOL_PREFIX: '/ideapool' } })
    const response = await prefixed.inject({
      method: 'POST',
      url: '/ideapool/users',
      payload: { email: 'p@example.com', name: 'P', password: 'the-Secret-123' },
    })
    assert.equal(response.statusCode, 201)
    assert.equal((await prefixed.inject({ method: 'GET', url: '/ideas' })).statusCode, 404)
    await prefixed.close()

    const off = await createTestApp({ env: { IDEAPOOL_ENABLED: 'false' } })
    assert.equal((await off.inject({ method: 'POST', url: '/users', payload: {} })).statusCode, 404)
    await off.close()
  })

  it('keeps one identity for a user across restarts: the signing key survives, encrypted', async () => {
    const app = await createTestApp()
    const tokens = await signUp(app, 'persist@example.com')
    const stored = await app.database.db
      .selectFrom('signing_keys')
      .select(['private_jwk_sealed', 'public_jwk'])
      .execute()
    assert.equal(stored.length, 1)
    assert.doesNotMatch(stored[0]?.private_jwk_sealed ?? '', /"d"/)
    const me = await app.inject({ method: 'GET', url: '/me', headers: { 'x-access-token': tokens.jwt } })
    assert.equal(me.statusCode, 200)
    await app.close()
  })
})
