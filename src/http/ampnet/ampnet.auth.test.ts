import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { AMPNET_PASSWORD, ampnetBody } from '../../../test/support/ampnet-client.ts'
import { addUser, bearer, tenantIdOf } from '../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'
import type { User } from '../../core/user/user.ts'

// The Decisions table's rows on tokens and credentials.

const INVALID_JWT = { description: 'Invalid JWT', err_code: '0204', message: 'Invalid JWT' }
const DAY_MS = 86_400_000

surfaceSuite('AMPnet credentials and bearer tokens', ({ app }) => {
  let user: User
  before(async () => {
    user = await addUser(app, await tenantIdOf(app, 'ampnet'), 'bearer@auth.com')
  })

  const logIn = (credentials: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/token', payload: { login_method: 'EMAIL', credentials } })

  it('answers 400 0101 to POST /token without the email or password key, not a 500', async () => {
    for (const credentials of [{}, { email: 'bearer@auth.com' }, { password: AMPNET_PASSWORD }]) {
      const response = await logIn(credentials)
      assert.equal(response.statusCode, 400, JSON.stringify(credentials))
      assert.deepEqual(
        response.json(),
        ampnetBody(
          '0101',
          'Invalid signup data',
          'Some fields missing or could not be parsed from JSON request.',
        ),
      )
    }
  })

  it('answers 400 0204 to an access token past its 24 h lifetime', async () => {
    const login = await logIn({ email: 'bearer@auth.com', password: AMPNET_PASSWORD })
    assert.equal(login.statusCode, 200, login.body)
    const { access_token: token, expires_in: expiresInMs } = login.json()
    assert.equal(expiresInMs, DAY_MS)
    assert.equal((await app.inject({ method: 'GET', url: '/me', headers: bearer(token) })).statusCode, 200)
    app.clock.advance(DAY_MS / 1000 + 1)
    const response = await app.inject({ method: 'GET', url: '/me', headers: bearer(token) })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(response.json(), INVALID_JWT)
  })

  it('answers 400 0204 on public routes when a bad bearer token comes along', async () => {
    const headers = bearer('not.a.jwt')
    for (const request of [
      { method: 'GET', url: '/public/app/config/identifier/ampnet' },
      { method: 'GET', url: '/public/user/count' },
      { method: 'POST', url: '/forgot-password/token', payload: { email: 'bearer@auth.com' } },
    ] as const) {
      const response = await app.inject({ ...request, headers })
      assert.equal(response.statusCode, 400, request.url)
      assert.deepEqual(response.json(), INVALID_JWT)
      const anonymous = await app.inject(request)
      assert.equal(anonymous.statusCode, 200, `${request.url} without the token`)
    }
  })

  it('reports a refresh lifetime in ms for a session opened without one, never null', async () => {
    // Another surface's session: its refresh token lasts until revoked.
    const { refreshToken } = await app.core.identity.auth.openSession(user, {
      surface: 'authheader',
      accessTtlSeconds: 3600,
      refreshTtlSeconds: undefined,
    })
    const refresh = () =>
      app.inject({ method: 'POST', url: '/token/refresh', payload: { refresh_token: refreshToken } })
    const first = await refresh()
    assert.equal(first.statusCode, 200, first.body)
    const lifetimeMs = app.config.ampnet.refreshTtlSeconds * 1000
    assert.equal(first.json().refresh_token_expires_in, lifetimeMs)
    app.clock.advance(10)
    const second = await refresh()
    assert.equal(second.json().refresh_token_expires_in, lifetimeMs - 10_000)
  })
})
