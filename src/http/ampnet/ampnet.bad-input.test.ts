import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import {
  addUser,
  bearer,
  createCoop,
  multipart,
  requestPart,
  tenantIdOf,
  tokenFor,
} from '../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** The framework body of a 400, whatever its timestamp. */
function assertFramework400(response: { statusCode: number; json(): unknown }, path: string, message = '') {
  assert.equal(response.statusCode, 400, path)
  const { timestamp, ...rest } = response.json() as { timestamp: string }
  assert.match(timestamp, ISO)
  assert.deepEqual(rest, { status: 400, error: 'Bad Request', message, path })
}

// PostgreSQL refuses U+0000 in text: without the shared checks these were 500s there.
surfaceSuite('AMPnet bad input', ({ app }) => {
  let adminToken: string
  before(async () => {
    const admin = await addUser(app, await tenantIdOf(app, 'ampnet'), 'admin@bad-input.com')
    adminToken = await tokenFor(app, admin)
  })

  describe('NUL in a JSON body', () => {
    it('answers 400 with the framework body for NUL in any string or key, and writes nothing', async () => {
      const cases: [string, unknown][] = [
        [
          '/signup',
          {
            signup_method: 'EMAIL',
            user_info: { email: 'a\u0000b@x.com', password: 'abcdefgh' },
          },
        ],
        [
          '/signup',
          { signup_method: 'EMAIL', user_info: { 'email\u0000': 'a@x.com', password: 'abcdefgh' } },
        ],
        ['/token', { login_method: 'EMAIL', credentials: { email: 'a\u0000@x.com', password: 'abcdefgh' } }],
        ['/forgot-password/token', { email: 'a\u0000b@x.com' }],
      ]
      for (const [url, payload] of cases) {
        const response = await app.inject({ method: 'POST', url, payload: payload as object })
        assertFramework400(response, url)
      }
      assert.equal((await app.core.identity.userAdmin.counts(await tenantIdOf(app, 'ampnet'))).registered, 1)
    })

    it('answers 400 to PUT /me/update with NUL in the language', async () => {
      const response = await app.inject({
        method: 'PUT',
        url: '/me/update',
        headers: bearer(adminToken),
        payload: { language: 'a\u0000' },
      })
      assertFramework400(response, '/me/update')
    })

    it('answers 400 to POST /coop with NUL in the request part', async () => {
      const body = multipart([requestPart({ identifier: 'nul-coop', name: 'a\u0000b' })])
      const response = await app.inject({ method: 'POST', url: '/coop', ...body })
      assertFramework400(response, '/coop', "Required request part 'request' is not present or not JSON")
    })
  })

  describe('NUL in the URL', () => {
    it('answers 400 with the framework body for %00 in a path or a query, in either case', async () => {
      for (const [url, path] of [
        ['/public/app/config/identifier/a%00b', '/public/app/config/identifier/a%00b'],
        ['/public/app/config/hostname/a%00b', '/public/app/config/hostname/a%00b'],
        ['/public/user/count?coop=%00', '/public/user/count'],
        ['/public/files/a%00/x', '/public/files/a%00/x'],
        ['/public/app/config/identifier/a%00B', '/public/app/config/identifier/a%00B'],
      ] as const) {
        assertFramework400(await app.inject({ method: 'GET', url }), path)
      }
    })

    it('answers 400 to an admin search for NUL', async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/admin/user/find?email=%00',
        headers: bearer(adminToken),
      })
      assertFramework400(response, '/admin/user/find')
    })
  })

  describe('unreadable multipart bodies', () => {
    it('answers 400 with the framework body to a truncated body or one without a boundary', async () => {
      const { payload, headers } = multipart([requestPart({ identifier: 'cut', name: 'cut' })])
      const truncated = await app.inject({
        method: 'POST',
        url: '/coop',
        headers,
        payload: payload.subarray(0, payload.length - 20),
      })
      assertFramework400(truncated, '/coop')
      const noBoundary = await app.inject({
        method: 'POST',
        url: '/coop',
        headers: { 'content-type': 'multipart/form-data' },
        payload,
      })
      assertFramework400(noBoundary, '/coop')
      assert.equal(await app.core.tenants.tenants.findByIdentifier('cut'), undefined)
    })
  })

  describe('long and undecodable paths', () => {
    it('finds a coop by a hostname of 500 characters', async () => {
      const hostname = `${`${'h'.repeat(61)}.`.repeat(8)}example.com`
      assert.ok(hostname.length > 500 && hostname.length <= 512)
      await createCoop(app, 'long-host', hostname)
      const response = await app.inject({ method: 'GET', url: `/public/app/config/hostname/${hostname}` })
      assert.equal(response.statusCode, 200, response.body)
      assert.equal(response.json().identifier, 'long-host')
    })

    it('answers an unknown long hostname with the empty 404', async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/public/app/config/hostname/${'x'.repeat(600)}.com`,
      })
      assert.equal(response.statusCode, 404)
      assert.equal(response.body, '')
    })

    it('answers 414 with a plain body to a segment over 1,024 characters', async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/public/app/config/hostname/${'x'.repeat(1100)}`,
      })
      assert.equal(response.statusCode, 414)
      assert.deepEqual(response.json(), { error: 'uri_too_long', message: 'A path segment is too long' })
    })

    it('answers 400 with a plain body to a path that does not decode', async () => {
      const response = await app.inject({ method: 'GET', url: '/public/app/config/identifier/%zz' })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), {
        error: 'bad_request',
        message: 'Path /public/app/config/identifier/%zz is not a valid URL',
      })
    })
  })
})
