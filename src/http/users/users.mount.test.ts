import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createTestApp } from '../../../test/support/test-app.ts'

it('serves users under USERS_PREFIX, and not at all when USERS_ENABLED=false', async () => {
  const prefixed = await createTestApp({ env: { USERS_PREFIX: '/api' } })
  try {
    assert.equal((await prefixed.inject({ method: 'GET', url: '/api/users/me' })).statusCode, 403)
    assert.equal((await prefixed.inject({ method: 'GET', url: '/users/me' })).statusCode, 404)
  } finally {
    await prefixed.close()
  }
  const off = await createTestApp({ env: { USERS_ENABLED: 'false' } })
  try {
    assert.equal((await off.inject({ method: 'GET', url: '/users/me' })).statusCode, 404)
    assert.equal((await off.inject({ method: 'POST', url: '/users/login', payload: {} })).statusCode, 404)
    // Idea Pool's POST /users is another surface's and stays.
    assert.equal((await off.inject({ method: 'POST', url: '/users', payload: {} })).statusCode, 400)
  } finally {
    await off.close()
  }
})

it('issues tokens of USERS_ACCESS_TTL_SECONDS', async () => {
  const app = await createTestApp({ env: { USERS_ACCESS_TTL_SECONDS: '300' } })
  try {
    await app.inject({
      method: 'POST',
      url: '/users/register',
      payload: { email: 'ttl@example.com', password: 'Password1' },
    })
    const login = await app.inject({
      method: 'POST',
      url: '/users/login',
      payload: { email: 'ttl@example.com', password: 'Password1' },
    })
    const token = login.json().token
    app.clock.advance(299)
    assert.equal((await app.inject({ method: 'GET', url: `/users/me?token=${token}` })).statusCode, 200)
    app.clock.advance(1)
    assert.equal((await app.inject({ method: 'GET', url: `/users/me?token=${token}` })).statusCode, 401)
  } finally {
    await app.close()
  }
})
