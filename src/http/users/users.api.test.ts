import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD, jwtPayload } from '../../../test/support/accounts.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

const NO_TOKEN = { success: false, message: 'No token provided.' }
const BAD_TOKEN = { success: false, message: 'Failed to authenticate token.' }
const WRONG_PASSWORD = { success: false, message: 'Authentication failed. Wrong password.' }

surfaceSuite('users surface', ({ app }) => {
  const post = (url: string, body: unknown) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    })
  const me = (url = '/users/me', headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers })
  async function tokenFor(email: string, password = DEFAULT_PASSWORD): Promise<string> {
    return (await post('/users/login', { email, password })).json().token
  }

  describe('POST /users/login', () => {
    it('answers 200 {uid, token} with a 24-hour token, the email ignoring case', async () => {
      const user = await createAccount(app, { email: 'Login@Example.com' })
      const response = await post('/users/login', { email: 'login@example.COM', password: DEFAULT_PASSWORD })
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.deepEqual(body, { uid: user.id, token: body.token })
      const claims = jwtPayload(body.token)
      assert.equal(Number(claims.exp) - Number(claims.iat), 86_400)
      assert.equal(claims.sub, user.id)
    })

    it('answers 401 with the one documented body for a wrong password and an unknown email', async () => {
      await createAccount(app, { email: 'wrongpw@example.com' })
      for (const body of [
        { email: 'wrongpw@example.com', password: 'Password2' },
        { email: 'nobody@example.com', password: DEFAULT_PASSWORD },
      ]) {
        const response = await post('/users/login', body)
        assert.deepEqual([response.statusCode, response.json()], [401, WRONG_PASSWORD])
      }
    })

    it('answers 400 for missing or non-string fields, and for a body that is not JSON', async () => {
      const cases: [unknown, string][] = [
        [{}, 'email is required, password is required'],
        [{ email: 'a@example.com' }, 'password is required'],
        [{ email: ['a@example.com'], password: 'x' }, 'email must be a string'],
        [{ email: 'a@example.com', password: 12345678 }, 'password must be a string'],
        [null, 'email is required, password is required'],
      ]
      for (const [body, message] of cases) {
        const response = await post('/users/login', body)
        assert.deepEqual(
          [response.statusCode, response.json()],
          [400, { success: false, message }],
          JSON.stringify(body),
        )
      }
      const broken = await app.inject({
        method: 'POST',
        url: '/users/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      })
      assert.deepEqual(
        [broken.statusCode, broken.json()],
        [400, { success: false, message: 'Malformed JSON body.' }],
      )
    })
  })

  describe('POST /users/register', () => {
    it('answers 201 {success, uid}; the new user can then log in and read /users/me', async () => {
      const response = await post('/users/register', {
        email: 'New@Example.com',
        password: 'Password1',
        name: 'Ada Lovelace',
      })
      assert.equal(response.statusCode, 201)
      const body = response.json()
      assert.deepEqual(body, { success: true, uid: body.uid })
      const token = await tokenFor('new@example.com', 'Password1')
      const profile = await me('/users/me', { 'x-access-token': token })
      assert.equal(profile.statusCode, 200)
      const now = app.clock.now().toISOString()
      assert.deepEqual(profile.json(), {
        uid: body.uid,
        email: 'New@Example.com',
        name: 'Ada Lovelace',
        roles: [],
        created_at: now,
        updated_at: now,
      })
    })

    it('answers 409 for an email already registered, on any surface, ignoring case', async () => {
      await post('/users', { email: 'taken@example.com', name: 'T', password: 'Password1' })
      const response = await post('/users/register', { email: 'TAKEN@example.com', password: 'Password1' })
      assert.deepEqual(
        [response.statusCode, response.json()],
        [409, { success: false, message: 'This email is already registered.' }],
      )
    })

    it('answers 400 for an invalid email, a weak password or wrong types', async () => {
      const cases: [unknown, string][] = [
        [{ email: 'not-an-email', password: 'Password1' }, 'email is invalid'],
        [{ email: 'weak@example.com', password: 'Pass1' }, 'password is too short (minimum is 8 characters)'],
        [
          { email: 'weak@example.com', password: 'password1' },
          'password must include at least one upper-case letter, one lower-case letter and one digit',
        ],
        [{ email: 'weak@example.com', password: 'Password1', name: 7 }, 'name must be a string'],
        [{ password: 'Password1' }, 'email is required'],
        [{ email: 5, password: true }, 'email must be a string, password must be a string'],
      ]
      for (const [body, message] of cases) {
        const response = await post('/users/register', body)
        assert.deepEqual(
          [response.statusCode, response.json()],
          [400, { success: false, message }],
          JSON.stringify(body),
        )
      }
      assert.equal(
        (await post('/users/login', { email: 'weak@example.com', password: 'Password1' })).statusCode,
        401,
      )
    })

    it('shows name null for a user registered without one', async () => {
      await post('/users/register', { email: 'noname@example.com', password: 'Password1' })
      const profile = await me('/users/me', {
        'x-access-token': await tokenFor('noname@example.com', 'Password1'),
      })
      assert.equal(profile.json().name, null)
    })
  })

  describe('token transport on GET /users/me', () => {
    it('takes the token from ?token= or from x-access-token, the query winning', async () => {
      const user = await createAccount(app, { email: 'transport@example.com' })
      const token = await tokenFor('transport@example.com')
      for (const [url, headers] of [
        [`/users/me?token=${token}`, {}],
        ['/users/me', { 'x-access-token': token }],
        [`/users/me?token=${token}`, { 'x-access-token': 'garbage' }],
      ] as const) {
        const response = await me(url, headers)
        assert.equal(response.statusCode, 200, url)
        assert.equal(response.json().uid, user.id)
      }
      const queryLoses = await me('/users/me?token=garbage', { 'x-access-token': token })
      assert.deepEqual([queryLoses.statusCode, queryLoses.json()], [401, BAD_TOKEN])
    })

    it('answers 403 No token provided when there is none', async () => {
      for (const [url, headers] of [
        ['/users/me', {}],
        ['/users/me?token=', {}],
        ['/users/me', { 'x-access-token': '' }],
        ['/users/me', { authorization: 'Bearer whatever' }],
      ] as const) {
        const response = await me(url, headers)
        assert.deepEqual([response.statusCode, response.json()], [403, NO_TOKEN], url)
      }
    })

    it('answers 401 for a malformed, expired or revoked token', async () => {
      await createAccount(app, { email: 'bad-tokens@example.com' })
      const token = await tokenFor('bad-tokens@example.com')
      for (const url of [
        '/users/me?token=garbage',
        '/users/me?token=a.b.c',
        `/users/me?token=${token}&token=${token}`,
      ]) {
        const response = await me(url)
        assert.deepEqual([response.statusCode, response.json()], [401, BAD_TOKEN], url)
      }
      app.clock.advance(86_400 - 1)
      assert.equal((await me(`/users/me?token=${token}`)).statusCode, 200)
      app.clock.advance(1)
      assert.deepEqual((await me(`/users/me?token=${token}`)).json(), BAD_TOKEN)

      const fresh = await tokenFor('bad-tokens@example.com')
      await app.core.sessions.sessions.end(String(jwtPayload(fresh).sid), 'logout')
      const revoked = await me('/users/me', { 'x-access-token': fresh })
      assert.deepEqual([revoked.statusCode, revoked.json()], [401, BAD_TOKEN])
    })

    it('ends the sessions on a password change made through another surface', async () => {
      await createAccount(app, { email: 'changer@example.com' })
      const token = await tokenFor('changer@example.com')
      const change = await post('/user/password', {
        username: 'changer@example.com',
        old: DEFAULT_PASSWORD,
        new: 'Changed123',
        confirm: 'Changed123',
      })
      assert.equal(change.statusCode, 200)
      assert.deepEqual((await me('/users/me', { 'x-access-token': token })).json(), BAD_TOKEN)
      assert.equal(
        (await post('/users/login', { email: 'changer@example.com', password: 'Changed123' })).statusCode,
        200,
      )
    })
  })
})
