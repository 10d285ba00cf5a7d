import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before } from 'node:test'
import { Kysely, SqliteDialect, sql } from 'kysely'
import type { Db } from '../../src/db/database.ts'
import { openNodeSqlite } from '../../src/db/node-sqlite.ts'
import { watchChanges } from '../../src/db/read-cache.ts'

export interface WatchedSqlite {
  /** The file as the server opens it (node-sqlite.ts), its changes watched for the read cache. */
  readonly db: Db
  /** Another connection to the same file: what a second instance or the CLI is. */
  readonly other: DatabaseSync
  /** Runs each SQL text on `db`, in order. */
  exec(...texts: string[]): Promise<void>
}

/** A fresh SQLite file for the enclosing suite, opened in its `before` hook and removed in `after`. */
export function useWatchedSqlite(prefix: string): WatchedSqlite {
  let dir: string
  let db: Db | undefined
  let other: DatabaseSync | undefined
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
    const sqlite = openNodeSqlite(join(dir, 'test.db'))
    db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) }) as unknown as Db
    watchChanges(db, sqlite.changes)
    other = new DatabaseSync(join(dir, 'test.db'))
    other.exec('PRAGMA busy_timeout = 5000')
  })
  after(async () => {
    other?.close()
    await db?.destroy()
    rmSync(dir, { recursive: true, force: true })
  })
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the database opens in the suite’s before hook')
    return value
  }
  return {
    get db() {
      return opened(db)
    },
    get other() {
      return opened(other)
    },
    async exec(...texts) {
      for (const text of texts) await sql.raw(text).execute(opened(db))
    },
  }
}
