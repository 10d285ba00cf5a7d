import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, it } from 'node:test'
import {
  ampnetBody,
  ampnetEnv,
  bearer,
  COOP,
  logIn,
  signUp,
  WITHOUT_CONFIRMATION,
} from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { useFake, useTestApp } from '../../../../test/support/suite.ts'
import {
  decisionPayload,
  eventPayload,
  hmacHex,
  legacyHex,
  startFakeVeriff,
  VERIFF_API_KEY,
  veriffEnv,
} from '../../../../test/support/veriff-fake.ts'

// GET /veriff/session and its reuse rules, against the fake Veriff.

forEachDatabase('ampnet veriff sessions', (dialect) => {
  const veriff = useFake('the fake Veriff', startFakeVeriff)
  const { app, baseUrl } = useTestApp(dialect, {
    mail: true,
    listen: true,
    env: (sink) => ampnetEnv(sink, { ...WITHOUT_CONFIRMATION, ...veriffEnv(veriff), KYC_TIMEOUT_MS: '300' }),
  })
  let token: string
  let userId: string
  let n = 0
  // Each test starts with a user who has no session yet.
  beforeEach(async () => {
    veriff.failure = undefined
    n += 1
    userId = (await signUp(app, `session${n}@example.com`)).uuid
    token = (await logIn(app, `session${n}@example.com`)).access_token
  })

  const session = () => app.inject({ method: 'GET', url: '/veriff/session', headers: bearer(token) })
  const lastCreated = () => veriff.sessions.at(-1)?.body.verification
  const decide = async (status: string) => {
    // Sessions are ordered by creation time, which the fake clock moves only when told.
    app.clock.advance(1)
    const sessionId = (
      await app.database.db
        .selectFrom('veriff_sessions')
        .select('id')
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
    ).id
    const answer = await veriff.post(
      `${baseUrl()}/veriff/webhook/decision`,
      decisionPayload(sessionId, userId, status),
    )
    assert.equal(answer.status, 200, answer.body)
    return sessionId
  }

  it('creates a session signed for Veriff, with the user and the frontend callback', async () => {
    const response = await session()
    assert.equal(response.statusCode, 200)
    const body = response.json()
    assert.match(body.verification_url, /^https:\/\/alchemy\.veriff\.com\/v\//)
    assert.deepEqual(body, { verification_url: body.verification_url, state: 'created', decision: null })
    const sent = veriff.sessions.at(-1)
    assert.ok(sent)
    const raw = JSON.stringify(sent.body)
    assert.equal(sent.headers['x-auth-client'], VERIFF_API_KEY)
    assert.equal(sent.headers['x-hmac-signature'], hmacHex(raw))
    assert.equal(sent.headers['x-signature'], legacyHex(raw))
    assert.deepEqual(sent.body.verification, {
      callback: `https://app.example/${COOP}`,
      person: { firstName: 'first', lastName: 'last' },
      vendorData: userId,
      timestamp: app.clock.now().toISOString(),
    })
  })

  it('reuses the session, following its state through the event webhook', async () => {
    const first = (await session()).json()
    const created = veriff.sessions.length
    assert.deepEqual((await session()).json(), first)
    const sessionId = (
      await app.database.db
        .selectFrom('veriff_sessions')
        .select('id')
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).id
    for (const action of ['started', 'submitted'] as const) {
      const answer = await veriff.post(
        `${baseUrl()}/veriff/webhook/event`,
        eventPayload(sessionId, action, userId),
      )
      assert.deepEqual(answer, { status: 200, body: '' })
      assert.deepEqual((await session()).json(), { ...first, state: action })
    }
    assert.equal(veriff.sessions.length, created)
  })

  it('returns a new session with the old decision after a decline, and after expiry or abandonment', async () => {
    for (const status of ['declined', 'expired', 'abandoned']) {
      const old = (await session()).json()
      const sessionId = await decide(status)
      const response = await session()
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.notEqual(body.verification_url, old.verification_url)
      assert.equal(body.state, 'created')
      assert.deepEqual(body.decision, {
        session_id: sessionId,
        status,
        code: status === 'declined' ? 9102 : 9104,
        reason: status === 'declined' ? 'Physical document not used' : null,
        reason_code: status === 'declined' ? 101 : null,
        decision_time: '2020-12-04T10:45:37.907Z',
        acceptance_time: '2020-12-04T10:45:31.000Z',
      })
    }
  })

  it('keeps the session and shows the decision when it is approved, under review or awaiting resubmission', async () => {
    for (const status of ['resubmission_requested', 'review', 'approved']) {
      const old = (await session()).json()
      const sessionId = await decide(status)
      const body = (await session()).json()
      assert.equal(body.verification_url, old.verification_url)
      assert.equal(body.state, 'created')
      assert.equal(body.decision.session_id, sessionId)
      assert.equal(body.decision.status, status)
    }
  })

  it('keeps the decision when the user starts again (resubmission), so a replayed start erases nothing', async () => {
    const first = (await session()).json()
    const sessionId = await decide('resubmission_requested')
    const asked = (await session()).json().decision
    await veriff.post(`${baseUrl()}/veriff/webhook/event`, eventPayload(sessionId, 'started'))
    assert.deepEqual((await session()).json(), { ...first, state: 'started', decision: asked })
  })

  it('renews a session older than 7 days, and keeps the old one when Veriff cannot make a new one', async () => {
    const old = (await session()).json()
    app.clock.advance(7 * 86_400 + 60)
    token = (await logIn(app, `session${n}@example.com`)).access_token
    veriff.failure = 'server_error'
    assert.deepEqual((await session()).json(), old)
    veriff.failure = undefined
    const renewed = (await session()).json()
    assert.notEqual(renewed.verification_url, old.verification_url)
    assert.deepEqual(renewed, {
      verification_url: renewed.verification_url,
      state: 'created',
      decision: null,
    })
  })

  it('answers an empty 502 whenever a needed session cannot be created', async () => {
    for (const failure of ['server_error', 'no_content', 'not_json', 'unauthorized', 'hang'] as const) {
      veriff.failure = failure
      const response = await session()
      assert.equal(response.statusCode, 502, failure)
      assert.equal(response.body, '', failure)
    }
    veriff.failure = undefined
    await session()
    await decide('declined')
    veriff.failure = 'server_error'
    const response = await session()
    assert.equal(response.statusCode, 502)
    assert.equal(response.body, '')
    assert.ok(lastCreated())
  })

  it('answers 0301 for a token whose user is gone and 0206 without a token', async () => {
    const missing = randomUUID()
    const stranger = await app.core.sessions.tokens.issue({
      userId: missing,
      tenantId: app.core.tenants.tenants.defaultTenant().id,
      sessionId: randomUUID(),
      ttlSeconds: 60,
    })
    const response = await app.inject({ method: 'GET', url: '/veriff/session', headers: bearer(stranger) })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(
      response.json(),
      ampnetBody('0301', 'Missing user defined in JWT', `Missing user with uuid: ${missing}`),
    )
    const anonymous = await app.inject({ method: 'GET', url: '/veriff/session' })
    assert.equal(anonymous.json().err_code, '0206')
  })
})
