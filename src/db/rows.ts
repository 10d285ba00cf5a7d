import type { Kysely, Selectable, Updateable } from 'kysely'
import type { Db } from './database.ts'
import type { Schema } from './schema.ts'

// The one-table reads and writes most repositories make: the rows whose columns all hold given values.

export type Table = keyof Schema & string

/** A row of `T` as read. */
export type Row<T extends Table> = Selectable<Schema[T]>

/** Columns and the values they must all hold; a null value matches with `is null`. */
export type Match<T extends Table> = { readonly [C in keyof Row<T>]?: Row<T>[C] }

// Kysely cannot work out its builders' types for a table named by a type parameter, so the helpers
// query through an untyped view of the same database; their signatures carry the row types.
const untyped = (db: Db) => db as unknown as Kysely<Record<string, Record<string, unknown>>>

/**
 * The match as Kysely's object condition. Kysely leaves out a column whose value is undefined and
 * reads an empty object as true, so an id that never arrived would widen a delete or an update to
 * every row of the table: refused here as the programming error it is. Only a list may match all.
 */
function condition<T extends Table>(table: T, match: Match<T>, matchesAll = false) {
  const entries = Object.entries(match)
  if (entries.length === 0 && !matchesAll) throw new Error(`${table}: the match names no column`)
  for (const [column, value] of entries) {
    if (value === undefined) throw new Error(`${table}.${column}: matched on undefined`)
  }
  return match as Readonly<Record<string, unknown>>
}

/** A query for the one row that matches (callers match on a unique key): the row, or undefined. */
type OneRow = <T extends Table>(db: Db, table: T, match: Match<T>) => Promise<Row<T> | undefined>

export const findRow: OneRow = async (db, table, match) => {
  const query = untyped(db)
    .selectFrom(table as string)
    .selectAll()
    .where((eb) => eb.and(condition(table, match)))
  return (await query.executeTakeFirst()) as Row<typeof table> | undefined
}

/** Deletes the matching row and returns it: of callers racing for one row, only one gets it. */
export const takeRow: OneRow = async (db, table, match) => {
  const query = untyped(db)
    .deleteFrom(table as string)
    .where((eb) => eb.and(condition(table, match)))
    .returningAll()
  return (await query.executeTakeFirst()) as Row<typeof table> | undefined
}

/** Sets `columns` on every matching row; how many there were. */
export async function updateRows<T extends Table>(
  db: Db,
  table: T,
  match: Match<T>,
  columns: Updateable<Schema[T]>,
): Promise<number> {
  const query = untyped(db)
    .updateTable(table as string)
    .set(columns)
    .where((eb) => eb.and(condition(table, match)))
  return Number((await query.executeTakeFirst()).numUpdatedRows)
}

/** Deletes every matching row; how many there were. */
export async function deleteRows<T extends Table>(db: Db, table: T, match: Match<T>): Promise<number> {
  const query = untyped(db)
    .deleteFrom(table as string)
    .where((eb) => eb.and(condition(table, match)))
  return Number((await query.executeTakeFirst()).numDeletedRows)
}

/** The tables whose rows carry an id and a creation time, which together order them for good. */
export type DatedTable = {
  [T in Table]: Schema[T] extends { id: unknown; created_at: unknown } ? T : never
}[Table]

/** The matching rows oldest first (or newest first), the id ordering those created together. */
export async function listRows<T extends DatedTable>(
  db: Db,
  table: T,
  match: Match<T>,
  { newestFirst = false, limit }: { readonly newestFirst?: boolean; readonly limit?: number } = {},
): Promise<Row<T>[]> {
  const direction = newestFirst ? 'desc' : 'asc'
  const rows = await untyped(db)
    .selectFrom(table as string)
    .selectAll()
    .where((eb) => eb.and(condition(table, match, true)))
    .orderBy('created_at', direction)
    .orderBy('id', direction)
    .$if(limit !== undefined, (query) => query.limit(limit ?? 0))
    .execute()
  return rows as Row<T>[]
}
