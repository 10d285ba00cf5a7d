import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { forEachDatabase } from '../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../test/support/test-app.ts'
import { writeEffectOf } from './change-watch.ts'
import { prepareQuery } from './prepared.ts'

const tenantName = prepareQuery<{ identifier: string }, [string]>(1, (db, id) =>
  db.selectFrom('tenants').select('identifier').where('id', '=', id),
)
// Two placeholders and a fixed value in between: each argument must land in its own place.
const tenantsBetween = prepareQuery<{ identifier: string }, [string, string]>(2, (db, low, high) =>
  db
    .selectFrom('tenants')
    .select('identifier')
    .where('identifier', '>=', low)
    .where('identifier', '!=', 'nobody')
    .where('identifier', '<=', high)
    .orderBy('identifier'),
)

// node:sqlite rows have no prototype; compare the values.
const names = (rows: { identifier: string }[]) => rows.map((row) => row.identifier)

forEachDatabase('prepared queries', (dialect) => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ dialect })
  })
  after(() => app.close())

  it('runs with each call’s arguments, outside and inside a transaction', async () => {
    const tenant = app.core.tenants.tenants.defaultTenant()
    assert.deepEqual(names(await tenantName(app.database.db, tenant.id)), [tenant.identifier])
    assert.deepEqual(await tenantName(app.database.db, 'no-such-id'), [])
    const inside = await app.database.db.transaction().execute((trx) => tenantName(trx, tenant.id))
    assert.deepEqual(names(inside), [tenant.identifier])
  })

  it('puts several arguments in their own places', async () => {
    const { identifier } = app.core.tenants.tenants.defaultTenant()
    assert.deepEqual(names(await tenantsBetween(app.database.db, identifier, identifier)), [identifier])
    assert.deepEqual(await tenantsBetween(app.database.db, 'zzzz', 'a'), [])
  })

  it('refuses a query that does not use every placeholder', async () => {
    const broken = prepareQuery<{ id: string }, [string]>(1, (db) => db.selectFrom('tenants').select('id'))
    await assert.rejects(broken(app.database.db, 'x'), /uses 1 arguments/)
  })

  it("declares a keyed write on its SQL, the key at its argument's parameter", async () => {
    const rename = prepareQuery<never, [string, string]>(
      2,
      (db, name, id) => db.updateTable('tenants').set({ name }).where('id', '=', id),
      { table: 'tenants', argument: 1 },
    )
    await rename(app.database.db, 'unused', 'no-such-id')
    const { sql } = app.database.db.updateTable('tenants').set({ name: 'a' }).where('id', '=', 'b').compile()
    assert.deepEqual(writeEffectOf(sql), { kind: 'keyed', table: 'tenants', parameter: 1 })
  })

  it('refuses a keyed write whose key is not one of its arguments', async () => {
    const broken = prepareQuery<never, [string]>(
      1,
      (db, id) => db.updateTable('tenants').set({ name: 'fixed' }).where('id', '=', id),
      { table: 'tenants', argument: 1 },
    )
    await assert.rejects(broken(app.database.db, 'x'), /argument 1 is not a parameter/)
  })
})
