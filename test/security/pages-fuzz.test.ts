import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import fc from 'fast-check'
import { installWriteCounter, type WriteCounter } from '../support/db-writes.ts'
import {
  createStatusTally,
  FORM_FUZZ_SEED,
  formBody,
  formFields,
  formValue,
  withCsrfToken,
} from '../support/form-fuzz.ts'
import { csrfOf, getPage, newPageSession, PAGES_CSP, type PageSession } from '../support/pages-client.ts'
import { withRequestsOfJunk } from '../support/secret-log-check.ts'
import { surfaceSuite } from '../support/suite.ts'

// Generated requests to the hosted pages: never a 5xx, always an HTML page under the strict CSP,
// and nothing written when a request is refused. FUZZ_SEED replays a failure.

const RUNS = { sqlite: 1_000, postgres: 500 }
const PATHS = ['sign-up', 'confirm-email', 'forgot-password', 'reset-password', 'signed-out', 'x/../sign-up']
const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  undefined,
]
const FIELDS = [
  '_csrf',
  'email',
  'password',
  'newPassword',
  'givenName',
  'familyName',
  'token',
  'coop',
  'lang',
]

const text = formValue(
  'hr',
  'en',
  'ampnet',
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  'a@example.com',
  'Str0ng-Enough',
)
const fields = formFields(FIELDS, text, 8)

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'HEAD'),
  path: fc.oneof(
    { arbitrary: fc.constantFrom(...PATHS), weight: 5 },
    { arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent), weight: 1 },
  ),
  query: fields,
  contentType: fc.constantFrom(...CONTENT_TYPES),
  body: formBody(fields),
  withCsrf: fc.boolean(),
  acceptLanguage: fc.option(
    fc.string({ maxLength: 30 }).map((value) => value.replace(/[^\x20-\x7e]/g, '')),
    {
      nil: undefined,
    },
  ),
  secFetchSite: fc.constantFrom(undefined, 'same-origin', 'cross-site', 'none'),
})

surfaceSuite('fuzz of the hosted pages', ({ app, dialect }) => {
  let writes: WriteCounter
  let session: PageSession
  let token: string
  before(async () => {
    writes = await installWriteCounter(app.database.db, dialect)
    session = newPageSession()
    token = csrfOf((await getPage(app, session, '/account/sign-up')).body)
  })

  it('answers every generated request with an HTML page under the CSP, below 500, writing nothing when refusing', async (t) => {
    const statuses = createStatusTally()
    await withRequestsOfJunk(() =>
      fc.assert(
        fc.asyncProperty(request, async (generated) => {
          const body = withCsrfToken(generated.body, token, generated.withCsrf)
          const before = await writes.count()
          const response = await app.inject({
            method: generated.method as 'GET',
            url: `/account/${generated.path}?${new URLSearchParams(generated.query)}`,
            headers: {
              cookie: session.cookieHeader(),
              ...(generated.contentType !== undefined && { 'content-type': generated.contentType }),
              ...(generated.acceptLanguage !== undefined && { 'accept-language': generated.acceptLanguage }),
              ...(generated.secFetchSite !== undefined && { 'sec-fetch-site': generated.secFetchSite }),
            },
            ...(generated.method === 'POST' && { payload: body }),
          })
          statuses.count(response.statusCode)
          const where = `${generated.method} /account/${generated.path} → ${response.statusCode}`
          assert.ok(response.statusCode < 500, `${where}: ${response.body.slice(0, 300)}`)
          assert.equal(response.headers['content-security-policy'], PAGES_CSP, where)
          assert.equal(response.headers['content-type'], 'text/html; charset=utf-8', where)
          if (response.statusCode >= 400) {
            assert.deepEqual(await writes.describeSince(before), [], `${where} wrote`)
          }
        }),
        { seed: FORM_FUZZ_SEED, numRuns: RUNS[dialect] },
      ),
    )
    t.diagnostic(statuses.toString())
    // The generator reaches the handlers, their refusals and the kit's own answers.
    for (const status of [200, 400, 403, 404, 415]) assert.ok(statuses.has(status), `no ${status}`)
  })
})
