import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, beforeEach, describe, it } from 'node:test'
import { type ChangeWatch, createChangeWatch, openWalHeader } from './change-watch.ts'

// A WAL database file as the server opens it, its `PRAGMA data_version` counted, and commits made by
// this connection, by another one, and by other processes (what a second instance or the CLI is).
describe('the change watch on a SQLite file in WAL mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-change-watch-'))
  const file = join(dir, 'test.db')
  const own = new DatabaseSync(file)
  own.exec('PRAGMA journal_mode = WAL')
  own.exec('create table a (id integer primary key, n integer)')
  own.exec('create table b (id integer primary key, n integer)')
  own.exec('insert into a values (1, 0)')
  own.exec('insert into b values (1, 0)')
  const pragma = own.prepare('PRAGMA data_version')
  pragma.setReturnArrays(true)
  pragma.get()
  let pragmas = 0
  const counted = {
    get: () => {
      pragmas += 1
      return pragma.get()
    },
  }
  const other = new DatabaseSync(file)
  const header = openWalHeader(file)
  // A fresh watch per test, as a server process starts with one.
  let watch: ChangeWatch
  beforeEach(() => {
    watch = createChangeWatch(counted, header)
    watch.stamp(['a'])
    pragmas = 0
  })
  after(() => {
    header?.close()
    other.close()
    own.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const commitInAnotherProcess = (sql: string) =>
    execFileSync(process.execPath, [
      '--no-warnings',
      '--input-type=module',
      '--eval',
      `import { DatabaseSync } from 'node:sqlite'
       const db = new DatabaseSync(${JSON.stringify(file)})
       db.exec(${JSON.stringify(sql)})
       db.close()`,
    ])

  it('finds the WAL index header beside the database file', () => {
    assert.notEqual(header, undefined)
  })

  it('answers from the WAL index header alone while nothing is committed', () => {
    const stamp = watch.stamp(['a'])
    assert.equal(watch.stamp(['a']), stamp)
    assert.equal(watch.stamp(['a', 'b']), stamp)
    assert.equal(pragmas, 0)
  })

  it("moves after another connection's commit, asking SQLite once", () => {
    const before = watch.stamp(['a'])
    other.exec('update b set n = n + 1')
    const after = watch.stamp(['a'])
    assert.notEqual(after, before)
    assert.equal(watch.stamp(['a']), after)
    assert.equal(pragmas, 1)
  })

  it('moves after each commit by another process, also by one that opened the file after another closed it', () => {
    let stamp = watch.stamp(['a'])
    for (let round = 0; round < 3; round++) {
      commitInAnotherProcess('update b set n = n + 1')
      const next = watch.stamp(['a'])
      assert.notEqual(next, stamp, `commit ${round + 1} unseen`)
      stamp = next
    }
  })

  it("moves only the written table's stamp for this connection's own commit", () => {
    const a = watch.stamp(['a'])
    const b = watch.stamp(['b'])
    watch.noteStatement({ kind: 'table', table: 'a' }, [])
    own.exec('update a set n = n + 1')
    assert.notEqual(watch.stamp(['a']), a)
    assert.equal(watch.stamp(['b']), b)
    // The header moved with the commit; SQLite then tells that the commit was this connection's.
    assert.equal(pragmas, 1)
  })

  it('moves the row stamp for updates and keyed writes, the list stamp for inserts and unkeyed writes', () => {
    const keyed = { kind: 'keyed', table: 'a', parameter: 0 } as const
    let rows = watch.stamp(['a'])
    let lists = watch.listStamp('a')
    watch.noteStatement({ kind: 'insert', table: 'a' }, [])
    assert.equal(watch.stamp(['a']), rows)
    assert.notEqual(watch.listStamp('a'), lists)
    lists = watch.listStamp('a')
    watch.noteStatement(keyed, ['k'])
    assert.notEqual(watch.stamp(['a']), rows)
    assert.equal(watch.listStamp('a'), lists)
    rows = watch.stamp(['a'])
    watch.noteStatement({ kind: 'table', table: 'a' }, [])
    assert.notEqual(watch.stamp(['a']), rows)
    assert.notEqual(watch.listStamp('a'), lists)
  })

  it("moves a key's version for its keyed writes only, never back to a value it had", () => {
    const keyed = { kind: 'keyed', table: 'a', parameter: 1 } as const
    assert.equal(watch.keyVersion('a', 'k'), 0)
    watch.noteStatement(keyed, ['x', 'k'])
    const first = watch.keyVersion('a', 'k')
    assert.notEqual(first, 0)
    watch.noteStatement(keyed, ['x', 'other'])
    assert.equal(watch.keyVersion('a', 'k'), first)
    assert.equal(watch.keyVersion('b', 'k'), 0)
    watch.noteStatement(keyed, ['x', 'k'])
    assert.ok(watch.keyVersion('a', 'k') > first)
  })

  it('forgets every key past 100,000 of a table, and moves its list stamp as it does', () => {
    const keyed = { kind: 'keyed', table: 'a', parameter: 0 } as const
    watch.noteStatement(keyed, ['first'])
    const lists = watch.listStamp('a')
    for (let key = 1; key < 100_000; key++) watch.noteStatement(keyed, [`key ${key}`])
    watch.noteStatement(keyed, ['first'])
    assert.equal(watch.listStamp('a'), lists)
    watch.noteStatement(keyed, ['one more'])
    assert.notEqual(watch.listStamp('a'), lists)
    assert.equal(watch.keyVersion('a', 'first'), 0)
  })

  it("moves inside this connection's open transaction for another process's commit, and asks SQLite once it is over", () => {
    let open = false
    const transactional = createChangeWatch(counted, header, () => open)
    const before = transactional.stamp(['a'])
    pragmas = 0
    own.exec('begin')
    own.prepare('select n from a').get()
    open = true
    commitInAnotherProcess('update b set n = n + 1')
    // Inside the transaction the pragma would answer from its snapshot, unchanged.
    const during = transactional.stamp(['a'])
    assert.notEqual(during, before)
    assert.equal(pragmas, 0)
    own.exec('commit')
    open = false
    const afterwards = transactional.stamp(['a'])
    assert.equal(pragmas, 1)
    assert.equal(transactional.stamp(['a']), afterwards)
    assert.equal(pragmas, 1)
  })

  it('asks SQLite on every stamp without a header, or when the header cannot be read whole', () => {
    for (const walHeader of [undefined, { read: () => false, close: () => undefined }]) {
      const unaided = createChangeWatch(counted, walHeader)
      pragmas = 0
      const stamp = unaided.stamp(['a'])
      other.exec('update b set n = n + 1')
      assert.notEqual(unaided.stamp(['a']), stamp)
      assert.equal(unaided.stamp(['a']), unaided.stamp(['a']))
      assert.equal(pragmas, 4)
    }
  })

  it('has no header to read for an in-memory database', () => {
    assert.equal(openWalHeader(':memory:'), undefined)
  })
})
