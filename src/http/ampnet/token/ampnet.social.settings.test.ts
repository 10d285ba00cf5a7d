import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { ampnetBody, ampnetEnv, COOP } from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { startFakeFacebook } from '../../../../test/support/facebook-fake.ts'
import { GOOGLE_CLIENT_ID, startFakeGoogle } from '../../../../test/support/google-fake.ts'
import { startSmtpSink } from '../../../../test/support/smtp-sink.ts'
import { socialEnv, socialLoginBody, socialSignUpBody } from '../../../../test/support/social-env.ts'
import { useFake, useTestApp } from '../../../../test/support/suite.ts'
import type { TestApp } from '../../../../test/support/test-app.ts'

const GOOGLE_FAILED = ampnetBody('0106', 'Social exception', 'Cannot fetch data from Google')
const switchedOff = (name: string) =>
  ampnetBody('0201', 'Invalid login method', `${name} login is switched off`)

// The installation's Google client id (GOOGLE_CLIENT_ID) for coops that name none, and
// the switches that turn a provider off (what production asks for when the app check is not set).
forEachDatabase('AMPnet social login settings', (dialect) => {
  const sink = useFake('the SMTP sink', startSmtpSink)
  const google = useFake('the fake Google', startFakeGoogle)
  const facebook = useFake('the fake Facebook', startFakeFacebook)
  const env = () => ampnetEnv(sink, socialEnv(google, facebook))
  const { app: withClient } = useTestApp(dialect, { env: () => ({ ...env(), GOOGLE_CLIENT_ID }) })
  const { app: switchedOffApp } = useTestApp(dialect, {
    env: () => ({ ...env(), GOOGLE_LOGIN_ENABLED: 'false', FACEBOOK_LOGIN_ENABLED: 'false' }),
  })
  before(async () => {
    await withClient.core.tenants.coops.create({
      identifier: 'own-client',
      name: 'own client',
      config: { googleClientId: 'own.apps.googleusercontent.com' },
    })
  })

  const signUp = (app: TestApp, method: 'GOOGLE' | 'FACEBOOK', token: string, coop?: string) =>
    app.inject({ method: 'POST', url: '/signup', payload: socialSignUpBody(method, token, coop) })
  const person = (email: string) => ({ email, verified_email: true })

  it('takes only Google tokens issued to GOOGLE_CLIENT_ID in a coop whose config names no client', async () => {
    const ours = await signUp(withClient, 'GOOGLE', google.accessToken(person('ours@gmail.com')), COOP)
    assert.equal(ours.statusCode, 200, ours.body)
    const foreignToken = google.accessToken(person('foreign@gmail.com'), 'other.apps.googleusercontent.com')
    const foreign = await signUp(withClient, 'GOOGLE', foreignToken, COOP)
    assert.deepEqual([foreign.statusCode, foreign.json()], [502, GOOGLE_FAILED])
    const idToken = await google.idToken(person('id-token@gmail.com'))
    assert.equal(
      (await signUp(withClient, 'GOOGLE', idToken, COOP)).statusCode,
      200,
      'an ID token for it too',
    )
  })

  it('lets a coop’s own googleClientId override GOOGLE_CLIENT_ID', async () => {
    const own = google.accessToken(person('own@gmail.com'), 'own.apps.googleusercontent.com')
    assert.equal((await signUp(withClient, 'GOOGLE', own, 'own-client')).statusCode, 200)
    const installation = google.accessToken(person('installation@gmail.com'))
    const refused = await signUp(withClient, 'GOOGLE', installation, 'own-client')
    assert.deepEqual([refused.statusCode, refused.json()], [502, GOOGLE_FAILED])
  })

  it('refuses sign-up and login with a switched-off provider without asking it', async () => {
    const callsBefore = facebook.calls.length
    const cases = [
      ['Google', 'GOOGLE', google.accessToken(person('off@gmail.com'))],
      ['Facebook', 'FACEBOOK', facebook.userToken({ email: 'off@facebook.example' })],
    ] as const
    for (const [name, method, token] of cases) {
      const up = await signUp(switchedOffApp, method, token)
      assert.deepEqual([up.statusCode, up.json()], [400, switchedOff(name)], `${name} sign-up`)
      const login = await switchedOffApp.inject({
        method: 'POST',
        url: '/token',
        payload: socialLoginBody(method, token),
      })
      assert.deepEqual([login.statusCode, login.json()], [400, switchedOff(name)], `${name} login`)
    }
    assert.equal(facebook.calls.length, callsBefore)
  })
})
