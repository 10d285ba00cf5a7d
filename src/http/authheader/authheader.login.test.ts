import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

const zoneless = (date: Date) => date.toISOString().slice(0, 19)
const DAY = 86_400

surfaceSuite('authheader POST /user/login and POST /user/password', ({ app }) => {
  const json = { 'content-type': 'application/json' }
  const login = (body: unknown) =>
    app.inject({ method: 'POST', url: '/user/login', headers: json, payload: JSON.stringify(body) })
  const changePassword = (body: unknown) =>
    app.inject({ method: 'POST', url: '/user/password', headers: json, payload: JSON.stringify(body) })
  const secure = (token: string) =>
    app.inject({ method: 'GET', url: '/test/secure', headers: { authorization: `Bearer ${token}` } })

  describe('login', () => {
    it('signs in by username, ignoring case, with the documented PascalCase body', async () => {
      const user = await createAccount(app, {
        email: 'John@Example.com',
        name: 'John Doe',
        username: 'john.doe',
      })
      const response = await login({ username: 'JOHN.DOE', password: DEFAULT_PASSWORD })
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.equal(typeof body.Token, 'string')
      assert.deepEqual(body, {
        Id: user.id,
        Created: zoneless(user.createdAt),
        Username: 'john.doe',
        Email: 'John@Example.com',
        Firstname: 'John',
        Lastname: 'Doe',
        Token: body.Token,
        PasswordExpiration: '0001-01-01T00:00:00',
      })
      assert.match(body.Created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
      assert.equal((await secure(body.Token)).statusCode, 200)
    })

    it('falls back to the email, ignoring case, and shows the email as Username when there is none', async () => {
      await createAccount(app, { email: 'mail.only@example.com' })
      const response = await login({ username: ' MAIL.ONLY@example.com ', password: DEFAULT_PASSWORD })
      assert.equal(response.statusCode, 200)
      assert.equal(response.json().Username, 'mail.only@example.com')
    })

    it('signs in with the email of a user who also has a username', async () => {
      await createAccount(app, { email: 'both@example.com', username: 'both' })
      const response = await login({ username: 'both@example.com', password: DEFAULT_PASSWORD })
      assert.equal(response.statusCode, 200)
      assert.equal(response.json().Username, 'both')
    })

    it('answers 401 Incorrect credentials for a wrong password and for an unknown user alike', async () => {
      await createAccount(app, { email: 'wrong@example.com', username: 'wrong' })
      for (const body of [
        { username: 'wrong', password: 'Password2' },
        { username: 'nobody', password: DEFAULT_PASSWORD },
        { username: 'nobody@example.com', password: DEFAULT_PASSWORD },
      ]) {
        const response = await login(body)
        assert.equal(response.statusCode, 401)
        assert.deepEqual(response.json(), { message: 'Incorrect credentials' })
      }
    })

    it('answers 400 naming each missing or non-string field', async () => {
      const cases: [unknown, string][] = [
        [{}, 'username is required; password is required'],
        [{ username: 'a' }, 'password is required'],
        [{ username: 42, password: 'x' }, 'username must be a string'],
        [{ username: 'a', password: ['x'] }, 'password must be a string'],
        [{ username: null, password: { x: 1 } }, 'username is required; password must be a string'],
        [['username', 'password'], 'username is required; password is required'],
        ['just a string', 'username is required; password is required'],
      ]
      for (const [body, message] of cases) {
        const response = await login(body)
        assert.equal(response.statusCode, 400, JSON.stringify(body))
        assert.deepEqual(response.json(), { message })
      }
    })

    it('answers 400 for a body that is not JSON', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/user/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": "a", ',
      })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), { message: 'Malformed JSON body' })
    })
  })

  describe('password expiry', () => {
    it('refuses an expired password with 403 and no token, then recovers through POST /user/password', async () => {
      const tenantId = app.core.tenants.tenants.defaultTenant().id
      await app.core.tenants.tenants.setPasswordMaxAgeDays(tenantId, 30)
      try {
        const user = await createAccount(app, { email: 'expiring@example.com', username: 'expiring' })
        const fresh = await login({ username: 'expiring', password: DEFAULT_PASSWORD })
        assert.equal(fresh.statusCode, 200)
        assert.equal(
          fresh.json().PasswordExpiration,
          zoneless(new Date(user.createdAt.getTime() + 30 * DAY * 1000)),
        )

        app.clock.advance(30 * DAY)
        const expired = await login({ username: 'expiring', password: DEFAULT_PASSWORD })
        assert.equal(expired.statusCode, 403)
        assert.deepEqual(expired.json(), { message: 'Password expired' })
        // Expiry is told only to someone who knows the password.
        assert.equal((await login({ username: 'expiring', password: 'Password2' })).statusCode, 401)

        const changed = await changePassword({
          username: 'expiring',
          old: DEFAULT_PASSWORD,
          new: 'NewPassw0rd',
          confirm: 'NewPassw0rd',
        })
        assert.equal(changed.statusCode, 200)
        assert.deepEqual(changed.json(), { message: 'Password changed' })
        const again = await login({ username: 'expiring', password: 'NewPassw0rd' })
        assert.equal(again.statusCode, 200)
        assert.equal(
          again.json().PasswordExpiration,
          zoneless(new Date(app.clock.now().getTime() + 30 * DAY * 1000)),
        )
        assert.equal((await login({ username: 'expiring', password: DEFAULT_PASSWORD })).statusCode, 401)
      } finally {
        await app.core.tenants.tenants.setPasswordMaxAgeDays(tenantId, 0)
      }
    })

    it('never expires a password under the default policy (0 days)', async () => {
      await createAccount(app, { email: 'forever@example.com' })
      app.clock.advance(3650 * DAY)
      const response = await login({ username: 'forever@example.com', password: DEFAULT_PASSWORD })
      assert.equal(response.statusCode, 200)
      assert.equal(response.json().PasswordExpiration, '0001-01-01T00:00:00')
    })
  })

  describe('POST /user/password', () => {
    it('ends the other sessions: tokens from before stop working on the very next request', async () => {
      await createAccount(app, { email: 'sessions@example.com', username: 'sessions' })
      const first = (await login({ username: 'sessions', password: DEFAULT_PASSWORD })).json().Token
      const second = (await login({ username: 'sessions@example.com', password: DEFAULT_PASSWORD })).json()
        .Token
      assert.equal((await secure(first)).statusCode, 200)
      const changed = await changePassword({
        username: 'sessions',
        old: DEFAULT_PASSWORD,
        new: 'Changed123',
        confirm: 'Changed123',
      })
      assert.equal(changed.statusCode, 200)
      for (const token of [first, second]) {
        const response = await secure(token)
        assert.equal(response.statusCode, 401)
        assert.deepEqual(response.json(), { message: 'Unauthorized' })
      }
    })

    it('keeps the session of a JWT sent along, and ends the others', async () => {
      await createAccount(app, { email: 'keeper@example.com', username: 'keeper' })
      const kept = (await login({ username: 'keeper', password: DEFAULT_PASSWORD })).json().Token
      const other = (await login({ username: 'keeper', password: DEFAULT_PASSWORD })).json().Token
      const changed = await app.inject({
        method: 'POST',
        url: '/user/password',
        headers: { authorization: kept },
        payload: { username: 'keeper', old: DEFAULT_PASSWORD, new: 'Changed123', confirm: 'Changed123' },
      })
      assert.equal(changed.statusCode, 200)
      assert.equal((await secure(kept)).statusCode, 200)
      assert.equal((await secure(other)).statusCode, 401)
    })

    it('answers 401 Incorrect credentials for a wrong old password or an unknown user, changing nothing', async () => {
      await createAccount(app, { email: 'oldwrong@example.com', username: 'oldwrong' })
      for (const username of ['oldwrong', 'nobody-at-all']) {
        const response = await changePassword({
          username,
          old: 'Password2',
          new: 'Changed123',
          confirm: 'Changed123',
        })
        assert.equal(response.statusCode, 401)
        assert.deepEqual(response.json(), { message: 'Incorrect credentials' })
      }
      assert.equal((await login({ username: 'oldwrong', password: DEFAULT_PASSWORD })).statusCode, 200)
    })

    it('answers 400 when new and confirm differ, when new is weak, or when a field is missing', async () => {
      await createAccount(app, { email: 'weak@example.com', username: 'weak' })
      const base = { username: 'weak', old: DEFAULT_PASSWORD }
      const cases: [unknown, string][] = [
        [{ ...base, new: 'Changed123', confirm: 'Changed124' }, 'confirm does not match new'],
        [{ ...base, new: 'Short1', confirm: 'Short1' }, 'new is too short (minimum is 8 characters)'],
        [
          { ...base, new: 'alllowercase1', confirm: 'alllowercase1' },
          'new must include at least one upper-case letter, one lower-case letter and one digit',
        ],
        [{ username: 'weak', new: 'Changed123', confirm: 7 }, 'old is required; confirm must be a string'],
      ]
      for (const [body, message] of cases) {
        const response = await changePassword(body)
        assert.equal(response.statusCode, 400, JSON.stringify(body))
        assert.deepEqual(response.json(), { message })
      }
      assert.equal((await login({ username: 'weak', password: DEFAULT_PASSWORD })).statusCode, 200)
    })
  })
})
