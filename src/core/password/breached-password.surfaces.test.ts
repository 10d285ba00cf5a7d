import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, beforeEach, describe, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { type PwnedRangeFake, startPwnedRangeFake } from '../../../test/support/pwned-range-fake.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { insertMailToken } from '../auth/mail-token.repository.ts'
import { hashSecretToken } from '../shared/random.ts'

// Every place a password is set refuses a breached one in its surface's own validation body; when
// the check fails closed and the range API is down, each surface answers its 503.
const BREACHED = 'Breached1'

forEachDatabase('breached passwords on every surface', (dialect) => {
  let fake: PwnedRangeFake
  let app: TestApp
  let ampnetToken: string
  let keysPassword = DEFAULT_PASSWORD

  before(async () => {
    fake = await startPwnedRangeFake({ [BREACHED]: 42 })
    app = await createTestApp({
      dialect,
      env: {
        BREACHED_PASSWORDS_URL: fake.url,
        BREACHED_PASSWORDS_FAIL_OPEN: 'false',
        BREACHED_PASSWORDS_TIMEOUT_MS: '300',
        BREACHED_PASSWORDS_CACHE_SECONDS: '0',
        AMPNET_MAIL_CONFIRMATION: 'false',
      },
    })
    await createAccount(app, { email: 'keys@example.com', username: 'keys' })
    const login = await app.inject({
      method: 'POST',
      url: '/token',
      payload: {
        login_method: 'EMAIL',
        credentials: { email: 'keys@example.com', password: DEFAULT_PASSWORD },
      },
    })
    ampnetToken = login.json().access_token
  })
  after(async () => {
    await app.close()
    await fake.close()
  })
  beforeEach(() => {
    fake.failure = undefined
  })

  const calls = () =>
    [
      ['ideapool sign-up', 'POST', '/users', { email: 'a@example.com', name: 'A B', password: BREACHED }, {}],
      ['users sign-up', 'POST', '/users/register', { email: 'b@example.com', password: BREACHED }, {}],
      [
        'authheader password change',
        'POST',
        '/user/password',
        { username: 'keys', old: keysPassword, new: BREACHED, confirm: BREACHED },
        {},
      ],
      [
        'AMPnet sign-up',
        'POST',
        '/signup',
        {
          signup_method: 'EMAIL',
          user_info: { first_name: 'f', last_name: 'l', email: 'c@example.com', password: BREACHED },
        },
        {},
      ],
      [
        'AMPnet password change',
        'POST',
        '/me/password',
        { old_password: DEFAULT_PASSWORD, new_password: BREACHED },
        { authorization: `Bearer ${ampnetToken}` },
      ],
    ] as const
  const ampnet0808 = (field: string) => ({
    description: 'Invalid controller request exception',
    err_code: '0808',
    message: `${field} has appeared in a data breach. `,
    errors: { [field]: 'has appeared in a data breach' },
  })

  it('refuses a breached password with each surface’s validation body', async () => {
    const expected = [
      [422, { reason: 'Validation failed: Password has appeared in a data breach' }],
      [400, { success: false, message: 'password has appeared in a data breach' }],
      [400, { message: 'new has appeared in a data breach' }],
      [400, ampnet0808('password')],
      [400, ampnet0808('newPassword')],
    ]
    const answers = []
    for (const [, method, url, payload, headers] of calls()) {
      const response = await app.inject({ method, url, payload, headers })
      answers.push([response.statusCode, response.json()])
    }
    assert.deepEqual(answers, expected)
    const users = await app.database.db.selectFrom('users').select('email').execute()
    assert.deepEqual(
      users.map((user) => user.email),
      ['keys@example.com'],
    )
  })

  it('refuses it on a password reset too (AMPnet 0808 on newPassword), keeping the token', async () => {
    const user = await app.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'keys@example.com')
      .executeTakeFirstOrThrow()
    const token = randomUUID()
    const now = app.clock.now()
    const row = { id: randomUUID(), userId: user.id, purpose: 'reset_password' as const, createdAt: now }
    await insertMailToken(
      app.database.db,
      { ...row, expiresAt: new Date(now.getTime() + 60_000) },
      hashSecretToken(token),
    )
    const reset = (password: string) =>
      app.inject({ method: 'POST', url: '/forgot-password', payload: { token, new_password: password } })
    const refused = await reset(BREACHED)
    assert.deepEqual([refused.statusCode, refused.json()], [400, ampnet0808('newPassword')])
    assert.equal((await reset('Fine-password-7')).statusCode, 200)
    keysPassword = 'Fine-password-7'
  })

  it('answers each surface’s 503 when the check fails closed and the range API is down', async () => {
    fake.failure = 'server_error'
    const unavailable = 'The password cannot be checked right now; try again later'
    const expected = [
      [503, { reason: unavailable }],
      [503, { success: false, message: `${unavailable}.` }],
      [503, { message: unavailable }],
      [
        503,
        {
          description: 'Password check unavailable',
          err_code: '0209',
          message: 'Password cannot be checked right now, try again later',
          errors: {},
        },
      ],
    ]
    const answers = []
    for (const [, method, url, payload, headers] of calls().slice(0, 4)) {
      const response = await app.inject({ method, url, payload, headers })
      answers.push([response.statusCode, response.json()])
    }
    assert.deepEqual(answers, expected)
  })

  describe('fail-open', () => {
    it('accepts the password when the range API hangs past the timeout', async () => {
      const open = await createTestApp({
        dialect,
        env: { BREACHED_PASSWORDS_URL: fake.url, BREACHED_PASSWORDS_TIMEOUT_MS: '200' },
      })
      try {
        fake.failure = 'hang'
        const response = await open.inject({
          method: 'POST',
          url: '/users/register',
          payload: { email: 'open@example.com', password: BREACHED },
        })
        assert.equal(response.statusCode, 201)
      } finally {
        await open.close()
      }
    })
  })
})
