import assert from 'node:assert/strict'
import { it } from 'node:test'
import { asUser, PASSWORD, signUp } from '../../../test/support/ideapool-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

const NOT_AUTHENTICATED = { reason: 'you can not pass!' }

surfaceSuite('ideapool accounts and tokens', ({ app }) => {
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers })

  it('signs up with 201 and a jwt plus a 100-hex-character refresh token', async () => {
    const response = await post('/users', {
      email: 'jack-black@codementor.io',
      name: 'Jack Black',
      password: PASSWORD,
    })
    assert.equal(response.statusCode, 201)
    const body = response.json()
    assert.deepEqual(Object.keys(body).sort(), ['jwt', 'refresh_token'])
    assert.match(body.refresh_token, /^[0-9a-f]{100}$/)
    assert.equal(body.jwt.split('.').length, 3)
  })

  it('answers 400 naming the first missing or blank field', async () => {
    for (const [payload, field] of [
      [{ name: 'n', password: PASSWORD }, 'email'],
      [{ email: 'x@y.io', name: '  ', password: PASSWORD }, 'name'],
      [{ email: 'x@y.io', name: 'n' }, 'password'],
      [[], 'email'],
    ] as const) {
      const response = await post('/users', payload)
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), { reason: `param is missing or the value is empty: ${field}` })
    }
  })

  it('answers 422 for an invalid email, a weak password or a non-string name', async () => {
    const cases = [
      [{ email: 'not-an-email', name: 'n', password: PASSWORD }, 'Validation failed: Email is invalid'],
      [{ email: 42, name: 'n', password: PASSWORD }, 'Validation failed: Email is invalid'],
      [
        { email: 'w@y.io', name: 'n', password: 'Short1' },
        'Validation failed: Password is too short (minimum is 8 characters)',
      ],
      [
        { email: 'w@y.io', name: 'n', password: 'alllowercase1' },
        'Validation failed: Password must include at least one upper-case letter, one lower-case letter and one digit',
      ],
      [{ email: 'w@y.io', name: 7, password: PASSWORD }, 'Validation failed: Name must be a string'],
    ] as const
    for (const [payload, reason] of cases) {
      const response = await post('/users', payload)
      assert.equal(response.statusCode, 422, JSON.stringify(payload))
      assert.deepEqual(response.json(), { reason })
    }
  })

  it('accepts any other characters in the password and hyphens and digits in the name', async () => {
    const response = await post('/users', {
      email: 'codementor-test@x.io',
      name: 'codementor-test-0a1b2c',
      password: 'pAssw0rd!',
    })
    assert.equal(response.statusCode, 201)
  })

  it('refuses a duplicate email, compared trimmed and case-insensitively, with 422', async () => {
    await signUp(app, 'dup@example.com')
    const response = await post('/users', { email: '  DUP@Example.com ', name: 'Other', password: PASSWORD })
    assert.equal(response.statusCode, 422)
    assert.deepEqual(response.json(), { reason: 'Validation failed: Email has already been taken' })
  })

  it('shows /me with the stored email, the name and the Gravatar URL', async () => {
    const tokens = await signUp(app, 'email-4@test.com', 'name-4')
    const response = await app.inject({
      method: 'GET',
      url: '/me',
      headers: { ...asUser(tokens), 'content-type': 'application/json' },
    })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), {
      email: 'email-4@test.com',
      name: 'name-4',
      avatar_url: 'https://www.gravatar.com/avatar/b36aafe03e05a85031fd8c411b69f792?d=mm&s=200',
    })
  })

  it('logs in with 201 and answers one 401 for an unknown email and a wrong password', async () => {
    await signUp(app, 'login@example.com')
    const ok = await post('/access-tokens', { email: 'LOGIN@example.com', password: PASSWORD })
    assert.equal(ok.statusCode, 201)
    assert.deepEqual(Object.keys(ok.json()).sort(), ['jwt', 'refresh_token'])
    const wrong = await post('/access-tokens', { email: 'login@example.com', password: 'the-Secret-124' })
    const unknown = await post('/access-tokens', { email: 'nobody@example.com', password: PASSWORD })
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401)
      assert.deepEqual(response.json(), { reason: 'Either email or password is incorrect' })
    }
    const missing = await post('/access-tokens', { email: 'login@example.com' })
    assert.equal(missing.statusCode, 400)
    assert.deepEqual(missing.json(), { reason: 'param is missing or the value is empty: password' })
  })

  it('refreshes with 200 {jwt} without an access token and without rotating the refresh token', async () => {
    const tokens = await signUp(app, 'refresh@example.com')
    for (let i = 0; i < 2; i++) {
      const response = await post('/access-tokens/refresh', { refresh_token: tokens.refresh_token })
      assert.equal(response.statusCode, 200)
      assert.deepEqual(Object.keys(response.json()), ['jwt'])
      const me = await app.inject({
        method: 'GET',
        url: '/me',
        headers: { 'x-access-token': response.json().jwt },
      })
      assert.equal(me.statusCode, 200)
    }
    const unknown = await post('/access-tokens/refresh', { refresh_token: 'f'.repeat(100) })
    assert.equal(unknown.statusCode, 401)
    assert.deepEqual(unknown.json(), NOT_AUTHENTICATED)
    const missing = await post('/access-tokens/refresh', {})
    assert.equal(missing.statusCode, 400)
    assert.deepEqual(missing.json(), { reason: 'param is missing or the value is empty: refresh_token' })
  })

  it('refuses a refresh token once its lifetime since last use has passed', async () => {
    const tokens = await signUp(app, 'stale@example.com')
    app.clock.advance(app.config.ideapool.refreshTtlSeconds + 1)
    const response = await post('/access-tokens/refresh', { refresh_token: tokens.refresh_token })
    assert.equal(response.statusCode, 401)
    assert.deepEqual(response.json(), NOT_AUTHENTICATED)
  })

  it('rejects an access token after its 10 minutes with 401', async () => {
    const tokens = await signUp(app, 'expiry@example.com')
    app.clock.advance(599)
    assert.equal((await app.inject({ method: 'GET', url: '/me', headers: asUser(tokens) })).statusCode, 200)
    app.clock.advance(2)
    const late = await app.inject({ method: 'GET', url: '/me', headers: asUser(tokens) })
    assert.equal(late.statusCode, 401)
    assert.deepEqual(late.json(), NOT_AUTHENTICATED)
  })
})
