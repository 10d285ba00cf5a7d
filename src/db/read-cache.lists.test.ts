import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { sql } from 'kysely'
import { useWatchedSqlite } from '../../test/support/watched-sqlite.ts'
import { declareKeyedWrite } from './change-watch.ts'
import type { Db } from './database.ts'
import { cacheListWhileUnchanged } from './read-cache.ts'

// Notes of two owners, on a SQLite file as the server opens it (node-sqlite.ts). The statements
// below that name their owner are declared keyed, as the idea repository declares its writes.
const INSERT = 'insert into notes (id, owner, body) values (?, ?, ?)'
const UPDATE = 'update notes set body = ? where id = ? and owner = ?'
const DELETE = 'delete from notes where id = ? and owner = ?'
declareKeyedWrite(INSERT, 'notes', 1)
declareKeyedWrite(UPDATE, 'notes', 2)
declareKeyedWrite(DELETE, 'notes', 1)

describe("one key's lists kept while nothing that could change them happens (SQLite)", () => {
  const file = useWatchedSqlite('latchkey-list-cache-')
  let reads: string[] = []
  const list = cacheListWhileUnchanged(
    'notes',
    (limit: number) => String(limit),
    async (database: Db, owner: string, limit: number) => {
      reads.push(owner)
      const { rows } = await sql<{
        body: string
      }>`select body from notes where owner = ${owner} order by id limit ${limit}`.execute(database)
      return rows.map((row) => ({ body: row.body }))
    },
  )
  const bodies = async (owner: string, limit = 10, database = file.db) =>
    (await list(database, owner, limit)).map((note) => note.body)
  const run = (text: string, ...parameters: unknown[]) =>
    file.db.executeQuery({ sql: text, parameters, query: undefined as never, queryId: undefined as never })
  const exec = file.exec
  beforeEach(async () => {
    await exec(
      'drop table if exists notes',
      'drop table if exists tags',
      'create table notes (id text primary key, owner text not null, body text not null)',
      'create table tags (id text primary key)',
      "insert into notes values ('a1', 'ann', 'first'), ('b1', 'bob', 'hers')",
    )
    await bodies('ann')
    await bodies('bob')
    reads = []
  })

  it("answers a second read of a key's list from memory, each key and variant kept apart", async () => {
    assert.deepEqual(await bodies('ann'), ['first'])
    assert.deepEqual(await bodies('bob'), ['hers'])
    assert.deepEqual(reads, [])
    assert.deepEqual(await bodies('ann', 1), ['first'])
    assert.deepEqual(await bodies('ann', 1), ['first'])
    assert.deepEqual(reads, ['ann'])
  })

  it("keeps a key's list across another key's declared insert, update and delete", async () => {
    await run(INSERT, 'b2', 'bob', 'second')
    await run(UPDATE, 'changed', 'b1', 'bob')
    await run(DELETE, 'b2', 'bob')
    assert.deepEqual(await bodies('ann'), ['first'])
    assert.deepEqual(reads, [])
    assert.deepEqual(await bodies('bob'), ['changed'])
    assert.deepEqual(reads, ['bob'])
  })

  it("reads a key's list again after each of its own declared writes", async () => {
    await run(INSERT, 'a2', 'ann', 'second')
    assert.deepEqual(await bodies('ann'), ['first', 'second'])
    await run(UPDATE, 'edited', 'a2', 'ann')
    assert.deepEqual(await bodies('ann'), ['first', 'edited'])
    await run(DELETE, 'a1', 'ann')
    assert.deepEqual(await bodies('ann'), ['edited'])
    assert.deepEqual(reads, ['ann', 'ann', 'ann'])
  })

  it('reads every list again after an insert or update not declared keyed', async () => {
    await exec("insert into notes values ('a0', 'ann', 'zeroth')")
    assert.deepEqual(await bodies('ann'), ['zeroth', 'first'])
    assert.deepEqual(await bodies('bob'), ['hers'])
    await exec("update notes set body = 'moved' where id = 'b1'")
    assert.deepEqual(await bodies('bob'), ['moved'])
    assert.deepEqual(reads, ['ann', 'bob', 'bob'])
  })

  it('reads every list again after a delete of any table', async () => {
    await exec("delete from tags where id = 'none'")
    assert.deepEqual(await bodies('ann'), ['first'])
    assert.deepEqual(await bodies('bob'), ['hers'])
    assert.deepEqual(reads, ['ann', 'bob'])
  })

  it("reads every list again after another connection's commit, even of a declared statement", async () => {
    file.other.prepare(INSERT).run('b2', 'bob', 'elsewhere')
    assert.deepEqual(await bodies('bob'), ['hers', 'elsewhere'])
    assert.deepEqual(await bodies('ann'), ['first'])
    assert.deepEqual(reads, ['bob', 'ann'])
  })

  it('reads every list again after a declared write whose key is not a string', async () => {
    await run(UPDATE, 'numbered', 'a1', 7)
    assert.deepEqual(await bodies('ann'), ['first'])
    assert.deepEqual(await bodies('bob'), ['hers'])
    assert.deepEqual(reads, ['ann', 'bob'])
  })

  it("keeps nothing read while the key's own write ran, so the next read goes to the database", async () => {
    const racing = cacheListWhileUnchanged(
      'notes',
      () => '',
      async (database: Db, owner: string) => {
        reads.push(owner)
        const { rows } = await sql<{ body: string }>`select body from notes where owner = ${owner}`.execute(
          database,
        )
        // The owner's own write lands between this read and its answer.
        await run(UPDATE, 'late', 'a1', owner)
        return rows.map((row) => ({ body: row.body }))
      },
    )
    assert.deepEqual(
      (await racing(file.db, 'ann')).map((note) => note.body),
      ['first'],
    )
    assert.deepEqual(
      (await racing(file.db, 'ann')).map((note) => note.body),
      ['late'],
    )
    assert.deepEqual(reads, ['ann', 'ann'])
  })

  it('never keeps a list read inside a transaction, and a rolled-back write stays unseen', async () => {
    await file.db
      .transaction()
      .execute(async (trx) => {
        await sql`update notes set body = 'uncommitted' where id = 'a1'`.execute(trx)
        assert.deepEqual(await bodies('ann', 10, trx as unknown as Db), ['uncommitted'])
        throw new Error('roll back')
      })
      .catch(() => undefined)
    assert.deepEqual(await bodies('ann'), ['first'])
    assert.deepEqual(await bodies('ann'), ['first'])
    assert.deepEqual(reads, ['ann', 'ann'])
  })

  it('never keeps a list of a key that is not a string (SQLite binds a bigint to the same rows)', async () => {
    const key = 5n as unknown as string
    await run(INSERT, 'n1', '5', 'numbered')
    assert.deepEqual(
      (await list(file.db, key, 10)).map((note) => note.body),
      ['numbered'],
    )
    await run(INSERT, 'n2', '5', 'again')
    assert.deepEqual(
      (await list(file.db, key, 10)).map((note) => note.body),
      ['numbered', 'again'],
    )
    assert.equal(reads.length, 2)
  })

  it('refuses to declare one statement keyed twice, differently', () => {
    declareKeyedWrite(INSERT, 'notes', 1)
    assert.throws(() => declareKeyedWrite(INSERT, 'notes', 0), /declared twice/)
    assert.throws(() => declareKeyedWrite(INSERT, 'tags', 1), /declared twice/)
  })

  it('hands out kept lists frozen, their items too', async () => {
    const kept = await list(file.db, 'ann', 10)
    assert.ok(Object.isFrozen(kept))
    assert.ok(kept.every((note) => Object.isFrozen(note)))
  })
})
