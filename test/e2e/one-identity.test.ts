import assert from 'node:assert/strict'
import { it } from 'node:test'
import { surfaceSuite } from '../support/suite.ts'

// One identity, and every surface accepts every surface's tokens.
surfaceSuite('one identity across ideapool, authheader and users', ({ app }) => {
  it('lets an Idea Pool sign-up log in by email on authheader and users, and takes each token everywhere', async () => {
    const signup = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { email: 'pool@example.com', name: 'Pool Person', password: 'Password1' },
    })
    assert.equal(signup.statusCode, 201)
    const ideapoolJwt: string = signup.json().jwt

    const authheader = await app.inject({
      method: 'POST',
      url: '/user/login',
      payload: { username: 'POOL@example.com', password: 'Password1' },
    })
    assert.equal(authheader.statusCode, 200)
    assert.equal(authheader.json().Firstname, 'Pool')
    assert.equal(authheader.json().Lastname, 'Person')
    const authheaderJwt: string = authheader.json().Token

    const users = await app.inject({
      method: 'POST',
      url: '/users/login',
      payload: { email: 'pool@example.com', password: 'Password1' },
    })
    assert.equal(users.statusCode, 200)
    const usersJwt: string = users.json().token

    for (const token of [ideapoolJwt, authheaderJwt, usersJwt]) {
      const asIdeapool = await app.inject({ method: 'GET', url: '/me', headers: { 'x-access-token': token } })
      assert.equal(asIdeapool.json().email, 'pool@example.com')
      const asAuthheader = await app.inject({
        method: 'GET',
        url: '/test/secure',
        headers: { authorization: token },
      })
      assert.deepEqual(asAuthheader.json(), { message: 'Hi pool@example.com' })
      const asUsers = await app.inject({ method: 'GET', url: `/users/me?token=${token}` })
      assert.equal(asUsers.json().name, 'Pool Person')
    }

    // A password change on authheader ends the sessions opened through every surface.
    const change = await app.inject({
      method: 'POST',
      url: '/user/password',
      payload: { username: 'pool@example.com', old: 'Password1', new: 'Changed123', confirm: 'Changed123' },
    })
    assert.equal(change.statusCode, 200)
    for (const token of [ideapoolJwt, authheaderJwt, usersJwt]) {
      const response = await app.inject({ method: 'GET', url: '/me', headers: { 'x-access-token': token } })
      assert.equal(response.statusCode, 401)
    }
  })

  it('applies the tenant password expiry on every surface, and the authheader change recovers it', async () => {
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await app.core.tenants.tenants.setPasswordMaxAgeDays(tenantId, 7)
    try {
      const signup = await app.inject({
        method: 'POST',
        url: '/users/register',
        payload: { email: 'aging@example.com', password: 'Password1' },
      })
      assert.equal(signup.statusCode, 201)
      app.clock.advance(7 * 86_400)
      const credentials = { email: 'aging@example.com', password: 'Password1' }
      const users = await app.inject({ method: 'POST', url: '/users/login', payload: credentials })
      assert.deepEqual(
        [users.statusCode, users.json()],
        [401, { success: false, message: 'Password expired.' }],
      )
      const ideapool = await app.inject({ method: 'POST', url: '/access-tokens', payload: credentials })
      assert.deepEqual([ideapool.statusCode, ideapool.json()], [401, { reason: 'Password expired' }])
      const change = await app.inject({
        method: 'POST',
        url: '/user/password',
        payload: {
          username: 'aging@example.com',
          old: 'Password1',
          new: 'Renewed123',
          confirm: 'Renewed123',
        },
      })
      assert.equal(change.statusCode, 200)
      const again = await app.inject({
        method: 'POST',
        url: '/users/login',
        payload: { email: 'aging@example.com', password: 'Renewed123' },
      })
      assert.equal(again.statusCode, 200)
    } finally {
      await app.core.tenants.tenants.setPasswordMaxAgeDays(tenantId, 0)
    }
  })
})
