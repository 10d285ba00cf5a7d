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

/** Per database (its change watch), a bounded map of what one cache keeps there. */
function keptPerDatabase<Entry>(capacity: number): (watch: ChangeWatch) => Map<string, Entry> {
  const kept = new WeakMap<ChangeWatch, Map<string, Entry>>()
  return (watch) => {
    let entries = kept.get(watch)
    if (entries === undefined) {
      entries = new BoundedMap(capacity)
      kept.set(watch, entries)
    }
    return entries
  }
}

/**
 * `query` of one key made into a value by `map`, the value remembered until any of `tables` may have
 * changed (change-watch.ts), on SQLite. Only for look-ups of at most one row by a unique key: only a
 * row found is kept, never an absence (an insert moves no counter). On every request's path, a SQLite
 * read through Kysely cost about as much as the rest of `GET /me`; the stamp that proves a kept value
 * current costs one small file read while nothing has been committed (change-watch.ts). The value is
 * kept mapped, so a request that finds it does no mapping either, and frozen, so that no caller
 * changes what the next one gets. On PostgreSQL, and inside a transaction, every call reads the database.
 */
export function cacheWhileUnchanged<Row, Value extends object>(
  tables: readonly string[],
  query: (db: Db, key: string) => Promise<Row[]>,
  map: (row: Row) => Value,
): (db: Db, key: string) => Promise<Value | undefined> {
  const keptIn = keptPerDatabase<{ stamp: number; value: Value }>(MAX_ENTRIES)
  const read = async (db: Db, key: string) => {
    const [row] = await query(db, key)
    return row === undefined ? undefined : Object.freeze(map(row))
  }

  return async (db, key) => {
    const watch = watches.get(db)
    if (watch === undefined) return read(db, key)
    const entries = keptIn(watch)
    const before = watch.stamp(tables)
    const entry = entries.get(key)
    if (entry?.stamp === before) return entry.value
    const value = await read(db, key)
    // Kept as of `before`, and served only while the stamp is still `before`: the read came after
    // it, so it shows that unchanged state. A change while the query ran makes the value useless.
    if (value !== undefined && watch.stamp(tables) === before) entries.set(key, { stamp: before, value })
    return value
  }
}

// Lists are larger than rows: fewer are kept.
const MAX_LISTS = 2_000

/**
 * A list of `table`'s rows of one key (a user's ideas, a page of them), read by `query` and kept per
 * key and `variant` (which page) until it may have changed, on SQLite: until another key's writes
 * could not have changed it, that is until an insert or update of the table not declared keyed
 * (change-watch.ts `declareKeyedWrite`), a keyed write of this key, a delete or unknown statement,
 * or another connection's commit. The proof costs what a kept row's does. The list is kept frozen,
 * its items too. On PostgreSQL, and inside a transaction, every call reads the database.
 */
export function cacheListWhileUnchanged<Args extends unknown[], Item extends object>(
  table: string,
  variantOf: (...args: Args) => string,
  query: (db: Db, key: string, ...args: Args) => Promise<Item[]>,
): (db: Db, key: string, ...args: Args) => Promise<readonly Item[]> {
  const keptIn = keptPerDatabase<{ stamp: number; version: number; list: readonly Item[] }>(MAX_LISTS)

  return async (db, key, ...args) => {
    const watch = watches.get(db)
    // Keyed writes are told apart by string keys only (change-watch.ts); SQLite would bind another
    // kind of value (a bigint) to the same rows under a key this cache would not match.
    if (watch === undefined || typeof key !== 'string') return query(db, key, ...args)
    const entries = keptIn(watch)
    const id = `${key}\u0000${variantOf(...args)}`
    const stamp = watch.listStamp(table)
    const version = watch.keyVersion(table, key)
    const entry = entries.get(id)
    if (entry?.stamp === stamp && entry.version === version) return entry.list
    const list = Object.freeze((await query(db, key, ...args)).map((item) => Object.freeze(item)))
    // As for a row: kept only if nothing that could change it happened while the query ran.
    if (watch.listStamp(table) === stamp && watch.keyVersion(table, key) === version)
      entries.set(id, { stamp, version, list })
    return list
  }
}

type TableWithId = { [T in keyof Schema]: Schema[T] extends { id: string } ? T : never }[keyof Schema]

/** The row of `table` with this `id`, mapped, kept until the table may have changed (as above). */
export function cachedRowById<T extends TableWithId, Mapped extends object>(
  table: T,
  map: (row: Selectable<Schema[T]>) => Mapped,
): (db: Db, id: string) => Promise<Mapped | undefined> {
  return cacheWhileUnchanged(
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
    map,
  )
}
