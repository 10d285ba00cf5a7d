import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  AMPNET_PASSWORD,
  ampnetBody,
  ampnetEnv,
  ampnetSuite,
  COOP,
  signUp,
  signUpBody,
  tokenFromMail,
} from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { startSmtpSink } from '../../../../test/support/smtp-sink.ts'
import { createTestApp } from '../../../../test/support/test-app.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

ampnetSuite('ampnet sign-up', ({ app, sink }) => {
  const post = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/signup', payload: payload as object })

  it('signs up a disabled USER and mails exactly one confirmation link', async () => {
    const start = sink.mails.length
    const response = await post(signUpBody('john@smith.com'))
    assert.equal(response.statusCode, 200)
    const body = response.json()
    assert.match(body.uuid, UUID)
    assert.deepEqual(body, {
      uuid: body.uuid,
      email: 'john@smith.com',
      first_name: 'first',
      last_name: 'last',
      role: 'USER',
      enabled: false,
      verified: false,
      coop: COOP,
      language: null,
    })
    const mails = await sink.waitFor(start + 1)
    assert.equal(mails.length, start + 1, 'exactly one mail')
    assert.equal(mails.at(-1)?.subject, 'Confirm your email')
    assert.match(await tokenFromMail(sink, 'john@smith.com', 'mail_confirmation', start + 1), UUID)
    const tokens = await app.database.db
      .selectFrom('mail_tokens')
      .selectAll()
      .where('user_id', '=', body.uuid)
      .execute()
    assert.equal(tokens.length, 1)
    assert.equal(tokens[0]?.purpose, 'confirm_email')
    assert.doesNotMatch(tokens[0]?.token_hash ?? '', UUID, 'only a hash is stored')
    const row = await app.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', body.uuid)
      .executeTakeFirstOrThrow()
    assert.match(row.password_hash ?? '', /^\$argon2id\$/)
    assert.ok(row.created_at <= app.clock.now().getTime())
  })

  it('lands a sign-up without coop in the default coop, with optional names', async () => {
    const { coop: _coop, ...body } = signUpBody('nocoop@smith.com')
    const response = await post({
      ...body,
      user_info: { email: 'nocoop@smith.com', password: AMPNET_PASSWORD },
    })
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().coop, COOP)
    assert.equal(response.json().first_name, null)
    assert.equal(response.json().last_name, null)
  })

  it('answers 0101 for missing user_info keys', async () => {
    const response = await post({ signup_method: 'EMAIL', user_info: { email: 'filipduj@gmail.com' } })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(
      response.json(),
      ampnetBody(
        '0101',
        'Invalid signup data',
        'Some fields missing or could not be parsed from JSON request.',
      ),
    )
  })

  it('answers 0808 naming the invalid email and the short password', async () => {
    const invalidEmail = await post(
      signUpBody('x', { user_info: { email: 'invalid-mail.com', password: 'passssword' } }),
    )
    assert.equal(invalidEmail.statusCode, 400)
    assert.deepEqual(
      invalidEmail.json(),
      ampnetBody('0808', 'Invalid controller request exception', 'email Invalid email format. ', {
        email: 'Invalid email format',
      }),
    )
    for (const password of ['short', 'x'.repeat(65)]) {
      const response = await post(signUpBody('x', { user_info: { email: 'invalid@mail.com', password } }))
      assert.deepEqual(
        response.json(),
        ampnetBody('0808', 'Invalid controller request exception', 'password Invalid Password. ', {
          password: 'Invalid Password',
        }),
      )
    }
  })

  it('answers 400 0808 to an empty email, as the Decisions table says', async () => {
    const empty = await post(signUpBody('x', { user_info: { email: '', password: AMPNET_PASSWORD } }))
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(
      empty.json(),
      ampnetBody('0808', 'Invalid controller request exception', 'email Invalid email format. ', {
        email: 'Invalid email format',
      }),
    )
  })

  it('refuses a second sign-up with the same email in the coop, ignoring case, with 0103', async () => {
    await signUp(app, 'twice@smith.com')
    const again = await post(signUpBody('Twice@Smith.com'))
    assert.equal(again.statusCode, 400)
    assert.deepEqual(
      again.json(),
      ampnetBody(
        '0103',
        'Email already used',
        `Trying to create user with email that already exists: Twice@Smith.com in coop: ${COOP}`,
      ),
    )
  })

  it('answers 1001 for an unknown coop and 0112 for a coop with sign-up disabled', async () => {
    const missing = await post(signUpBody('a@smith.com', { coop: 'nowhere' }))
    assert.equal(missing.statusCode, 400)
    assert.deepEqual(
      missing.json(),
      ampnetBody('1001', 'Missing coop', 'Missing coop with identifier: nowhere'),
    )
    await app.database.db
      .updateTable('tenants')
      .set({ disable_sign_up: 1 })
      .where('identifier', '=', COOP)
      .execute()
    try {
      const closed = await post(signUpBody('b@smith.com'))
      assert.equal(closed.statusCode, 400)
      assert.deepEqual(
        closed.json(),
        ampnetBody('0112', 'Signup for coop is disabled', `Signup is disabled for coop: ${COOP}`),
      )
    } finally {
      await app.database.db
        .updateTable('tenants')
        .set({ disable_sign_up: 0 })
        .where('identifier', '=', COOP)
        .execute()
    }
  })

  it('answers framework 400s for bodies that do not bind, never a 5xx', async () => {
    for (const payload of [
      {},
      { signup_method: 'EMAIL' },
      { signup_method: 'TWITTER', user_info: {} },
      { signup_method: 'EMAIL', user_info: 'x' },
      { signup_method: 'EMAIL', user_info: { email: 1, password: 'abcdefgh' } },
      [],
    ]) {
      const response = await post(payload)
      assert.equal(response.statusCode, 400, JSON.stringify(payload))
      assert.equal(response.json().status, 400)
      assert.equal(response.json().path, '/signup')
    }
    const broken = await app.inject({
      method: 'POST',
      url: '/signup',
      headers: { 'content-type': 'application/json' },
      payload: '{"signup_method":',
    })
    assert.equal(broken.statusCode, 400)
  })

  it('answers 400 0204 to a sign-up carrying a bad bearer token, even though the route is public', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/signup',
      headers: { authorization: 'Bearer garbage' },
      payload: signUpBody('bearer@smith.com'),
    })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(response.json(), {
      description: 'Invalid JWT',
      err_code: '0204',
      message: 'Invalid JWT',
    })
  })
})

forEachDatabase('ampnet sign-up settings', (dialect) => {
  it('makes the first account of a coop its ADMIN, and enables at once without confirmation', async () => {
    const sink = await startSmtpSink()
    const app = await createTestApp({
      dialect,
      env: ampnetEnv(sink, { AMPNET_FIRST_ADMIN: 'true', AMPNET_MAIL_CONFIRMATION: 'false' }),
    })
    try {
      // A coop of its own: the default coop's ADMIN comes from the operator only (#13, item 9).
      await app.core.tenants.coops.create({ identifier: 'first-coop', name: 'First' }, {}, true)
      const inCoop = { coop: 'first-coop' }
      const first = (
        await app.inject({ method: 'POST', url: '/signup', payload: signUpBody('first@a.com', inCoop) })
      ).json()
      assert.equal(first.role, 'ADMIN')
      assert.equal(first.verified, true)
      assert.equal(first.enabled, true)
      const second = (
        await app.inject({ method: 'POST', url: '/signup', payload: signUpBody('second@a.com', inCoop) })
      ).json()
      assert.equal(second.role, 'USER')
      assert.equal(second.enabled, true)
      assert.equal(await app.core.mail.mailOutbox.backlog(), 0)
      assert.equal(sink.mails.length, 0, 'no confirmation mail')
    } finally {
      await app.close()
      await sink.close()
    }
  })
})
