import assert from 'node:assert/strict'
import { after, before, beforeEach, it } from 'node:test'
import { forEachDatabase } from '../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../test/support/test-app.ts'
import { deleteRows, findRow, listRows, type Match, takeRow, updateRows } from './rows.ts'

const T = 'operator_sign_in_links'
const link = (id: string, hash: string, usedAt: number | null, expiresAt = 9_000) => ({
  id,
  token_hash: hash,
  created_at: Number(id.slice(1)),
  expires_at: expiresAt,
  used_at: usedAt,
})
const ids = (rows: { id: string }[]) => rows.map((row) => row.id)

forEachDatabase('one-table row helpers', (dialect) => {
  let app: TestApp
  const db = () => app.database.db
  before(async () => {
    app = await createTestApp({ dialect })
  })
  after(() => app.close())
  beforeEach(async () => {
    await db().deleteFrom(T).execute()
    await db()
      .insertInto(T)
      .values([link('l1', 'a', null), link('l2', 'b', 5), link('l3', 'c', null, 8_000)])
      .execute()
  })

  it('matches every named column, a null value as is null', async () => {
    assert.equal((await findRow(db(), T, { expires_at: 9_000, used_at: null }))?.id, 'l1')
    assert.equal((await findRow(db(), T, { expires_at: 9_000, used_at: 5 }))?.id, 'l2')
    assert.equal(await findRow(db(), T, { token_hash: 'c', used_at: 5 }), undefined)
    assert.deepEqual(ids(await listRows(db(), T, { used_at: null })), ['l1', 'l3'])
    assert.deepEqual(ids(await listRows(db(), T, {}, { newestFirst: true, limit: 2 })), ['l3', 'l2'])
  })

  it('updates, deletes and takes only the matching rows', async () => {
    assert.equal(await updateRows(db(), T, { expires_at: 9_000, used_at: null }, { used_at: 7 }), 1)
    assert.equal(await deleteRows(db(), T, { used_at: 5 }), 1)
    assert.equal((await takeRow(db(), T, { id: 'l3' }))?.token_hash, 'c')
    assert.deepEqual(ids(await listRows(db(), T, {})), ['l1'])
    assert.equal((await findRow(db(), T, { id: 'l1' }))?.used_at, 7)
  })

  it('refuses a match on undefined or on no column, and changes nothing', async () => {
    // What a caller's missing id would look like at run time, past the types.
    const missing = { id: undefined } as unknown as Match<typeof T>
    await assert.rejects(deleteRows(db(), T, missing), /operator_sign_in_links\.id: matched on undefined/)
    await assert.rejects(updateRows(db(), T, missing, { used_at: 1 }), /matched on undefined/)
    await assert.rejects(takeRow(db(), T, {}), /the match names no column/)
    await assert.rejects(findRow(db(), T, missing), /matched on undefined/)
    assert.deepEqual(ids(await listRows(db(), T, {})), ['l1', 'l2', 'l3'])
    assert.deepEqual(
      (await listRows(db(), T, {})).map((row) => row.used_at),
      [null, 5, null],
    )
  })
})
