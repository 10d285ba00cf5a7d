import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { hashSync } from '@node-rs/bcrypt'
import { coreSuite } from '../../../test/support/suite.ts'

// More than two pages of the export's 500, so the paging's seams are crossed.
const USERS = 1_201
const HASH = hashSync('Exported-pass1', 4)

coreSuite('user export', (world) => {
  before(async () => {
    await world.core.tenants.coops.create({ identifier: 'export-other', name: 'Other' })
    const rows = Array.from({ length: USERS }, (_, i) => ({
      line: i + 1,
      email: `user${i}@export.test`,
      passwordHash: HASH,
      tenant: i % 3 === 0 ? 'export-other' : undefined,
    }))
    const outcomes = await world.core.identity.userImport.begin().importBatch(rows)
    assert.equal(outcomes.filter((outcome) => outcome.status === 'imported').length, USERS)
  })

  const collect = async (tenantId: string | undefined) => {
    const users = []
    for await (const exported of world.core.identity.userOperator.exportUsers(tenantId)) users.push(exported)
    return users
  }

  it('yields every user once, in id order, across pages, of one coop or of all', async () => {
    const all = await collect(undefined)
    assert.equal(all.length, USERS)
    const ids = all.map(({ user }) => user.id)
    assert.equal(new Set(ids).size, USERS)
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    )
    assert.ok(all.every(({ passwordHash }) => passwordHash === HASH))

    const other = await collect((await world.core.tenants.tenants.findByIdentifier('export-other'))?.id)
    assert.equal(other.length, Math.ceil(USERS / 3))
    assert.ok(other.every(({ coopIdentifier }) => coopIdentifier === 'export-other'))
    const own = await collect(world.core.tenants.tenants.defaultTenant().id)
    assert.equal(own.length + other.length, USERS)
    assert.ok(own.every(({ coopIdentifier }) => coopIdentifier === 'ampnet'))
  })
})
