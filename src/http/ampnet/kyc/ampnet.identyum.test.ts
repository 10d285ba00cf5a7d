import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { beforeEach, it } from 'node:test'
import {
  ampnetBody,
  ampnetEnv,
  bearer,
  logIn,
  signUp,
  WITHOUT_CONFIRMATION,
} from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { identyumReport, startFakeIdentyum } from '../../../../test/support/identyum-fake.ts'
import { useFake, useTestApp } from '../../../../test/support/suite.ts'

// Identyum: the token for its web component, and its encrypted report.

const INSTANCE = 'latchkey-test'
const failed = ampnetBody('0108', 'Identyum exception: failed to get token', 'Could not get Identyum token')

forEachDatabase('ampnet identyum', (dialect) => {
  const identyum = useFake('the fake Identyum', startFakeIdentyum)
  const { app } = useTestApp(dialect, {
    mail: true,
    env: (sink) => ampnetEnv(sink, { ...WITHOUT_CONFIRMATION, KYC_TIMEOUT_MS: '300', ...identyum.env() }),
  })
  let userId: string
  let email: string
  let n = 0
  beforeEach(async () => {
    identyum.authFailure = undefined
    identyum.initFailure = undefined
    n += 1
    email = `identyum${n}@example.com`
    userId = (await signUp(app, email)).uuid
  })

  const getToken = async () =>
    app.inject({
      method: 'GET',
      url: '/identyum/token',
      headers: bearer((await logIn(app, email)).access_token),
    })
  const push = (sealed: { body: string; headers: Record<string, string> }) =>
    app.inject({ method: 'POST', url: '/identyum', headers: sealed.headers, payload: sealed.body })
  const me = async () =>
    (
      await app.inject({ method: 'GET', url: '/me', headers: bearer((await logIn(app, email)).access_token) })
    ).json()
  const records = () => app.database.db.selectFrom('kyc_records').selectAll().execute()

  it('gets a token by password grant, then tags the session with the user and instance', async () => {
    const response = await getToken()
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), {
      web_component_url: 'https://web-components.stage.identyum.com/flow-manager/component',
      credentials: {
        access_token: response.json().credentials.access_token,
        expires_in: 1800,
        refresh_expires_in: 1800,
        refresh_token: 'eyJ.refresh',
        session_state: 'b4bd6467-cb6e-4b3c-90c7-c031d2729a54',
      },
    })
    assert.deepEqual(identyum.inits.at(-1), { customParameters: { user: userId, instance: INSTANCE } })
  })

  it('answers 502 0108 to any failure of /auth/password or /init', async () => {
    for (const failure of ['server_error', 'no_content', 'not_json', 'unauthorized', 'hang'] as const) {
      identyum.authFailure = failure
      const auth = await getToken()
      assert.equal(auth.statusCode, 502, failure)
      assert.deepEqual(auth.json(), failed, failure)
      identyum.authFailure = undefined
      identyum.initFailure = failure
      const init = await getToken()
      assert.equal(init.statusCode, 502, `init ${failure}`)
      assert.deepEqual(init.json(), failed, `init ${failure}`)
      identyum.initFailure = undefined
    }
  })

  it('records a finished report for the user: KYC names and verified', async () => {
    const report = identyumReport(userId, INSTANCE)
    const response = await push(identyum.seal(report))
    assert.equal(response.statusCode, 200)
    assert.equal(response.body, '')
    const profile = await me()
    assert.deepEqual([profile.first_name, profile.last_name, profile.verified], ['IVANA', 'HORVAT', true])
    const record = (await records()).find((each) => each.session_id === report.clientSessionUuid)
    assert.deepEqual(
      record && [
        record.provider,
        record.user_id,
        record.connected,
        record.document_type,
        record.document_country,
      ],
      ['IDENTYUM', userId, 1, 'ID_CARD', 'HRV'],
    )
    // No personal number, document number or address is kept.
    for (const secret of ['12345678901', '112233445', 'Ilica'])
      assert.equal(JSON.stringify(record).includes(secret), false)
    // A replay adds nothing.
    assert.equal((await push(identyum.seal(report))).statusCode, 200)
    assert.equal((await records()).filter((each) => each.session_id === report.clientSessionUuid).length, 1)
  })

  it("ignores another instance's report", async () => {
    const before = await records()
    const response = await push(identyum.seal(identyumReport(userId, 'other-instance')))
    assert.equal(response.statusCode, 200)
    assert.deepEqual(await records(), before)
    assert.equal((await me()).verified, false)
  })

  it('answers 422 text/plain to garbage, forged or unfinished reports, changing nothing', async () => {
    const before = await records()
    const good = identyum.seal(identyumReport(userId, INSTANCE))
    const cases: [{ body: string; headers: Record<string, string> }, string][] = [
      [
        {
          body: JSON.stringify(identyumReport(userId, INSTANCE)),
          headers: { 'secret-key': 'c2VjcmV0', signature: 'c2lnbmF0dXJl' },
        },
        'the signature does not match the body',
      ],
      [{ body: `${good.body}AA`, headers: good.headers }, 'the signature does not match the body'],
      [{ body: good.body, headers: { ...good.headers, 'secret-key': 'AAAA' } }, ''],
      [identyum.seal(identyumReport(userId, INSTANCE, 'FAILED')), 'the report status is not FINISHED'],
      [identyum.seal({ nonsense: true }), 'the report has no clientSessionUuid'],
      [identyum.seal(identyumReport(randomUUID(), INSTANCE)), 'missing user'],
    ]
    // A wrong key wrapping gives no exact cause: RSA decryption with implicit rejection (against
    // padding oracles) yields a random key instead of an error, and it fails later.
    for (const [sealed, cause] of cases) {
      const response = await push(sealed)
      assert.equal(response.statusCode, 422, cause)
      assert.match(response.headers['content-type'] ?? '', /^text\/plain/)
      assert.ok(response.body.startsWith('Error: Could not process Identyum report\n Cause: '), response.body)
      assert.ok(response.body.includes(cause), response.body)
    }
    assert.deepEqual(await records(), before)
    const noHeaders = await app.inject({
      method: 'POST',
      url: '/identyum',
      payload: good.body,
      headers: { 'content-type': 'text/plain' },
    })
    assert.equal(noHeaders.statusCode, 400)
  })
})
