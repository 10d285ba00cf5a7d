import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { ampnetBody, ampnetEnv, COOP } from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { FACEBOOK_APP_ID, FACEBOOK_APP_SECRET } from '../../../../test/support/facebook-fake.ts'
import { closedPortUrl, type FakeGoogle, startFakeGoogle } from '../../../../test/support/google-fake.ts'
import { type SmtpSink, startSmtpSink } from '../../../../test/support/smtp-sink.ts'
import { socialSignUpBody, useSocialApp } from '../../../../test/support/social-env.ts'
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts'

const REFUSED = ampnetBody('0106', 'Social exception', 'Not authorized to get data from Facebook')
const FAILED = ampnetBody('0106', 'Social exception', 'Cannot access Facebook user class')

// How Facebook tokens are checked: Graph `me`, and `debug_token` against our
// app when its id and secret are configured; every failure a 502 0106.
forEachDatabase('AMPnet Facebook tokens', (dialect) => {
  const { app, facebook } = useSocialApp(dialect, {
    FACEBOOK_APP_ID,
    FACEBOOK_APP_SECRET,
    // Long enough for a busy machine, short enough for the hanging-provider test.
    SOCIAL_TIMEOUT_MS: '2000',
  })

  const signUp = (token: string) =>
    app.inject({ method: 'POST', url: '/signup', payload: socialSignUpBody('FACEBOOK', token, COOP) })

  it('checks the token was issued to our app, then reads the person with an appsecret_proof', async () => {
    const token = facebook.userToken({ email: 'ours@smith.com', first_name: 'Our' })
    const before = facebook.calls.length
    const response = await signUp(token)
    assert.equal(response.statusCode, 200, response.body)
    assert.equal(response.json().first_name, 'Our')
    const [debug, me] = facebook.calls.slice(before)
    assert.equal(debug, `/v21.0/debug_token?input_token=${token}`)
    assert.match(
      me ?? '',
      /^\/v21\.0\/me\?fields=id%2Cemail%2Cfirst_name%2Clast_name&appsecret_proof=[0-9a-f]{64}$/,
    )
  })

  it('answers 502 0106 to a token of another app or one Facebook does not know, and creates no user', async () => {
    for (const token of [
      facebook.userToken({ email: 'theirs@smith.com' }, { otherApp: true }),
      'EAAunknown',
    ]) {
      const response = await signUp(token)
      assert.equal(response.statusCode, 502)
      assert.deepEqual(response.json(), REFUSED)
    }
    const users = await app.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'theirs@smith.com')
      .execute()
    assert.deepEqual(users, [])
  })

  it('answers 502 0106 when Facebook shares no email', async () => {
    const response = await signUp(facebook.userToken({ first_name: 'No', last_name: 'Email' }))
    assert.equal(response.statusCode, 502)
    assert.deepEqual(
      response.json(),
      ampnetBody('0106', 'Social exception', 'Facebook did not share an email address'),
    )
  })

  it('answers 502 0106 when Facebook fails, answers no JSON, nothing, or hangs', async () => {
    for (const failure of ['server_error', 'not_json', 'no_content', 'hang'] as const) {
      facebook.failure = failure
      const response = await signUp(facebook.userToken({ email: `${failure}@smith.com` }))
      facebook.failure = undefined
      assert.equal(response.statusCode, 502, failure)
      assert.deepEqual(response.json(), FAILED, failure)
    }
  })
})

forEachDatabase('AMPnet Facebook tokens without an app configured', (dialect) => {
  const { app, facebook } = useSocialApp(dialect)

  it('accepts any app’s token, as the original did, asking only `me`', async () => {
    const before = facebook.calls.length
    const token = facebook.userToken({ email: 'any-app@smith.com' }, { otherApp: true })
    const response = await app.inject({
      method: 'POST',
      url: '/signup',
      payload: socialSignUpBody('FACEBOOK', token),
    })
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(facebook.calls.slice(before), ['/v21.0/me?fields=id%2Cemail%2Cfirst_name%2Clast_name'])
  })
})

forEachDatabase('AMPnet social login with the providers down', (dialect) => {
  let app: TestApp
  let sink: SmtpSink
  let google: FakeGoogle
  before(async () => {
    sink = await startSmtpSink()
    // Tokens minted by a Google that is then unreachable at every configured URL.
    google = await startFakeGoogle()
    const env = ampnetEnv(sink, {
      GOOGLE_USERINFO_URL: await closedPortUrl('/oauth2/v2/userinfo'),
      GOOGLE_JWKS_URL: await closedPortUrl('/oauth2/v3/certs'),
      FACEBOOK_GRAPH_URL: await closedPortUrl(),
    })
    app = await createTestApp({ dialect, env })
  })
  after(async () => {
    await app.close()
    await sink.close()
    await google.close()
  })

  it('answers 502 0106 to sign-up and login when Google or Facebook cannot be reached', async () => {
    const cases = [
      ['GOOGLE', google.accessToken({ email: 'down@gmail.com' }), 'Cannot fetch data from Google'],
      ['GOOGLE', await google.idToken({ email: 'down@gmail.com' }), 'Cannot fetch data from Google'],
      ['FACEBOOK', 'EAAanything', 'Cannot access Facebook user class'],
    ] as const
    for (const [method, token, message] of cases) {
      const signUp = await app.inject({
        method: 'POST',
        url: '/signup',
        payload: socialSignUpBody(method, token),
      })
      assert.equal(signUp.statusCode, 502, method)
      assert.deepEqual(signUp.json(), ampnetBody('0106', 'Social exception', message))
      const logIn = await app.inject({
        method: 'POST',
        url: '/token',
        payload: { login_method: method, credentials: { token } },
      })
      assert.equal(logIn.statusCode, 502, method)
      assert.deepEqual(logIn.json(), ampnetBody('0106', 'Social exception', message))
    }
  })
})
