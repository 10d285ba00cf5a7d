import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { sql } from 'kysely'
import { useWatchedSqlite } from '../../test/support/watched-sqlite.ts'
import { writeEffectOf } from './change-watch.ts'
import type { Db } from './database.ts'
import { cacheWhileUnchanged } from './read-cache.ts'

// Two small tables of their own, on a SQLite file as the server opens it (node-sqlite.ts).
describe('reads kept while their tables are unchanged (SQLite)', () => {
  const file = useWatchedSqlite('latchkey-read-cache-')
  let reads = 0
  let maps = 0
  const read = cacheWhileUnchanged(
    ['people'],
    async (database: Db, id: string) => {
      reads += 1
      const { rows } = await sql<{
        id: string
        name: string
      }>`select id, name from people where id = ${id}`.execute(database)
      return rows
    },
    (row) => {
      maps += 1
      return { name: row.name }
    },
  )
  const nameOf = async (id: string, database = file.db) => (await read(database, id))?.name
  const exec = file.exec
  beforeEach(async () => {
    await exec(
      'drop table if exists people',
      'drop table if exists pets',
      'create table people (id text primary key, name text not null)',
      'create table pets (id text primary key, owner text)',
      "insert into people (id, name) values ('p1', 'Ada'), ('p2', 'Grace')",
    )
    await nameOf('p1')
    reads = 0
  })

  it('answers a second read of an unchanged row from memory', async () => {
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(reads, 0)
    assert.equal(await nameOf('p2'), 'Grace')
    assert.equal(await nameOf('p2'), 'Grace')
    assert.equal(reads, 1)
  })

  it("reads again after this connection's update of the table, not of another table", async () => {
    await exec("update pets set owner = 'p1'")
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(reads, 0)
    await exec("update people set name = 'Ada L.' where id = 'p1'")
    assert.equal(await nameOf('p1'), 'Ada L.')
    assert.equal(reads, 1)
  })

  it('keeps rows across an insert, but never an absence', async () => {
    assert.equal(await nameOf('p3'), undefined)
    await exec("insert into people (id, name) values ('p3', 'Hedy')")
    assert.equal(await nameOf('p3'), 'Hedy')
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(reads, 2)
  })

  it('reads again after a delete of any table, and after an insert that updates on conflict', async () => {
    await exec("delete from pets where id = 'none'")
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(reads, 1)
    await exec(
      "insert into people (id, name) values ('p1', 'Countess') on conflict (id) do update set name = excluded.name",
    )
    assert.equal(await nameOf('p1'), 'Countess')
    assert.equal(reads, 2)
  })

  it("reads again after another connection's commit (a second instance, the CLI)", async () => {
    file.other.exec("update people set name = 'Disabled' where id = 'p1'")
    assert.equal(await nameOf('p1'), 'Disabled')
    file.other.exec("insert into pets (id) values ('x')")
    assert.equal(await nameOf('p1'), 'Disabled')
    assert.equal(reads, 2)
  })

  it("sees another connection's commit made while a transaction of this one was open, during it and after", async () => {
    let opened!: () => void
    const open = new Promise<void>((resolve) => {
      opened = resolve
    })
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    // A transaction that read first holds a snapshot from before the other connection's commit.
    const transaction = file.db.transaction().execute(async (trx) => {
      await sql`select count(*) from pets`.execute(trx)
      opened()
      await gate
    })
    await open
    file.other.exec("update people set name = 'Disabled' where id = 'p1'")
    const during = nameOf('p1')
    release()
    await transaction
    assert.equal(await during, 'Disabled')
    assert.equal(await nameOf('p1'), 'Disabled')
  })

  it('never keeps a read made inside a transaction, and a rolled-back change stays unseen', async () => {
    await file.db
      .transaction()
      .execute(async (trx) => {
        await sql`update people set name = 'Uncommitted' where id = 'p1'`.execute(trx)
        assert.equal(await nameOf('p1', trx as unknown as Db), 'Uncommitted')
        throw new Error('roll back')
      })
      .catch(() => undefined)
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(reads, 2)
  })

  it('keeps nothing read while a write ran, so the next read goes to the database', async () => {
    const racing = cacheWhileUnchanged(
      ['people'],
      async (database: Db, id: string) => {
        reads += 1
        const { rows } = await sql<{ name: string }>`select name from people where id = ${id}`.execute(
          database,
        )
        // Another request's write lands between this read and its answer.
        await sql`update people set name = 'Changed' where id = ${id}`.execute(database)
        return rows
      },
      (row) => ({ ...row }),
    )
    assert.equal((await racing(file.db, 'p2'))?.name, 'Grace')
    assert.equal((await racing(file.db, 'p2'))?.name, 'Changed')
    assert.equal(reads, 2)
  })

  it('hands out kept values frozen, so no caller changes what the next one reads', async () => {
    assert.ok(Object.isFrozen(await read(file.db, 'p1')))
  })

  it('keeps the value mapped: a request that finds it does no mapping', async () => {
    maps = 0
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(await nameOf('p1'), 'Ada')
    assert.equal(await nameOf('p2'), 'Grace')
    assert.equal(await nameOf('p2'), 'Grace')
    assert.equal(maps, 1)
  })
})

describe('what a statement may change', () => {
  it('reads nothing into reads and transaction control', () => {
    for (const text of [
      'select * from "users" where "id" = ?',
      'PRAGMA data_version',
      'begin',
      'commit',
      'rollback',
      'savepoint a',
      'release a',
    ])
      assert.deepEqual(writeEffectOf(text), { kind: 'none' }, text)
  })

  it('tells a plain insert, which adds rows and changes none, from an update', () => {
    assert.deepEqual(writeEffectOf('insert into "sessions" ("id") values (?)'), {
      kind: 'insert',
      table: 'sessions',
    })
  })

  it('names the table of an update and of an insert that updates on conflict', () => {
    assert.deepEqual(writeEffectOf('update "users" set "enabled" = ? where "id" = ?'), {
      kind: 'table',
      table: 'users',
    })
    assert.deepEqual(
      writeEffectOf(
        'insert into "veriff_decisions" ("id") values (?) on conflict ("id") do update set "x" = ?',
      ),
      { kind: 'table', table: 'veriff_decisions' },
    )
  })

  it('says any table for deletes (cascades), replaces, DDL and anything unknown', () => {
    for (const text of [
      'delete from "users" where "id" = ?',
      'insert or replace into "users" ("id") values (?)',
      'replace into users (id) values (?)',
      'create table x (id text)',
      'drop table x',
      'with t as (select 1) update "users" set "enabled" = 0',
      'update "main"."users" set "enabled" = 0',
      'update or replace "users" set "email" = ?',
      'vacuum',
    ])
      assert.deepEqual(writeEffectOf(text), { kind: 'any' }, text)
  })
})
