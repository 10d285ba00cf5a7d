import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely'
import { lazyModule } from '../core/shared/lazy-module.ts'
import { inlineLimit } from './inline-limit.ts'
import { openNodeSqlite } from './node-sqlite.ts'
import { watchChanges } from './read-cache.ts'
import type { Schema } from './schema.ts'

export type Db = Kysely<Schema>
export type Dialect = 'sqlite' | 'postgres'

export interface Database {
  readonly db: Db
  readonly dialect: Dialect
  /**
   * Runs `work` while holding a lock named by `key` across every instance on this database, for
   * start-up chores that must happen once (making the first signing key). PostgreSQL: a session
   * advisory lock on a connection of its own, so `work` still uses the pool. SQLite serves one
   * instance, so there is nobody to exclude.
   */
  exclusively<T>(key: number, work: () => Promise<T>): Promise<T>
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>
  close(): Promise<void>
}

const pgModule = lazyModule<typeof import('pg')>('pg')

/** The pg driver, loaded when a PostgreSQL URL is configured (SQLite deployments never load it). */
export function loadPg(): typeof import('pg') {
  const pg = pgModule()
  // int8 (bigint) columns hold epoch milliseconds, which fit a JS number; pg returns strings by default.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))
  return pg
}

/** Which database `db` talks to, for the rare query one of them serves from its own kind of index. */
export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/**
 * True on PostgreSQL, whose `FOR UPDATE SKIP LOCKED` lets competing workers pass over each other's
 * rows instead of queueing behind them. SQLite has no row locks (one writer at a time anyway).
 */
export function hasRowLocks(db: Db): boolean {
  return dialectOf(db) === 'postgres'
}

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; undefined for SQLite in `dataDir`. */
  readonly url: string | undefined
  readonly dataDir: string
  readonly sqliteFile?: string
  readonly poolSize?: number
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.url !== undefined) {
    const pool = new (loadPg().Pool)({ connectionString: options.url, max: options.poolSize ?? 10 })
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
    return {
      db,
      dialect: 'postgres',
      async exclusively(key, work) {
        const client = await pool.connect()
        try {
          await client.query('select pg_advisory_lock($1)', [key])
          try {
            return await work()
          } finally {
            await client.query('select pg_advisory_unlock($1)', [key])
          }
        } finally {
          client.release()
        }
      },
      ping: async () => void (await pool.query('select 1')),
      close: () => db.destroy(),
    }
  }
  mkdirSync(options.dataDir, { recursive: true })
  const sqlite = openNodeSqlite(join(options.dataDir, options.sqliteFile ?? 'latchkey.db'))
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [inlineLimit] })
  watchChanges(db, sqlite.changes)
  return {
    db,
    dialect: 'sqlite',
    exclusively: (_key, work) => work(),
    ping: async () => void sqlite.prepare('select 1').all([]),
    close: () => db.destroy(),
  }
}
