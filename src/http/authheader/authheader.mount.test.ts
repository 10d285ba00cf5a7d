import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createTestApp } from '../../../test/support/test-app.ts'

it('serves authheader under AUTHHEADER_PREFIX, and not at all when AUTHHEADER_ENABLED=false', async () => {
  const prefixed = await createTestApp({ env: { AUTHHEADER_PREFIX: '/bforeai/' } })
  try {
    const inside = await prefixed.inject({ method: 'GET', url: '/bforeai/test/unsecure' })
    assert.deepEqual([inside.statusCode, inside.json()], [200, { message: 'Hi anonymous' }])
    assert.equal((await prefixed.inject({ method: 'GET', url: '/test/unsecure' })).statusCode, 404)
  } finally {
    await prefixed.close()
  }
  const off = await createTestApp({ env: { AUTHHEADER_ENABLED: 'false' } })
  try {
    assert.equal((await off.inject({ method: 'GET', url: '/test/unsecure' })).statusCode, 404)
    assert.equal((await off.inject({ method: 'POST', url: '/user/login', payload: {} })).statusCode, 404)
    // The other surfaces stay.
    assert.equal((await off.inject({ method: 'GET', url: '/users/me' })).statusCode, 403)
  } finally {
    await off.close()
  }
})

it('issues tokens of AUTHHEADER_ACCESS_TTL_SECONDS', async () => {
  const app = await createTestApp({ env: { AUTHHEADER_ACCESS_TTL_SECONDS: '120' } })
  try {
    await app.inject({
      method: 'POST',
      url: '/users',
      payload: { email: 'ttl@example.com', name: 'T', password: 'Password1' },
    })
    const login = await app.inject({
      method: 'POST',
      url: '/user/login',
      payload: { username: 'ttl@example.com', password: 'Password1' },
    })
    const token = login.json().Token
    app.clock.advance(119)
    assert.equal(
      (await app.inject({ method: 'GET', url: '/test/secure', headers: { authorization: token } }))
        .statusCode,
      200,
    )
    app.clock.advance(1)
    assert.equal(
      (await app.inject({ method: 'GET', url: '/test/secure', headers: { authorization: token } }))
        .statusCode,
      401,
    )
    const renewed = await app.inject({
      method: 'GET',
      url: '/user/renew',
      headers: { 'x-authorization': 'none' },
    })
    assert.equal(renewed.statusCode, 401)
  } finally {
    await app.close()
  }
})
