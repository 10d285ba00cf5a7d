import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, it } from 'node:test'
import { abuseEnv, forEachCounterStore, occupyHashing } from '../../../test/support/abuse.ts'
import { createAccount } from '../../../test/support/accounts.ts'
import {
  AMPNET_PASSWORD,
  ampnetBody,
  ampnetEnv,
  bearer,
  COOP,
  signUpBody,
  tokenFromMail,
} from '../../../test/support/ampnet-client.ts'
import { type SmtpSink, startSmtpSink } from '../../../test/support/smtp-sink.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'

type Reply = Awaited<ReturnType<TestApp['inject']>>

forEachCounterStore('ampnet rate limits and lockout', (dialect, store) => {
  let app: TestApp
  let sink: SmtpSink
  before(async () => {
    sink = await startSmtpSink()
    app = await createTestApp({
      dialect,
      env: {
        ...ampnetEnv(sink, {
          AMPNET_MAIL_CONFIRMATION: 'false',
          GOOGLE_USERINFO_URL: 'http://127.0.0.1:9/userinfo',
        }),
        ...abuseEnv(store, {
          RATE_LIMIT_SIGN_IN: '3/60',
          RATE_LIMIT_REFRESH: '1/60',
          RATE_LIMIT_SIGN_UP: '2/3600',
          RATE_LIMIT_PASSWORD_RESET: '2/3600',
          RATE_LIMIT_MAIL_RESEND: '1/3600',
          RATE_LIMIT_ACCOUNT_MAIL: '3/3600',
          RATE_LIMIT_WEBHOOK: '2/60',
          LOCKOUT_THRESHOLD: '3',
          ARGON2_CONCURRENCY: '1',
          ARGON2_QUEUE_LIMIT: '0',
        }),
      },
    })
  })
  after(async () => {
    await app?.close()
    await sink?.close()
  })

  const post = (url: string, payload: object, ip: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, remoteAddress: ip, headers })
  const logIn = (email: string, password: string, ip: string) =>
    post('/token', { coop: COOP, login_method: 'EMAIL', credentials: { email, password } }, ip)
  /** Spring's own body for a status, as AMPnet's framework answers look. */
  function assertFramework(
    response: Reply,
    status: number,
    message: string,
    path: string,
    retryAfter: string,
  ) {
    assert.equal(response.statusCode, status)
    const body = response.json()
    const error = status === 429 ? 'Too Many Requests' : 'Service Unavailable'
    assert.deepEqual(body, { timestamp: body.timestamp, status, error, message, path })
    assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT/)
    assert.equal(response.headers['retry-after'], retryAfter)
  }
  const assertTooMany = (response: Reply, path: string, seconds: number) =>
    assertFramework(
      response,
      429,
      `Too many requests, try again in ${seconds} seconds`,
      path,
      String(seconds),
    )

  it('refuses the fourth password login from one IP within a minute', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await logIn(`nobody-${attempt}@example.com`, 'wrong-password', '10.0.0.1')
      assert.deepEqual(
        response.json(),
        ampnetBody('0207', 'Invalid username or password', 'Invalid username or password'),
      )
    }
    assertTooMany(await logIn('nobody@example.com', 'wrong-password', '10.0.0.1'), '/token', 60)
  })

  it('counts social logins as sign-ins', async () => {
    const google = { coop: COOP, login_method: 'GOOGLE', credentials: { token: 'google-token' } }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      assert.equal((await post('/token', google, '10.0.0.2')).statusCode, 502)
    }
    assertTooMany(await post('/token', google, '10.0.0.2'), '/token', 60)
  })

  it('refuses the second refresh from one IP within a minute', async () => {
    await createAccount(app, { email: 'refresh@example.com', password: AMPNET_PASSWORD })
    const { refresh_token } = (await logIn('refresh@example.com', AMPNET_PASSWORD, '10.0.0.3')).json()
    assert.equal((await post('/token/refresh', { refresh_token }, '10.0.0.3')).statusCode, 200)
    assertTooMany(await post('/token/refresh', { refresh_token }, '10.0.0.3'), '/token/refresh', 60)
  })

  it('refuses the third sign-up from one IP, and the fourth for one email from anywhere', async () => {
    for (const email of ['up-1@example.com', 'up-2@example.com']) {
      assert.equal((await post('/signup', signUpBody(email), '10.0.1.1')).statusCode, 200)
    }
    assertTooMany(await post('/signup', signUpBody('up-3@example.com'), '10.0.1.1'), '/signup', 3600)
    for (const ip of ['10.0.1.2', '10.0.1.3']) {
      assert.equal((await post('/signup', signUpBody('Up-1@example.com'), ip)).statusCode, 400) // 0103
    }
    assertTooMany(await post('/signup', signUpBody('up-1@EXAMPLE.com'), '10.0.1.4'), '/signup', 3600)
  })

  it('limits forgot-password requests and resets per IP', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await post(
        '/forgot-password/token',
        { email: `f-${attempt}@example.com`, coop: COOP },
        '10.0.2.1',
      )
      assert.equal(response.statusCode, 200)
    }
    const third = await post('/forgot-password/token', { email: 'f@example.com', coop: COOP }, '10.0.2.1')
    assertTooMany(third, '/forgot-password/token', 3600)
    const reset = () =>
      post('/forgot-password', { new_password: 'new-password', token: randomUUID() }, '10.0.2.2')
    for (let attempt = 0; attempt < 2; attempt += 1) assert.equal((await reset()).statusCode, 400) // 0202
    assertTooMany(await reset(), '/forgot-password', 3600)
  })

  it('limits confirmation-mail resends per IP', async () => {
    await createAccount(app, { email: 'resend@example.com', password: AMPNET_PASSWORD })
    const { access_token } = (await logIn('resend@example.com', AMPNET_PASSWORD, '10.0.3.1')).json()
    const resend = () =>
      app.inject({
        method: 'GET',
        url: '/mail-confirmation/resend',
        headers: bearer(access_token),
        remoteAddress: '10.0.3.1',
      })
    assert.equal((await resend()).statusCode, 200)
    assertTooMany(await resend(), '/mail-confirmation/resend', 3600)
  })

  it('limits Veriff and Identyum webhook calls per IP', async () => {
    for (const path of ['/veriff/webhook/decision', '/veriff/webhook/event', '/identyum']) {
      const ip = `10.0.4.${path.length}`
      for (let attempt = 0; attempt < 2; attempt += 1)
        assert.equal((await post(path, {}, ip)).statusCode, 400)
      assertTooMany(await post(path, {}, ip), path, 60)
    }
  })

  it('locks an account after three failures, and a password reset by mail unlocks it', async () => {
    await createAccount(app, { email: 'locked@example.com', password: AMPNET_PASSWORD })
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) {
      assert.equal((await logIn('locked@example.com', 'wrong-password', ip)).statusCode, 400)
    }
    assertTooMany(await logIn('locked@example.com', AMPNET_PASSWORD, '10.1.0.4'), '/token', 60)

    const forgot = await post(
      '/forgot-password/token',
      { email: 'locked@example.com', coop: COOP },
      '10.1.0.5',
    )
    assert.equal(forgot.statusCode, 200)
    // Earlier tests' mails may still be on their way: wait for this address's.
    for (
      let count = sink.mails.length + 1;
      !sink.mails.some(({ to }) => to === 'locked@example.com');
      count += 1
    ) {
      await sink.waitFor(count, 15_000)
    }
    const token = await tokenFromMail(sink, 'locked@example.com', 'reset_password', sink.mails.length)
    const reset = await post('/forgot-password', { new_password: 'a-new-password', token }, '10.1.0.5')
    assert.equal(reset.statusCode, 200)
    assert.equal((await logIn('locked@example.com', 'a-new-password', '10.1.0.6')).statusCode, 200)
  })

  it('counts wrong old passwords of POST /me/password towards the lockout', async () => {
    await createAccount(app, { email: 'changer@example.com', password: AMPNET_PASSWORD })
    const signedIn = await logIn('changer@example.com', AMPNET_PASSWORD, '10.5.0.1')
    const auth = bearer(signedIn.json().access_token)
    const change = (old: string, ip: string) =>
      post('/me/password', { old_password: old, new_password: 'a-new-password' }, ip, auth)
    for (const ip of ['10.5.0.2', '10.5.0.3', '10.5.0.4']) {
      assert.equal((await change('wrong-password', ip)).statusCode, 400)
    }
    assertTooMany(await change(AMPNET_PASSWORD, '10.5.0.5'), '/me/password', 60)
    assertTooMany(await logIn('changer@example.com', AMPNET_PASSWORD, '10.5.0.6'), '/token', 60)
  })

  it('answers 503 with Retry-After when the Argon2 queue is full', async () => {
    await createAccount(app, { email: 'busy@example.com', password: AMPNET_PASSWORD })
    const held = occupyHashing(app, 1)
    try {
      const response = await logIn('busy@example.com', AMPNET_PASSWORD, '10.2.0.1')
      assertFramework(response, 503, 'Server is busy, try again shortly', '/token', '1')
    } finally {
      await held.release()
    }
  })
})
