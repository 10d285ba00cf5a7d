import type { Selectable } from 'kysely'
import { BoundedMap } from '../core/shared/bounded-map.ts'
import type { ChangeWatch } from './change-watch.ts'
import type { Db } from './database.ts'
import { prepareQuery } from './prepared.ts'
import type { Schema } from './schema.ts'

// The SQLite databases whose reads may be cached, by their root Kysely instance. A transaction is
// another instance, so a read inside one always goes to the database: it may see its own writes,
// which a rollback would take back.
const watches = new WeakMap<Db, ChangeWatch>()

/** Lets read-cache.ts cache reads of `db` (openDatabase does so for SQLite). */
export function watchChanges(db: Db, watch: ChangeWatch): void {
  watches.set(db, watch)
}

const MAX_ENTRIES = 10_000

/**
 * `query` of one key, remembering its row until any of `tables` may have changed (change-watch.ts), on SQLite.
 * Only for look-ups of at most one row by a unique key: only a row found is kept, never an absence
 * (an insert moves no counter). On every request's path, a SQLite read through Kysely cost about as
 * much as the rest of `GET /me`; the stamp that proves a kept row current costs one small file read
 * while nothing has been committed (change-watch.ts).
 * On PostgreSQL, and inside a transaction, every call reads the database.
 */
export function cacheWhileUnchanged<Row>(
  tables: readonly string[],
  query: (db: Db, key: string) => Promise<Row[]>,
): (db: Db, key: string) => Promise<Row[]> {
  const kept = new WeakMap<ChangeWatch, Map<string, { stamp: number; rows: Row[] }>>()

  return async (db, key) => {
    const watch = watches.get(db)
    if (watch === undefined) return query(db, key)
    let entries = kept.get(watch)
    if (entries === undefined) {
      entries = new BoundedMap(MAX_ENTRIES)
      kept.set(watch, entries)
    }
    const before = watch.stamp(tables)
    const entry = entries.get(key)
    if (entry?.stamp === before) return entry.rows
    const rows = await query(db, key)
    // Kept as of `before`, and served only while the stamp is still `before`: the read came after
    // it, so it shows that unchanged state. A change while the query ran makes the row useless.
    if (rows.length === 1 && watch.stamp(tables) === before) {
      entries.set(key, { stamp: before, rows: rows.map((row) => Object.freeze(row)) })
    }
    return rows
  }
}

type TableWithId = { [T in keyof Schema]: Schema[T] extends { id: string } ? T : never }[keyof Schema]

/** The row of `table` with this `id`, mapped, kept until the table may have changed (as above). */
export function cachedRowById<T extends TableWithId, Mapped>(
  table: T,
  map: (row: Selectable<Schema[T]>) => Mapped,
): (db: Db, id: string) => Promise<Mapped | undefined> {
  const select = cacheWhileUnchanged(
    [table],
    // Kysely cannot follow a table name that is a type parameter; the row type is restated.
    prepareQuery<Selectable<Schema[T]>, [string]>(
      1,
      (db, id) =>
        db
          .selectFrom(table as TableWithId)
          .selectAll()
          .where('id', '=', id as string) as never,
    ),
  )
  return async (db, id) => {
    const [row] = await select(db, id)
    return row && map(row)
  }
}
