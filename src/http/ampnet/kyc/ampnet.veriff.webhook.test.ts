import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { it } from 'node:test'
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
  startFakeVeriff,
  VERIFF_API_KEY,
  veriffEnv,
} from '../../../../test/support/veriff-fake.ts'

// Veriff's decision and event webhooks, posted by the fake over a socket.

forEachDatabase('ampnet veriff webhooks', (dialect) => {
  const veriff = useFake('the fake Veriff', startFakeVeriff)
  const { app, baseUrl } = useTestApp(dialect, {
    mail: true,
    listen: true,
    env: (sink) => ampnetEnv(sink, { ...WITHOUT_CONFIRMATION, ...veriffEnv(veriff) }),
  })
  let n = 0

  const newUser = async () => {
    n += 1
    const email = `hook${n}@example.com`
    const { uuid } = await signUp(app, email)
    return { uuid, email }
  }
  const decision = (payload: unknown, options = {}) =>
    veriff.post(`${baseUrl()}/veriff/webhook/decision`, payload, options)
  const me = async (email: string) =>
    (
      await app.inject({ method: 'GET', url: '/me', headers: bearer((await logIn(app, email)).access_token) })
    ).json()
  const records = () => app.database.db.selectFrom('kyc_records').selectAll().orderBy('created_at').execute()
  const decisions = () => app.database.db.selectFrom('veriff_decisions').selectAll().execute()
  const snapshot = async () => ({
    records: await records(),
    decisions: await decisions(),
    users: await app.database.db.selectFrom('users').selectAll().orderBy('id').execute(),
  })

  it('stores an approved decision: KYC names, a connected record, verified', async () => {
    const { uuid, email } = await newUser()
    const answer = await decision(decisionPayload(randomUUID(), uuid))
    assert.deepEqual(answer, { status: 200, body: '' })
    const profile = await me(email)
    assert.deepEqual(
      { first_name: profile.first_name, last_name: profile.last_name, verified: profile.verified },
      { first_name: 'SARAH', last_name: 'MORGAN', verified: true },
    )
    // An admin sees the same.
    const admin = await newUser()
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await app.core.identity.roles.changeRole({ tenantId, userId: admin.uuid, role: 'ADMIN' })
    const adminToken = (await logIn(app, admin.email)).access_token
    const seen = await app.inject({ method: 'GET', url: `/admin/user/${uuid}`, headers: bearer(adminToken) })
    assert.deepEqual(seen.json(), profile)
    const [record] = (await records()).filter((each) => each.user_id === uuid)
    assert.ok(record)
    assert.equal(record.connected, 1)
    assert.equal(record.deactivated, 0)
    // Only the minimum is kept: no document number, ID number or place of birth.
    assert.equal(JSON.stringify(record).includes('MORGA753116SM9IJ'), false)
    assert.equal(JSON.stringify(record).includes('MADRID'), false)
    // The decision is audited as the user's, with no actor: Veriff is not a user.
    const { events } = await app.core.ops.audit.page(tenantId, { page: 0, size: 100 })
    const decided = events.filter((event) => event.type === 'kyc.decided' && event.subjectUserId === uuid)
    assert.deepEqual(
      decided.map((event) => [event.actorUserId, event.details.provider, event.details.outcome]),
      [[undefined, 'VERIFF', 'approved']],
    )
  })

  it('accepts the original X-SIGNATURE, the current X-HMAC-SIGNATURE and both together', async () => {
    for (const signedAs of ['legacy', 'hmac', 'both'] as const) {
      const { uuid, email } = await newUser()
      const answer = await decision(decisionPayload(randomUUID(), uuid), { signedAs })
      assert.deepEqual(answer, { status: 200, body: '' }, signedAs)
      assert.equal((await me(email)).verified, true, signedAs)
    }
  })

  it('refuses a wrong client, a wrong signature or a missing header, changing nothing', async () => {
    const { uuid } = await newUser()
    const before = await snapshot()
    const payload = decisionPayload(randomUUID(), uuid)
    for (const path of ['decision', 'event']) {
      const url = `${baseUrl()}/veriff/webhook/${path}`
      const body = path === 'decision' ? payload : eventPayload(randomUUID(), 'started')
      assert.deepEqual(await veriff.post(url, body, { client: 'invalid-api-key' }), { status: 400, body: '' })
      assert.deepEqual(await veriff.post(url, body, { signedAs: 'wrong' }), { status: 400, body: '' })
      const noClient = await veriff.post(url, body, { client: '' })
      assert.equal(noClient.status, 400)
      assert.equal(JSON.parse(noClient.body).status, 400)
      const unsigned = await veriff.post(url, body, { signedAs: 'none' })
      assert.equal(unsigned.status, 400)
      assert.equal(JSON.parse(unsigned.body).status, 400)
    }
    // A legacy signature made with a wrong secret.
    const raw = JSON.stringify(payload)
    const forged = await fetch(`${baseUrl()}/veriff/webhook/decision`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-auth-client': VERIFF_API_KEY,
        'x-signature': 'invalid-signature',
      },
      body: raw,
    })
    assert.equal(forged.status, 400)
    assert.deepEqual(await snapshot(), before)
  })

  it('refuses unreadable payloads with an empty 400, and missing names with 500 0111, changing nothing', async () => {
    const { uuid } = await newUser()
    const before = await snapshot()
    const { verification } = decisionPayload(randomUUID(), uuid)
    const bad = [
      'not json at all',
      '[]',
      { status: 'success' },
      { verification: { ...verification, status: 'unknown_status' } },
      { verification: { ...verification, id: 42 } },
      { verification: { ...verification, person: null } },
      { verification: { ...verification, document: undefined } },
      { verification: { ...verification, reasonCode: 'one' } },
    ]
    for (const payload of bad) {
      assert.deepEqual(await decision(payload), { status: 400, body: '' }, JSON.stringify(payload))
    }
    for (const eventBody of ['{', { id: randomUUID(), action: 'finished' }, { action: 'started' }]) {
      const answer = await veriff.post(`${baseUrl()}/veriff/webhook/event`, eventBody)
      assert.deepEqual(answer, { status: 400, body: '' }, JSON.stringify(eventBody))
    }
    for (const person of [
      { firstName: 'SARAH' },
      { lastName: 'MORGAN' },
      { firstName: '', lastName: 'MORGAN' },
    ]) {
      const answer = await decision({ verification: { ...verification, person } })
      assert.equal(answer.status, 500)
      assert.deepEqual(
        JSON.parse(answer.body),
        ampnetBody('0111', 'Missing Veriff session', 'Missing first or last name from veriff', {}),
      )
    }
    assert.deepEqual(await snapshot(), before)
  })

  it('answers 0301 for an unknown user and rolls everything back; ignores a vendorData that is no user id', async () => {
    const before = await snapshot()
    const missing = randomUUID()
    const answer = await decision(decisionPayload(randomUUID(), missing))
    assert.equal(answer.status, 400)
    assert.equal(JSON.parse(answer.body).err_code, '0301')
    assert.deepEqual(await snapshot(), before)

    const sessionId = randomUUID()
    assert.deepEqual(await decision(decisionPayload(sessionId, 'not-a-uuid')), { status: 200, body: '' })
    const unlinked = (await records()).find((each) => each.session_id === sessionId)
    assert.equal(unlinked?.user_id, null)
  })

  it('adds nothing for a replayed decision, and no record for a declined one', async () => {
    const { uuid } = await newUser()
    const payload = decisionPayload(randomUUID(), uuid)
    assert.equal((await decision(payload)).status, 200)
    const once = await snapshot()
    assert.deepEqual(await decision(payload, { signedAs: 'legacy' }), { status: 200, body: '' })
    assert.deepEqual((await snapshot()).records, once.records)
    assert.deepEqual((await snapshot()).users, once.users)

    const declined = await newUser()
    assert.equal((await decision(decisionPayload(randomUUID(), declined.uuid, 'declined'))).status, 200)
    assert.equal((await records()).filter((each) => each.user_id === declined.uuid).length, 0)
    assert.equal((await me(declined.email)).verified, false)
  })

  it('keeps an approval when an older, undated or declined decision for its session is replayed', async () => {
    const { uuid, email } = await newUser()
    const sessionId = randomUUID()
    const at = (decisionTime: string | null) => ({ decisionTime })
    // Genuine progress still moves the decision on: asked to resubmit, then approved later.
    const asked = decisionPayload(sessionId, uuid, 'resubmission_requested', at('2020-12-04T10:40:00.000Z'))
    assert.equal((await decision(asked)).status, 200)
    assert.equal((await decision(decisionPayload(sessionId, uuid))).status, 200)
    assert.equal((await me(email)).verified, true)
    const approved = await snapshot()
    for (const replay of [
      decisionPayload(sessionId, uuid, 'declined', at('2020-12-04T10:40:00.000Z')),
      decisionPayload(sessionId, uuid, 'declined', at(null)),
      decisionPayload(sessionId, uuid, 'declined', at('2020-12-05T10:00:00.000Z')),
      asked,
    ]) {
      assert.deepEqual(await decision(replay), { status: 200, body: '' }, JSON.stringify(replay.verification))
      assert.deepEqual(await snapshot(), approved)
    }
    const [stored] = (await decisions()).filter((each) => each.session_id === sessionId)
    assert.equal(stored?.status, 'approved')
    assert.equal((await me(email)).verified, true)
  })

  it('ignores an older or undated decision before any approval, and takes a newer one', async () => {
    const { uuid } = await newUser()
    const sessionId = randomUUID()
    const declinedAt = (decisionTime: string | null) =>
      decisionPayload(sessionId, uuid, 'declined', { decisionTime })
    assert.equal((await decision(declinedAt('2020-12-04T10:00:00.000Z'))).status, 200)
    const once = await snapshot()
    for (const replay of [declinedAt('2020-12-04T09:00:00.000Z'), declinedAt(null)]) {
      assert.deepEqual(await decision(replay), { status: 200, body: '' })
      assert.deepEqual(await snapshot(), once)
    }
    assert.equal((await decision(declinedAt('2020-12-04T11:00:00.000Z'))).status, 200)
    const [stored] = (await decisions()).filter((each) => each.session_id === sessionId)
    assert.equal(stored?.decision_time, '2020-12-04T11:00:00.000Z')
  })

  it('keeps an approved decision through a replayed started event: no new session is issued', async () => {
    const { uuid, email } = await newUser()
    const token = (await logIn(app, email)).access_token
    const session = () => app.inject({ method: 'GET', url: '/veriff/session', headers: bearer(token) })
    assert.equal((await session()).statusCode, 200)
    const sessionId = veriff.sessions.at(-1)?.id ?? ''
    assert.equal((await decision(decisionPayload(sessionId, uuid))).status, 200)
    const approved = (await session()).json()
    assert.equal(approved.decision.status, 'approved')
    const created = veriff.sessions.length
    const stored = await snapshot()
    for (const action of ['started', 'submitted'] as const) {
      const answer = await veriff.post(
        `${baseUrl()}/veriff/webhook/event`,
        eventPayload(sessionId, action, uuid),
      )
      assert.deepEqual(answer, { status: 200, body: '' }, action)
      assert.deepEqual(await snapshot(), stored, action)
      assert.deepEqual((await session()).json(), approved, action)
    }
    assert.equal(veriff.sessions.length, created)
    assert.equal((await me(email)).verified, true)
  })

  it('deactivates the previous record when a new one arrives, and the admin count follows', async () => {
    const { uuid } = await newUser()
    assert.equal((await decision(decisionPayload(randomUUID(), uuid))).status, 200)
    const second = decisionPayload(randomUUID(), uuid)
    second.verification.person.firstName = 'SARA'
    assert.equal((await decision(second)).status, 200)
    const mine = (await records()).filter((each) => each.user_id === uuid)
    assert.deepEqual(
      mine.map((each) => [each.given_name, each.connected, each.deactivated]),
      [
        ['SARAH', 0, 1],
        ['SARA', 1, 0],
      ],
    )
    const user = await app.database.db
      .selectFrom('users')
      .select(['given_name', 'kyc_record_id', 'tenant_id'])
      .where('id', '=', uuid)
      .executeTakeFirstOrThrow()
    assert.equal(user.given_name, 'SARA')
    assert.equal(user.kyc_record_id, mine[1]?.id)
    const counts = await app.core.identity.userAdmin.counts(user.tenant_id)
    const all = await records()
    const linked = all.filter((each) => each.user_id !== null)
    assert.deepEqual(counts, {
      registered: n,
      activated: linked.filter((each) => each.connected === 1).length,
      deleted: linked.filter((each) => each.deactivated === 1).length,
      verified: new Set(linked.filter((each) => each.connected === 1).map((each) => each.user_id)).size,
    })
    assert.equal(counts.deleted, 1)
    assert.ok(COOP)
  })

  it('answers an empty 404 to an event for an unknown session', async () => {
    const answer = await veriff.post(
      `${baseUrl()}/veriff/webhook/event`,
      eventPayload(randomUUID(), 'submitted'),
    )
    assert.deepEqual(answer, { status: 404, body: '' })
  })
})
