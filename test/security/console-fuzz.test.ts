import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import fc from 'fast-check'
import { addUser } from '../support/ampnet-coops.ts'
import { consoleSignIn } from '../support/console-client.ts'
import { installWriteCounter, type WriteCounter } from '../support/db-writes.ts'
import {
  createStatusTally,
  FORM_FUZZ_SEED,
  formBody,
  formFields,
  formValue,
  withCsrfToken,
} from '../support/form-fuzz.ts'
import { csrfOf, getPage, PAGES_CSP, type PageSession } from '../support/pages-client.ts'
import { withRequestsOfJunk } from '../support/secret-log-check.ts'
import { surfaceSuite } from '../support/suite.ts'

// Generated requests to the admin console, signed in as the coop's ADMIN: never a 5xx, every page
// HTML under the strict CSP, and a refusal writes nothing (but a refused sign-in, which is audited).
// FUZZ_SEED replays a failure.

const RUNS = { sqlite: 600, postgres: 300 }
const USER_ID = '0f8fad5b-d9cb-469f-a165-70867728950e'
const FIELDS = [
  '_csrf',
  'q',
  'page',
  'type',
  'user',
  'from',
  'to',
  'open',
  'done',
  'role',
  'email',
  'password',
  'coop',
  'lang',
  'name',
  'hostname',
  'config',
  'kycProvider',
  'needUserVerification',
  'threshold',
  'baseSeconds',
  'maxSeconds',
  'url',
  'event.role.changed',
  'token',
]

const text = formValue(
  'hr',
  '2',
  '0',
  '-1',
  '99999999',
  'true',
  'false',
  'TOKEN_ISSUER',
  'USER',
  '2026-12-05',
  '2026-02-30',
  'user.disabled',
  USER_ID,
  'a@example.com',
  '{"a":1}',
  'IDENTYUM',
  'on',
  'http://127.0.0.1:9/hook',
  '0'.repeat(64),
)
const fields = formFields(FIELDS, text, 6)

surfaceSuite('fuzz of the admin console', { env: { WEBHOOK_POLL_SECONDS: '3600' } }, ({ app, dialect }) => {
  let writes: WriteCounter
  let session: PageSession
  let token: string
  let paths: string[]
  before(async () => {
    // The dispatcher stays idle: its attempts on the endpoint below are writes no request made.
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await addUser(app, tenantId, 'admin@example.com', 'ADMIN')
    const member = await addUser(app, tenantId, 'member@example.com')
    const { endpoint } = await app.core.ops.webhooks.add({ tenantId, url: 'http://127.0.0.1:9/fuzzed' })
    writes = await installWriteCounter(app.database.db, dialect)
    session = (await consoleSignIn(app, 'admin@example.com')).session
    token = csrfOf((await getPage(app, session, '/console/users')).body)
    const user = `users/${member.id}`
    paths = [
      '',
      'users',
      user,
      `${user}/disable`,
      `${user}/enable`,
      `${user}/role`,
      `${user}/delete`,
      `${user}/sessions/${USER_ID}/revoke`,
      `${user}/api-keys/${USER_ID}/revoke`,
      `users/${USER_ID}`,
      'users/x',
      'audit',
      'coop',
      'coop/sign-up',
      'coop/settings',
      'coop/lockout',
      'coop/logo',
      'api-keys',
      `api-keys/${member.id}/${USER_ID}/revoke`,
      'api-keys/x/y/revoke',
      'webhooks',
      `webhooks/${endpoint.id}`,
      `webhooks/${endpoint.id}/disable`,
      `webhooks/${endpoint.id}/enable`,
      `webhooks/${endpoint.id}/deliveries/${USER_ID}/retry`,
      `webhooks/${USER_ID}/remove`,
      'webhooks/x',
      'operator/coops',
      'operator/sign-in',
      'operator/sign-out',
      'keys',
      'keys/rotate',
      'sign-in',
      'x/../users',
    ]
  })

  it('answers every generated request below 500, pages as HTML under the CSP, writing nothing when refusing', async (t) => {
    const statuses = createStatusTally()
    const request = fc.record({
      method: fc.constantFrom('GET', 'GET', 'POST', 'HEAD'),
      path: fc.oneof(
        { arbitrary: fc.constantFrom(...paths), weight: 6 },
        { arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent), weight: 1 },
      ),
      query: fields,
      body: formBody(fields),
      withCsrf: fc.boolean(),
      contentType: fc.constantFrom(
        'application/x-www-form-urlencoded',
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
        undefined,
      ),
      signedIn: fc.boolean(),
    })
    await withRequestsOfJunk(() =>
      fc.assert(
        fc.asyncProperty(request, async (generated) => {
          const body = withCsrfToken(generated.body, token, generated.withCsrf)
          const before = await writes.count()
          const response = await app.inject({
            method: generated.method as 'GET',
            url: `/console/${generated.path}?${new URLSearchParams(generated.query)}`,
            headers: {
              cookie: generated.signedIn
                ? session.cookieHeader()
                : session.cookieHeader().replace(/lk_console=[^;]*;?\s*/, ''),
              ...(generated.contentType !== undefined && { 'content-type': generated.contentType }),
            },
            ...(generated.method === 'POST' && { payload: body }),
          })
          statuses.count(response.statusCode)
          const where = `${generated.method} /console/${generated.path} → ${response.statusCode}`
          assert.ok(response.statusCode < 500, `${where}: ${response.body.slice(0, 300)}`)
          assert.equal(response.headers['content-security-policy'], PAGES_CSP, where)
          if (response.statusCode !== 303)
            assert.equal(response.headers['content-type'], 'text/html; charset=utf-8', where)
          if (response.statusCode >= 400 && !generated.path.startsWith('sign-in')) {
            assert.deepEqual(await writes.describeSince(before), [], `${where} wrote`)
          }
        }),
        { seed: FORM_FUZZ_SEED, numRuns: RUNS[dialect] },
      ),
    )
    t.diagnostic(statuses.toString())
    for (const status of [200, 303, 400, 401, 403, 404]) assert.ok(statuses.has(status), `no ${status}`)
  })
})
