import assert from 'node:assert/strict'
import { it } from 'node:test'
import { ampnetBody, ampnetEnv, signUpBody } from '../../../test/support/ampnet-client.ts'
import { multipart, requestPart } from '../../../test/support/ampnet-coops.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { RECAPTCHA_SECRET, startFakeRecaptcha } from '../../../test/support/fake-recaptcha.ts'
import { useFake, useTestApp } from '../../../test/support/suite.ts'
import { createTestApp } from '../../../test/support/test-app.ts'

const FAILED = 'reCAPTCHA verification failed'

// reCAPTCHA v3 against a local siteverify that follows Google's documented API.
forEachDatabase('AMPnet reCAPTCHA', (dialect) => {
  const recaptcha = useFake('the fake reCAPTCHA', startFakeRecaptcha)
  const { app, sink } = useTestApp(dialect, {
    mail: true,
    env: (sink) =>
      ampnetEnv(sink, {
        RECAPTCHA_ENABLED: 'true',
        RECAPTCHA_SECRET,
        RECAPTCHA_MIN_SCORE: '0.5',
        RECAPTCHA_VERIFY_URL: recaptcha.url,
      }),
  })

  const signUp = (email: string, token: string | null) =>
    app.inject({ method: 'POST', url: '/signup', payload: signUpBody(email, { re_captcha_token: token }) })

  it('signs up with a human score', async () => {
    const response = await signUp('human@smith.com', 'human')
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().email, 'human@smith.com')
  })

  it('answers 400 0110 with the reason for each failure, and creates no user', async () => {
    const cases = [
      [null, 'reCAPTCHA verification is enabled, send a valid token'],
      ['', 'reCAPTCHA verification is enabled, send a valid token'],
      ['forged', 'errors: invalid-input-response, timeout-or-duplicate'],
      ['bot', 'ReCAPTCHA score(0.1) is too low'],
      ['no-score', 'ReCAPTCHA score(0) is too low'],
      ['empty', "Empty response from Google's server"],
      ['garbage', "Invalid response from Google's server"],
    ] as const
    for (const [index, [token, message]] of cases.entries()) {
      const response = await signUp(`robot-${index}@smith.com`, token)
      assert.equal(response.statusCode, 400, String(token))
      assert.deepEqual(response.json(), ampnetBody('0110', FAILED, message))
    }
    const users = await app.database.db
      .selectFrom('users')
      .select('email')
      .where('email', 'like', 'robot-%')
      .execute()
    assert.deepEqual(users, [])
  })

  it('answers 400 0110 when siteverify cannot be reached', async () => {
    const unreachable = await createTestApp({
      dialect,
      env: ampnetEnv(sink, {
        RECAPTCHA_ENABLED: 'true',
        RECAPTCHA_SECRET,
        RECAPTCHA_VERIFY_URL: 'http://127.0.0.1:9/siteverify',
      }),
    })
    try {
      const response = await unreachable.inject({
        method: 'POST',
        url: '/signup',
        payload: signUpBody('far@smith.com', { re_captcha_token: 'human' }),
      })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), ampnetBody('0110', FAILED, 'Error while reading google response'))
    } finally {
      await unreachable.close()
    }
  })

  it('gates POST /coop the same way', async () => {
    const create = (identifier: string, token: string) => {
      const body = multipart([requestPart({ identifier, name: 'Gated', re_captcha_token: token })])
      return app.inject({ method: 'POST', url: '/coop', headers: body.headers, payload: body.payload })
    }
    const refused = await create('gated-bot', 'bot')
    assert.equal(refused.statusCode, 400)
    assert.deepEqual(refused.json(), ampnetBody('0110', FAILED, 'ReCAPTCHA score(0.1) is too low'))
    const created = await create('gated-human', 'human')
    assert.equal(created.statusCode, 200)
    assert.equal(created.json().identifier, 'gated-human')
  })

  it('does not ask siteverify on the other routes', async () => {
    const before = recaptcha.calls
    await app.inject({
      method: 'POST',
      url: '/token',
      payload: { login_method: 'EMAIL', credentials: { email: 'x@y.io', password: 'abcdefgh' } },
    })
    assert.equal(recaptcha.calls, before)
  })
})
