import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD, jwtPayload } from '../../../test/support/accounts.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

const UNAUTHORIZED = { message: 'Unauthorized' }
const MINUTE = 60
const DAY = 86_400
// The login body's fields, in the original's order.
const LOGIN_KEYS = [
  'Id',
  'Created',
  'Username',
  'Email',
  'Firstname',
  'Lastname',
  'Token',
  'PasswordExpiration',
]

surfaceSuite('authheader JWT, renew, token, logout and probes', ({ app }) => {
  let counter = 0
  async function signedIn(): Promise<{ jwt: string; username: string }> {
    counter += 1
    const username = `jwt${counter}`
    await createAccount(app, { email: `${username}@example.com`, username, name: 'Jane Roe' })
    const response = await app.inject({
      method: 'POST',
      url: '/user/login',
      payload: { username, password: DEFAULT_PASSWORD },
    })
    return { jwt: response.json().Token, username }
  }
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers })
  const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` })

  describe('JWT transport and lifetime', () => {
    it('accepts the JWT in Authorization with "Bearer", with "bearer" and bare', async () => {
      const { jwt, username } = await signedIn()
      for (const authorization of [`Bearer ${jwt}`, `bearer ${jwt}`, jwt]) {
        const response = await get('/test/secure', { authorization })
        assert.deepEqual([response.statusCode, response.json()], [200, { message: `Hi ${username}` }])
      }
    })

    it('says Hi with the email to a user without a username', async () => {
      await createAccount(app, { email: 'plain@example.com' })
      const login = await app.inject({
        method: 'POST',
        url: '/user/login',
        payload: { username: 'plain@example.com', password: DEFAULT_PASSWORD },
      })
      const response = await get('/test/secure', bearer(login.json().Token))
      assert.deepEqual(response.json(), { message: 'Hi plain@example.com' })
    })

    it('issues 60-minute tokens and refuses them with 401 after that', async () => {
      const { jwt } = await signedIn()
      const claims = jwtPayload(jwt)
      assert.equal(Number(claims.exp) - Number(claims.iat), 60 * MINUTE)
      app.clock.advance(60 * MINUTE - 1)
      assert.equal((await get('/test/secure', bearer(jwt))).statusCode, 200)
      app.clock.advance(1)
      const expired = await get('/test/secure', bearer(jwt))
      assert.deepEqual([expired.statusCode, expired.json()], [401, UNAUTHORIZED])
    })

    it('answers 401 Unauthorized for a missing, empty, garbage or foreign credential', async () => {
      for (const headers of [
        {},
        { authorization: '' },
        { authorization: 'Bearer' },
        { authorization: 'Bearer not.a.jwt' },
        { authorization: 'Basic dXNlcjpwYXNz' },
        { authorization: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' },
        { 'x-authorization': '' },
      ]) {
        const response = await get('/test/secure', headers)
        assert.deepEqual([response.statusCode, response.json()], [401, UNAUTHORIZED], JSON.stringify(headers))
      }
    })

    it('answers /test/unsecure with Hi anonymous, whatever credential comes along', async () => {
      for (const headers of [{}, { authorization: 'garbage' }]) {
        const response = await get('/test/unsecure', headers)
        assert.deepEqual([response.statusCode, response.json()], [200, { message: 'Hi anonymous' }])
      }
    })
  })

  describe('GET /user/renew', () => {
    it('answers the login body plus access_token, expires_in and token_type, for the same session', async () => {
      const { jwt, username } = await signedIn()
      app.clock.advance(30 * MINUTE)
      const response = await get('/user/renew', bearer(jwt))
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.deepEqual(Object.keys(body), [...LOGIN_KEYS, 'access_token', 'expires_in', 'token_type'])
      assert.equal(body.Username, username)
      assert.equal(body.access_token, body.Token)
      assert.equal(body.expires_in, 3600)
      assert.equal(body.token_type, 'bearer')
      const renewed = jwtPayload(body.Token)
      assert.equal(renewed.sid, jwtPayload(jwt).sid)
      assert.equal(Number(renewed.exp), Math.floor(app.clock.now().getTime() / 1000) + 3600)
      // A fresh 60 minutes: the renewed token outlives the original one.
      app.clock.advance(45 * MINUTE)
      assert.equal((await get('/test/secure', bearer(jwt))).statusCode, 401)
      assert.equal((await get('/test/secure', bearer(body.Token))).statusCode, 200)
    })

    it('answers 401 without a credential, and after logout of the session', async () => {
      const { jwt } = await signedIn()
      assert.deepEqual((await get('/user/renew')).json(), UNAUTHORIZED)
      await get('/user/logout', bearer(jwt))
      const response = await get('/user/renew', bearer(jwt))
      assert.deepEqual([response.statusCode, response.json()], [401, UNAUTHORIZED])
    })
  })

  describe('GET /user/token', () => {
    it('issues a token of the chosen minutes and invalidates the current one at once', async () => {
      const { jwt, username } = await signedIn()
      const response = await get('/user/token?m=90', bearer(jwt))
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.deepEqual(Object.keys(body), LOGIN_KEYS)
      assert.equal(body.Username, username)
      const claims = jwtPayload(body.Token)
      assert.equal(Number(claims.exp) - Number(claims.iat), 90 * MINUTE)
      const old = await get('/test/secure', bearer(jwt))
      assert.deepEqual([old.statusCode, old.json()], [401, UNAUTHORIZED])
      app.clock.advance(89 * MINUTE)
      assert.equal((await get('/test/secure', bearer(body.Token))).statusCode, 200)
      app.clock.advance(MINUTE)
      assert.equal((await get('/test/secure', bearer(body.Token))).statusCode, 401)
    })

    it('issues a token of 365 days whose logout still holds 300 days later', async () => {
      const { jwt } = await signedIn()
      const long = (await get('/user/token?d=365', bearer(jwt))).json().Token
      const claims = jwtPayload(long)
      assert.equal(Number(claims.exp) - Number(claims.iat), 365 * DAY)
      app.clock.advance(300 * DAY)
      assert.equal((await get('/test/secure', bearer(long))).statusCode, 200)
      assert.equal((await get('/user/logout', bearer(long))).statusCode, 200)
      app.clock.advance(60 * DAY)
      // A sync prunes ends older than the horizon; the horizon must cover the longest chosen lifetime.
      await app.core.sessions.revocations.sync()
      const after = await get('/test/secure', bearer(long))
      assert.deepEqual([after.statusCode, after.json()], [401, UNAUTHORIZED])
    })

    it('answers 400 for a lifetime outside 1 minute to 365 days, or not a whole number', async () => {
      const { jwt } = await signedIn()
      const cases: [string, string][] = [
        ['', 'm (minutes) or d (days) is required'],
        ['?m=0', 'lifetime must be from 1 minute to 365 days'],
        ['?d=0', 'lifetime must be from 1 minute to 365 days'],
        ['?d=366', 'lifetime must be from 1 minute to 365 days'],
        ['?m=525601', 'lifetime must be from 1 minute to 365 days'],
        ['?m=99999999999999999999', 'm must be a whole number'],
        ['?m=-5', 'm must be a whole number'],
        ['?m=1.5', 'm must be a whole number'],
        ['?d=abc', 'd must be a whole number'],
        ['?m=', 'm must be a whole number'],
        ['?m=5&m=6', 'm must be a whole number'],
        ['?m=5&d=1', 'm and d must not be given together'],
      ]
      for (const [query, message] of cases) {
        const response = await get(`/user/token${query}`, bearer(jwt))
        assert.deepEqual([response.statusCode, response.json()], [400, { message }], query)
      }
      // Refused requests leave the current token working.
      assert.equal((await get('/test/secure', bearer(jwt))).statusCode, 200)
      assert.equal((await get('/user/token?m=525600', bearer(jwt))).statusCode, 200)
    })

    it('answers 401 before looking at the query when the credential is bad', async () => {
      const response = await get('/user/token?m=abc', { authorization: 'Bearer nope' })
      assert.deepEqual([response.statusCode, response.json()], [401, UNAUTHORIZED])
    })
  })

  describe('GET /user/logout', () => {
    it("ends the caller's session: its tokens are refused on the very next request, other sessions live", async () => {
      const { jwt, username } = await signedIn()
      const other = await app.inject({
        method: 'POST',
        url: '/user/login',
        payload: { username, password: DEFAULT_PASSWORD },
      })
      const renewed = (await get('/user/renew', bearer(jwt))).json().Token
      const response = await get('/user/logout', bearer(jwt))
      assert.deepEqual([response.statusCode, response.json()], [200, { message: 'User logged out' }])
      for (const token of [jwt, renewed]) {
        const after = await get('/test/secure', bearer(token))
        assert.deepEqual([after.statusCode, after.json()], [401, UNAUTHORIZED])
      }
      assert.equal((await get('/test/secure', bearer(other.json().Token))).statusCode, 200)
      assert.deepEqual((await get('/user/logout', bearer(jwt))).json(), UNAUTHORIZED)
    })
  })
})
