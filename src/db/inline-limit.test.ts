import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { type Kysely, sql } from 'kysely'
import { openDatabase } from './database.ts'

describe("a select's limit written into its SQL on SQLite", () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-inline-limit-'))
  const { db, close } = openDatabase({ url: undefined, dataDir: dir })
  after(async () => {
    await close()
    rmSync(dir, { recursive: true, force: true })
  })
  const untyped = db as unknown as Kysely<{ t: { id: number; name: string } }>

  it('writes a whole-number limit in and keeps the offset and every value a parameter', () => {
    const query = untyped.selectFrom('t').selectAll().where('name', '=', 'Ada').limit(10).offset(20).compile()
    assert.equal(query.sql, 'select * from "t" where "name" = ? limit 10 offset ?')
    assert.deepEqual(query.parameters, ['Ada', 20])
  })

  it('leaves any other limit bound: a text, a fraction, an expression', () => {
    for (const limit of ['10; drop table t', 1.5] as never[]) {
      const query = untyped.selectFrom('t').selectAll().limit(limit).compile()
      assert.equal(query.sql, 'select * from "t" limit ?')
      assert.deepEqual(query.parameters, [limit])
    }
    const expression = untyped.selectFrom('t').selectAll().limit(sql<number>`1 + 1`).compile()
    assert.equal(expression.sql, 'select * from "t" limit 1 + 1')
  })

  it('returns the same rows as a bound limit', async () => {
    await sql`create table t (id integer primary key, name text)`.execute(db)
    await sql`insert into t values (1, 'a'), (2, 'b'), (3, 'c')`.execute(db)
    const rows = await untyped.selectFrom('t').select('id').orderBy('id').limit(2).offset(1).execute()
    assert.deepEqual(rows, [{ id: 2 }, { id: 3 }])
    const bound = await sql<{ id: number }>`select id from t order by id limit ${2} offset ${1}`.execute(db)
    assert.deepEqual(bound.rows, rows)
  })

  it("writes a subquery's limit in too: the subquery's builder is transformed as it is embedded", async () => {
    // The work queues' claim has this shape; a bound limit there would expire it on every poll.
    const claim = untyped
      .updateTable('t')
      .set({ name: 'claimed' })
      .where('id', 'in', untyped.selectFrom('t').select('id').where('name', '!=', 'x').orderBy('id').limit(2))
      .returning('id')
    const compiled = claim.compile()
    assert.equal(
      compiled.sql,
      'update "t" set "name" = ? where "id" in (select "id" from "t" where "name" != ? order by "id" limit 2) returning "id"',
    )
    assert.deepEqual(compiled.parameters, ['claimed', 'x'])
    // The table the test before made: three rows, the first two claimed.
    assert.deepEqual(await claim.execute(), [{ id: 1 }, { id: 2 }])
    assert.deepEqual(await untyped.selectFrom('t').select('name').orderBy('id').execute(), [
      { name: 'claimed' },
      { name: 'claimed' },
      { name: 'c' },
    ])
  })

  it('is not applied on PostgreSQL, which binds a limit without that cost', async () => {
    // Compiling connects to nothing: the URL is never dialled.
    const postgres = openDatabase({ url: 'postgres://127.0.0.1:1/none', dataDir: dir })
    const pg = postgres.db as unknown as Kysely<{ t: { id: number } }>
    assert.equal(pg.selectFrom('t').selectAll().limit(10).compile().sql, 'select * from "t" limit $1')
    await postgres.close()
  })
})
