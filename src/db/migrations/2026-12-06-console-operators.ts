import type { Kysely } from 'kysely'

// Frozen: the console's operators, who are not users of any coop. A sign-in link (printed by the
// CLI) is single use and short-lived; redeeming it opens an operator session. Both hold only the
// SHA-256 of their random token, so the table alone lets no one in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operator_sign_in_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute()
  await db.schema
    .createTable('operator_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute()
}
