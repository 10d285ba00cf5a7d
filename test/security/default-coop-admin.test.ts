import assert from 'node:assert/strict'
import { it } from 'node:test'
import { jwtPayload } from '../support/accounts.ts'
import { bearer, multipart, requestPart } from '../support/ampnet-coops.ts'
import { forEachDatabase, type TestDialect } from '../support/databases.ts'
import { type TestApp, withTestApp } from '../support/test-app.ts'

// An anonymous first sign-up made itself ADMIN of the default coop, and read
// every user and the audit log. The default coop's ADMIN now comes only from the operator.

/** A fresh installation with AMPnet's first-admin rule on (its default). */
const withFreshApp = (dialect: TestDialect, work: (app: TestApp) => Promise<void>) =>
  withTestApp({ dialect, env: { AMPNET_FIRST_ADMIN: 'true', AMPNET_COOP_CREATION: 'true' } }, work)

async function roleOf(app: TestApp, userId: string): Promise<string> {
  return (await app.core.identity.users.get(userId)).role
}

/** What an AMPnet admin route answers the token: 403 when its holder is no ADMIN. */
async function adminStatuses(app: TestApp, token: string): Promise<number[]> {
  const statuses: number[] = []
  for (const url of ['/admin/user', '/admin/audit']) {
    statuses.push((await app.inject({ method: 'GET', url, headers: bearer(token) })).statusCode)
  }
  return statuses
}

forEachDatabase('the default coop gets its first ADMIN only from the operator', (dialect) => {
  it('keeps the first Idea Pool sign-up a USER, refused the user list and the audit log', async () => {
    await withFreshApp(dialect, async (app) => {
      const response = await app.inject({
        method: 'POST',
        url: '/users',
        payload: { email: 'first@example.com', name: 'First Comer', password: 'the-Secret-123' },
      })
      assert.equal(response.statusCode, 201, response.body)
      const { jwt } = response.json<{ jwt: string }>()
      assert.equal(await roleOf(app, String(jwtPayload(jwt).uid)), 'USER')
      assert.deepEqual(await adminStatuses(app, jwt), [403, 403])
    })
  })

  it('keeps the first users-surface registration a USER', async () => {
    await withFreshApp(dialect, async (app) => {
      const response = await app.inject({
        method: 'POST',
        url: '/users/register',
        payload: { email: 'first@example.com', password: 'the-Secret-123' },
      })
      assert.equal(response.statusCode, 201, response.body)
      assert.equal(await roleOf(app, response.json<{ uid: string }>().uid), 'USER')
    })
  })

  it('keeps the first AMPnet sign-up of the default coop a USER', async () => {
    await withFreshApp(dialect, async (app) => {
      const response = await app.inject({
        method: 'POST',
        url: '/signup',
        payload: {
          signup_method: 'EMAIL',
          user_info: { first_name: 'A', last_name: 'B', email: 'first@example.com', password: 'abcdefgh' },
        },
      })
      assert.equal(response.statusCode, 200, response.body)
      assert.equal(response.json<{ role: string }>().role, 'USER')
    })
  })

  it("makes the first sign-up of a coop created through POST /coop that coop's ADMIN", async () => {
    await withFreshApp(dialect, async (app) => {
      const coop = multipart([requestPart({ identifier: 'fresh-coop', name: 'Fresh' })])
      const created = await app.inject({ method: 'POST', url: '/coop', ...coop })
      assert.equal(created.statusCode, 200, created.body)
      const signUp = (email: string) =>
        app.inject({
          method: 'POST',
          url: '/signup',
          payload: {
            signup_method: 'EMAIL',
            user_info: { first_name: 'A', last_name: 'B', email, password: 'abcdefgh' },
            coop: 'fresh-coop',
          },
        })
      assert.equal((await signUp('creator@example.com')).json<{ role: string }>().role, 'ADMIN')
      assert.equal((await signUp('second@example.com')).json<{ role: string }>().role, 'USER')
    })
  })

  it('lets the operator make the default coop an ADMIN, who reads the user list', async () => {
    await withFreshApp(dialect, async (app) => {
      const [outcome] = await app.core.identity.userImport
        .begin()
        .importBatch([{ line: 1, email: 'operator@example.com', role: 'ADMIN', password: 'the-Secret-123' }])
      assert.equal(outcome?.status, 'imported')
      assert.ok(
        app.logLines.some((line) => line.includes('the default coop has no ADMIN: create one with latchkey')),
        'a fresh installation tells the operator how to make the ADMIN',
      )
      const signedIn = await app.inject({
        method: 'POST',
        url: '/access-tokens',
        payload: { email: 'operator@example.com', password: 'the-Secret-123' },
      })
      assert.deepEqual(await adminStatuses(app, signedIn.json<{ jwt: string }>().jwt), [200, 200])
    })
  })
})
