import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../database.ts'

// Frozen: an index for AMPnet's admin "find by email fragment" (a case-insensitive substring match
// on users.email_normalized). PostgreSQL serves it from a pg_trgm GIN index, so it stays fast at a
// million users. SQLite has no such index and scans the tenant's rows.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return
  // The migration runs in one transaction: a failed CREATE EXTENSION (not installed on the server,
  // or not permitted) must not abort it, hence the savepoints. The extension goes to `public` when
  // it can: installed into an application schema, it would vanish (with every index using it, in
  // any schema) when that schema is dropped.
  for (const create of [
    sql`create extension if not exists pg_trgm with schema public`,
    sql`create extension if not exists pg_trgm`,
  ]) {
    await sql`savepoint lk_trgm`.execute(db)
    try {
      await create.execute(db)
      await sql`release savepoint lk_trgm`.execute(db)
      break
    } catch {
      await sql`rollback to savepoint lk_trgm`.execute(db)
    }
  }
  const found = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db)
  const schema = found.rows[0]?.schema
  if (schema === undefined) {
    // Without pg_trgm the best PostgreSQL offers is a pattern index, which serves prefix matches.
    await sql`create index users_email_pattern_idx on users (tenant_id, email_normalized text_pattern_ops)`.execute(
      db,
    )
    return
  }
  // The operator class is qualified: the extension may live in a schema outside the search path.
  await sql`create index users_email_trgm_idx on users using gin (email_normalized ${sql.id(schema)}.gin_trgm_ops)`.execute(
    db,
  )
}
