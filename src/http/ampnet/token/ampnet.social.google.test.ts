import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { ampnetBody, COOP } from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { RECAPTCHA_SECRET, startFakeRecaptcha } from '../../../../test/support/fake-recaptcha.ts'
import { GOOGLE_CLIENT_ID } from '../../../../test/support/google-fake.ts'
import { socialSignUpBody, useSocialApp } from '../../../../test/support/social-env.ts'
import { useFake } from '../../../../test/support/suite.ts'

const GOOGLE_FAILED = ampnetBody('0106', 'Social exception', 'Cannot fetch data from Google')
const NO_EMAIL = ampnetBody('0106', 'Social exception', 'Google did not share a verified email address')

// How Google tokens are checked: access tokens at userinfo, ID tokens
// against the JWKS with the coop's googleClientId as audience, every failure a 502 0106.
forEachDatabase('AMPnet Google tokens', (dialect) => {
  // Long enough for a busy machine, short enough for the hanging-provider test.
  const { app, google } = useSocialApp(dialect, { SOCIAL_TIMEOUT_MS: '2000' })
  before(async () => {
    await app.core.tenants.coops.create({
      identifier: 'ours',
      name: 'ours',
      config: { googleClientId: GOOGLE_CLIENT_ID },
    })
    await app.core.tenants.coops.create({
      identifier: 'theirs',
      name: 'theirs',
      config: { googleClientId: 'someone-else.apps.googleusercontent.com' },
    })
  })

  const signUp = (token: string, coop?: string) =>
    app.inject({ method: 'POST', url: '/signup', payload: socialSignUpBody('GOOGLE', token, coop) })
  const person = (email: string) => ({ email, verified_email: true })

  it('accepts an ID token for the coop’s client id', async () => {
    const response = await signUp(await google.idToken(person('aud@gmail.com')), 'ours')
    assert.equal(response.statusCode, 200, response.body)
    assert.equal(response.json().coop, 'ours')
  })

  it('accepts an ID token under either issuer spelling', async () => {
    const bare = await google.idToken(person('bare-iss@gmail.com'), { iss: 'accounts.google.com' })
    assert.equal((await signUp(bare, 'ours')).statusCode, 200)
  })

  it('refuses ID tokens when the coop names no client id: any site the person used could replay one', async () => {
    const token = await google.idToken(person('any-aud@gmail.com'), { aud: 'x.apps.googleusercontent.com' })
    const response = await signUp(token, COOP)
    assert.equal(response.statusCode, 502)
    assert.deepEqual(response.json(), ampnetBody('0106', 'Social exception', 'Cannot fetch data from Google'))
  })

  it('checks an access token’s client with tokeninfo when the coop names one', async () => {
    const ours = await signUp(google.accessToken(person('ours-access@gmail.com')), 'ours')
    assert.equal(ours.statusCode, 200, ours.body)
    const foreign = await signUp(
      google.accessToken(person('foreign-access@gmail.com'), 'other.apps.googleusercontent.com'),
      'ours',
    )
    assert.equal(foreign.statusCode, 502)
    assert.deepEqual(foreign.json(), ampnetBody('0106', 'Social exception', 'Cannot fetch data from Google'))
  })

  it('refuses an email Google does not mark verified, the flag missing included', async () => {
    const response = await signUp(
      google.accessToken({ email: 'no-flag@gmail.com', verified_email: null }),
      COOP,
    )
    assert.equal(response.statusCode, 502)
    assert.equal(response.json().err_code, '0106')
  })

  it('answers 502 0106 to an ID token for another client, issuer or key, or expired', async () => {
    const cases = [
      ['wrong audience', await google.idToken(person('a@gmail.com')), 'theirs'],
      ['wrong issuer', await google.idToken(person('b@gmail.com'), { iss: 'https://evil.example' }), 'ours'],
      ['expired', await google.idToken(person('c@gmail.com'), {}, { expiresIn: -600 }), 'ours'],
      ['foreign key', await google.idToken(person('d@gmail.com'), {}, { foreignKey: true }), 'ours'],
      ['tampered', `${await google.idToken(person('e@gmail.com'))}x`, 'ours'],
    ] as const
    for (const [name, token, coop] of cases) {
      const response = await signUp(token, coop)
      assert.equal(response.statusCode, 502, name)
      assert.deepEqual(response.json(), GOOGLE_FAILED, name)
    }
    const users = await app.database.db
      .selectFrom('users')
      .select('email')
      .where('email', 'like', '_@gmail.com')
      .execute()
    assert.deepEqual(users, [])
  })

  it('answers 502 0106 when Google shares no email or an unverified one', async () => {
    // ID tokens go to the coop that names its Google client: elsewhere they are refused earlier.
    const cases = [
      [google.accessToken({ given_name: 'No', family_name: 'Email' }), COOP],
      [google.accessToken({ email: 'unverified@gmail.com', verified_email: false }), COOP],
      [await google.idToken({ given_name: 'No' }), 'ours'],
      [await google.idToken({ email: 'unverified-id@gmail.com', verified_email: false }), 'ours'],
    ] as const
    for (const [token, coop] of cases) {
      const response = await signUp(token, coop)
      assert.equal(response.statusCode, 502)
      assert.deepEqual(response.json(), NO_EMAIL)
    }
  })

  it('answers 502 0106 when userinfo refuses the token, fails, answers no JSON or hangs', async () => {
    const refused = await signUp('ya29.unknown', COOP)
    assert.equal(refused.statusCode, 502)
    assert.deepEqual(refused.json(), GOOGLE_FAILED)
    for (const failure of ['server_error', 'no_content', 'not_json', 'hang'] as const) {
      google.failure = failure
      const response = await signUp(google.accessToken(person(`${failure}@gmail.com`)), COOP)
      google.failure = undefined
      assert.equal(response.statusCode, 502, failure)
      assert.deepEqual(response.json(), GOOGLE_FAILED, failure)
    }
  })
})

forEachDatabase('AMPnet social sign-up behind reCAPTCHA', (dialect) => {
  const recaptcha = useFake('the fake reCAPTCHA', startFakeRecaptcha)
  const { app, google } = useSocialApp(dialect, () => ({
    RECAPTCHA_ENABLED: 'true',
    RECAPTCHA_SECRET,
    RECAPTCHA_VERIFY_URL: recaptcha.url,
  }))

  it('checks reCAPTCHA before asking Google', async () => {
    const token = google.accessToken({ email: 'robot@gmail.com' })
    const asked = google.authorizations.length
    const bot = { ...socialSignUpBody('GOOGLE', token, COOP), re_captcha_token: 'bot' }
    const refused = await app.inject({ method: 'POST', url: '/signup', payload: bot })
    assert.equal(refused.statusCode, 400)
    assert.deepEqual(
      refused.json(),
      ampnetBody('0110', 'reCAPTCHA verification failed', 'ReCAPTCHA score(0.1) is too low'),
    )
    assert.equal(google.authorizations.length, asked)
    const human = { ...socialSignUpBody('GOOGLE', token, COOP), re_captcha_token: 'human' }
    const response = await app.inject({ method: 'POST', url: '/signup', payload: human })
    assert.equal(response.statusCode, 200, response.body)
    assert.equal(google.authorizations.length, asked + 1)
  })
})
