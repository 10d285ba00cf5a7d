import { sql } from 'kysely'
import { type Db, dialectOf } from '../../src/db/database.ts'

/** Every table of the database (the schema a test uses), from the catalogue: none is forgotten. */
async function allTables(db: Db): Promise<string[]> {
  const { rows } =
    dialectOf(db) === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
  return rows.map((row) => row.name)
}

/**
 * The rows, in any table, that hold one of `needles` (ignoring case) in any column: after an
 * erasure, the user's id and email must be found nowhere. Returns `table: row` lines.
 */
export async function rowsHolding(db: Db, needles: readonly string[]): Promise<string[]> {
  const lowered = needles.map((needle) => needle.toLowerCase())
  const found: string[] = []
  for (const table of await allTables(db)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)
    for (const row of rows) {
      const text = JSON.stringify(row, (_key, value) =>
        typeof value === 'bigint'
          ? String(value)
          : value instanceof Uint8Array
            ? Buffer.from(value).toString('latin1')
            : value,
      ).toLowerCase()
      if (lowered.some((needle) => text.includes(needle))) found.push(`${table}: ${text.slice(0, 300)}`)
    }
  }
  return found
}

/** How many rows each table holds, for "nothing else changed" checks. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of await allTables(db)) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      db,
    )
    counts[table] = Number(rows[0]?.n ?? 0)
  }
  return counts
}
