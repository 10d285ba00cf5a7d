import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { addUser, createCoop } from '../../../test/support/ampnet-coops.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { findUsersPage } from './user-admin.repository.ts'

forEachDatabase('admin user queries', (dialect) => {
  let app: TestApp
  let tenantId: string
  before(async () => {
    app = await createTestApp({ dialect })
    tenantId = await createCoop(app, 'queries')
    for (const email of ['Ann.Lee@Example.com', 'bob_100%@example.com', 'carol@other.org']) {
      await addUser(app, tenantId, email)
    }
  })
  after(() => app.close())

  const page = { page: 0, size: 10, sort: [{ key: 'email' as const, descending: false }] }
  const found = async (fragment: string) =>
    (await findUsersPage(app.database.db, tenantId, { emailContains: fragment }, page)).users.map(
      (u) => u.email,
    )

  it('matches a lower-cased fragment anywhere in the address and returns addresses as stored', async () => {
    assert.deepEqual(await found('example.com'), ['Ann.Lee@Example.com', 'bob_100%@example.com'])
    assert.deepEqual(await found('lee@ex'), ['Ann.Lee@Example.com'])
    assert.deepEqual(await found('100%'), ['bob_100%@example.com'])
    assert.deepEqual(await found('b_1'), ['bob_100%@example.com'])
    assert.deepEqual(await found('n_l'), [])
  })

  it('counts every match while returning one page', async () => {
    const result = await findUsersPage(app.database.db, tenantId, {}, { ...page, size: 2 })
    assert.deepEqual([result.users.length, result.total], [2, 3])
  })

  if (dialect === 'postgres') {
    // With a handful of rows the planner prefers the tenant index; the check is that the trigram
    // index can serve the substring match at all, which is what keeps it fast at scale.
    it('has a trigram index that serves the fragment search on PostgreSQL', async () => {
      const db = app.database.db
      await db.connection().execute(async (conn) => {
        await sql`set enable_seqscan = off`.execute(conn)
        const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from users
          where email_normalized like ${'%lee@ex%'} escape '\\'`.execute(conn)
        await sql`reset enable_seqscan`.execute(conn)
        const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n')
        assert.match(text, /users_email_trgm_idx/)
      })
    })
  }
})
