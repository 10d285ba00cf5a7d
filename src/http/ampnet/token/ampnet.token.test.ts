import assert from 'node:assert/strict'
import { it } from 'node:test'
import { jwtPayload } from '../../../../test/support/accounts.ts'
import {
  ampnetBody,
  ampnetSuite,
  bearer,
  COOP,
  logIn,
  signUp,
  WITHOUT_CONFIRMATION,
} from '../../../../test/support/ampnet-client.ts'

const DAY_MS = 86_400_000
const INVALID_JWT = { description: 'Invalid JWT', err_code: '0204', message: 'Invalid JWT' }

ampnetSuite('ampnet tokens', WITHOUT_CONFIRMATION, ({ app }) => {
  const refresh = (refreshToken: string) =>
    app.inject({ method: 'POST', url: '/token/refresh', payload: { refresh_token: refreshToken } })
  const me = (token: string) => app.inject({ method: 'GET', url: '/me', headers: bearer(token) })

  it('logs in with the original lifetimes and its user claim as a JSON string', async () => {
    const { uuid } = await signUp(app, 'john@smith.com')
    const tokens = await logIn(app, 'john@smith.com')
    assert.equal(tokens.expires_in, DAY_MS)
    assert.equal(tokens.refresh_token_expires_in, 90 * DAY_MS)
    assert.match(tokens.refresh_token, /^[0-9a-f]{100}$/)
    const claims = jwtPayload(tokens.access_token)
    assert.equal(claims.sub, 'john@smith.com')
    assert.equal(claims.uid, uuid)
    assert.equal(Number(claims.exp) - Number(claims.iat), 86_400)
    assert.equal(typeof claims.user, 'string')
    assert.deepEqual(JSON.parse(claims.user as string), {
      uuid,
      email: 'john@smith.com',
      name: 'first last',
      authorities: ['PRO_PROFILE', 'PWO_PROFILE', 'PRO_ORG_INVITE', 'PWO_ORG_INVITE', 'ROLE_USER'],
      enabled: true,
      verified: false,
      coop: COOP,
    })
    const sessions = await app.database.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', uuid)
      .execute()
    assert.equal(sessions.length, 1)
  })

  it('issues tokens the other surfaces accept, though their sub is the email', async () => {
    await signUp(app, 'everywhere@smith.com')
    const { access_token } = await logIn(app, 'everywhere@smith.com')
    const asIdeapool = await app.inject({
      method: 'GET',
      url: '/me',
      headers: { 'x-access-token': access_token },
    })
    assert.equal(asIdeapool.statusCode, 200)
    assert.equal(asIdeapool.json().email, 'everywhere@smith.com')
    const asUsers = await app.inject({ method: 'GET', url: `/users/me?token=${access_token}` })
    assert.equal(asUsers.statusCode, 200)
  })

  it('answers one 0207 for a wrong password, an unknown email and an unknown coop', async () => {
    await signUp(app, 'wrong@smith.com')
    for (const [email, password, coop] of [
      ['wrong@smith.com', 'wrong-password', COOP],
      ['nobody@smith.com', 'abcdefgh', COOP],
      ['wrong@smith.com', 'abcdefgh', 'other-coop'],
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/token',
        payload: { coop, login_method: 'EMAIL', credentials: { email, password } },
      })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(
        response.json(),
        ampnetBody('0207', 'Invalid username or password', 'Invalid username or password'),
      )
    }
  })

  it('logs in without coop, ignoring the email’s case, and answers 0101 for missing credentials', async () => {
    await signUp(app, 'case@smith.com')
    const ok = await app.inject({
      method: 'POST',
      url: '/token',
      payload: { login_method: 'EMAIL', credentials: { email: 'CASE@smith.com', password: 'abcdefgh' } },
    })
    assert.equal(ok.statusCode, 200)
    const missing = await app.inject({
      method: 'POST',
      url: '/token',
      payload: { login_method: 'EMAIL', credentials: { email: 'case@smith.com' } },
    })
    assert.equal(missing.statusCode, 400)
    assert.equal(missing.json().err_code, '0101')
    for (const payload of [{}, { login_method: 'SMS', credentials: {} }, { login_method: 'EMAIL' }]) {
      const response = await app.inject({ method: 'POST', url: '/token', payload })
      assert.equal(response.statusCode, 400)
      assert.equal(response.json().status, 400)
    }
  })

  it('refreshes with the same refresh token, its remaining lifetime and the user’s current role', async () => {
    const { uuid } = await signUp(app, 'refresh@smith.com')
    const tokens = await logIn(app, 'refresh@smith.com')
    app.clock.advance(3600)
    await app.database.db.updateTable('users').set({ role: 'ADMIN' }).where('id', '=', uuid).execute()
    const response = await refresh(tokens.refresh_token)
    assert.equal(response.statusCode, 200)
    const body = response.json()
    assert.equal(body.refresh_token, tokens.refresh_token)
    assert.equal(body.expires_in, DAY_MS)
    assert.equal(body.refresh_token_expires_in, 90 * DAY_MS - 3_600_000)
    const user = JSON.parse(jwtPayload(body.access_token).user as string)
    assert.equal(user.uuid, uuid)
    assert.equal(user.authorities.at(-1), 'ROLE_ADMIN')
    assert.equal(user.verified, true)
    app.clock.advance(3600)
    assert.equal(
      (await refresh(tokens.refresh_token)).json().refresh_token_expires_in,
      90 * DAY_MS - 7_200_000,
    )
  })

  it('answers 0208 to an unknown refresh token and, twice, to an expired one', async () => {
    const unknown = await refresh('non-existing-refresh-token')
    assert.equal(unknown.statusCode, 400)
    assert.equal(unknown.json().err_code, '0208')
    assert.equal(unknown.json().description, 'Invalid refresh token')
    await signUp(app, 'expired@smith.com')
    const tokens = await logIn(app, 'expired@smith.com')
    app.clock.advance(90 * 86_400 + 1000 * 60)
    for (let i = 0; i < 2; i++) assert.equal((await refresh(tokens.refresh_token)).json().err_code, '0208')
  })

  it('keeps other devices signed in at login, and logout ends every session at once', async () => {
    await signUp(app, 'devices@smith.com')
    const phone = await logIn(app, 'devices@smith.com')
    const laptop = await logIn(app, 'devices@smith.com')
    assert.equal((await refresh(phone.refresh_token)).statusCode, 200)
    assert.equal((await me(phone.access_token)).statusCode, 200)
    const logout = await app.inject({ method: 'POST', url: '/logout', headers: bearer(laptop.access_token) })
    assert.equal(logout.statusCode, 200)
    assert.equal(logout.body, '')
    for (const tokens of [phone, laptop]) {
      assert.equal((await refresh(tokens.refresh_token)).json().err_code, '0208')
      const after = await me(tokens.access_token)
      assert.equal(after.statusCode, 400)
      assert.deepEqual(after.json(), INVALID_JWT)
    }
  })

  it('answers 0206 without a bearer token, reading any other Authorization as anonymous', async () => {
    const { access_token } = await logIn(app, 'john@smith.com')
    for (const headers of [{}, { authorization: `bearer ${access_token}` }, { authorization: `Basic abc` }]) {
      for (const [method, url] of [
        ['GET', '/me'],
        ['POST', '/logout'],
        ['GET', '/mail-confirmation/resend'],
        ['PUT', '/me/update'],
      ] as const) {
        const response = await app.inject({ method, url, headers })
        assert.equal(response.statusCode, 400, `${method} ${url}`)
        assert.deepEqual(response.json(), {
          description: 'Failed to register JWT',
          err_code: '0206',
          message: 'Full authentication is required to access this resource',
        })
      }
    }
  })

  it('answers 0204 without `errors` to a bad bearer token on public and protected routes alike', async () => {
    for (const [method, url] of [
      ['GET', '/me'],
      ['POST', '/token'],
      ['POST', '/token/refresh'],
      ['GET', '/mail-confirmation?token=x'],
    ] as const) {
      const response = await app.inject({ method, url, headers: bearer('garbage'), payload: {} })
      assert.equal(response.statusCode, 400, `${method} ${url}`)
      assert.deepEqual(response.json(), INVALID_JWT)
    }
  })

  it('answers a plain 403 when the role lacks the privilege', async () => {
    const { access_token } = await logIn(app, 'john@smith.com')
    const response = await app.inject({ method: 'GET', url: '/admin/user', headers: bearer(access_token) })
    assert.equal(response.statusCode, 403)
    assert.equal(response.json().status, 403)
    assert.equal(response.json().error, 'Forbidden')
  })

  it('accepts a token from another surface, naming the caller by its standard claims only', async () => {
    const ideapool = await app.inject({
      method: 'POST',
      url: '/access-tokens',
      payload: { email: 'john@smith.com', password: 'abcdefgh' },
    })
    assert.equal(ideapool.statusCode, 201)
    const response = await me(ideapool.json().jwt)
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().email, 'john@smith.com')
  })
})
