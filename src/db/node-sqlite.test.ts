import assert from 'node:assert/strict'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, describe, it } from 'node:test'
import { openNodeSqlite } from './node-sqlite.ts'

// The adapter Kysely's SQLite dialect runs every statement through: rows come out as node:sqlite's
// own row objects would, with the same names, values and order.
describe('statements through the node:sqlite adapter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-node-sqlite-'))
  const db = openNodeSqlite(join(dir, 'test.db'))
  after(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  db.prepare('create table t (id integer primary key, name text, score real, data blob)').run([])

  it('reports a write and gives rows of a reader as objects, columns in order', () => {
    const insert = db.prepare('insert into t (id, name, score, data) values (?, ?, ?, ?)')
    assert.equal(insert.reader, false)
    assert.equal(insert.run([1, 'Ada', 1.5, new Uint8Array([7])]).changes, 1)
    insert.run([2, null, 2, null])
    const select = db.prepare('select * from t order by id')
    assert.equal(select.reader, true)
    const rows = select.all([])
    assert.deepEqual(rows, [
      { id: 1, name: 'Ada', score: 1.5, data: new Uint8Array([7]) },
      { id: 2, name: null, score: 2, data: null },
    ])
    assert.deepEqual(Object.keys(rows[0] as object), ['id', 'name', 'score', 'data'])
  })

  it('names a column as SQL does, an alias or an expression, and keeps the last of two alike', () => {
    const sql = `select min(id) as "key", count(*), 'it''s' as "a b", 1 as x, 2 as x from t`
    const [row] = db.prepare(sql).all([])
    assert.deepEqual(row, { key: 1, 'count(*)': 2, 'a b': "it's", x: 2 })
  })

  it('keeps a column named __proto__ as a property, as node:sqlite does', () => {
    const sql = `select 'x' as "__proto__", 2 as b, 3 as "constructor"`
    const [row] = db.prepare(sql).all([]) as object[]
    const [theirs] = new DatabaseSync(':memory:').prepare(sql).all() as object[]
    assert.deepEqual(Object.getOwnPropertyNames(row), Object.getOwnPropertyNames(theirs))
    assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 'x')
    assert.equal(Object.getPrototypeOf(row), Object.prototype)
  })

  it('gives rows from `returning` and from iterate alike', () => {
    const returned = db.prepare('update t set score = score + 1 where id = ? returning id, score').all([1])
    assert.deepEqual(returned, [{ id: 1, score: 2.5 }])
    const iterated = [...db.prepare('select id from t order by id').iterate([])]
    assert.deepEqual(iterated, [{ id: 1 }, { id: 2 }])
  })

  it('names the columns anew when another connection adds one to a table under `*`', () => {
    db.prepare('create table owner (id integer primary key, name text)').run([])
    db.prepare('create table pet (id integer primary key, owner_id integer, label text)').run([])
    db.prepare("insert into owner values (1, 'Ada')").run([])
    db.prepare("insert into pet values (7, 1, 'Rex')").run([])
    const sql = 'select owner.*, pet.label as label from owner join pet on pet.owner_id = owner.id'
    assert.deepEqual(db.prepare(sql).all([]), [{ id: 1, name: 'Ada', label: 'Rex' }])
    // What a newer release's migration does while this one runs: the column lands before `label`.
    const other = new DatabaseSync(join(dir, 'test.db'))
    other.exec("alter table owner add column city text default 'Leeds'")
    other.close()
    assert.deepEqual(db.prepare(sql).all([]), [{ id: 1, name: 'Ada', city: 'Leeds', label: 'Rex' }])
    assert.deepEqual([...db.prepare(sql).iterate([])], [{ id: 1, name: 'Ada', city: 'Leeds', label: 'Rex' }])
  })
})

describe('the node:sqlite adapter on a database path that is a symbolic link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-node-sqlite-link-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('watches the WAL index SQLite really uses, not a stale one beside the link', () => {
    mkdirSync(join(dir, 'real'))
    mkdirSync(join(dir, 'data'))
    const real = join(dir, 'real', 'latchkey.db')
    const writer = new DatabaseSync(real)
    writer.exec('PRAGMA journal_mode = WAL')
    writer.exec('create table t (id integer primary key, n integer)')
    const link = join(dir, 'data', 'latchkey.db')
    symlinkSync(real, link)
    // Left over from when the database lived beside the link.
    writeFileSync(`${link}-shm`, Buffer.alloc(32768, 7))
    const db = openNodeSqlite(link)
    const before = db.changes.stamp(['t'])
    writer.exec('insert into t values (1, 1)')
    assert.notEqual(db.changes.stamp(['t']), before)
    db.close()
    writer.close()
  })
})

// The row maker reads the names again only when a row's width changes (rowMakerOf): sound while
// no migration renames or drops a column, which would change names at the same width.
describe('the migrations the adapter relies on', () => {
  it('only add columns: none renames or drops one', () => {
    const folder = new URL('./migrations/', import.meta.url)
    const sources = readdirSync(folder).map((name) => readFileSync(new URL(name, folder), 'utf8'))
    assert.ok(sources.length > 0)
    for (const source of sources)
      assert.doesNotMatch(source, /renameColumn|dropColumn|rename\s+column|drop\s+column/i)
  })
})
