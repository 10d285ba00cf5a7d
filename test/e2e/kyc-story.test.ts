import assert from 'node:assert/strict'
import { it } from 'node:test'
import { jwtPayload } from '../support/accounts.ts'
import { AMPNET_PASSWORD, ampnetEnv, COOP, signUpBody, tokenFromMail } from '../support/ampnet-client.ts'
import { forEachDatabase } from '../support/databases.ts'
import { useFake, useTestApp } from '../support/suite.ts'
import { decisionPayload, startFakeVeriff, veriffEnv } from '../support/veriff-fake.ts'

// The whole KYC story over real sockets: a user signs up and confirms the mail (SMTP), logs in,
// opens a Veriff session (HTTP to the fake), and Veriff posts its approval back (HTTP to Latchkey).
forEachDatabase('KYC story: sign-up to verified through Veriff', (dialect) => {
  const veriff = useFake('the fake Veriff', startFakeVeriff)
  const { sink, baseUrl } = useTestApp(dialect, {
    mail: true,
    listen: true,
    env: (sink) => ampnetEnv(sink, veriffEnv(veriff)),
  })

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, json: text === '' ? undefined : JSON.parse(text) }
  }
  const userClaim = (token: string) => JSON.parse(jwtPayload(token).user as string)

  it('ends with verified: true and the KYC names in the next token and on GET /me', async () => {
    const email = 'story@example.com'
    const signUp = await call('POST', '/signup', undefined, signUpBody(email))
    assert.equal(signUp.status, 200)
    assert.equal(signUp.json.enabled, false)
    const mailToken = await tokenFromMail(sink, email, 'mail_confirmation', 1)
    assert.equal((await call('GET', `/mail-confirmation?token=${mailToken}`)).status, 200)

    const login = await call('POST', '/token', undefined, {
      coop: COOP,
      login_method: 'EMAIL',
      credentials: { email, password: AMPNET_PASSWORD },
    })
    assert.equal(login.status, 200)
    assert.equal(userClaim(login.json.access_token).verified, false)

    const session = await call('GET', '/veriff/session', login.json.access_token)
    assert.equal(session.status, 200)
    assert.equal(session.json.state, 'created')
    const created = veriff.sessions.at(-1)
    assert.ok(created)
    assert.equal(created?.body.verification.vendorData, signUp.json.uuid)

    // Veriff decides on the session it created, naming our user, and signs the old and new way.
    const payload = decisionPayload(created.id, signUp.json.uuid)
    const approval = await veriff.post(`${baseUrl()}/veriff/webhook/decision`, payload, { signedAs: 'both' })
    assert.deepEqual(approval, { status: 200, body: '' })

    const refreshed = await call('POST', '/token/refresh', undefined, {
      refresh_token: login.json.refresh_token,
    })
    assert.equal(refreshed.status, 200)
    const claim = userClaim(refreshed.json.access_token)
    assert.deepEqual([claim.verified, claim.name], [true, 'SARAH MORGAN'])
    const me = await call('GET', '/me', refreshed.json.access_token)
    assert.deepEqual(me, {
      status: 200,
      json: {
        uuid: signUp.json.uuid,
        email,
        first_name: 'SARAH',
        last_name: 'MORGAN',
        role: 'USER',
        enabled: true,
        verified: true,
        coop: COOP,
        language: null,
      },
    })
    const again = await call('GET', '/veriff/session', refreshed.json.access_token)
    assert.equal(again.json.decision.status, 'approved')
  })
})
