import type { Kysely } from 'kysely'

// Frozen: a new signing key is published (JWKS) before it signs; null means "since created_at".
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signing_keys').addColumn('activates_at', 'bigint').execute()
}
