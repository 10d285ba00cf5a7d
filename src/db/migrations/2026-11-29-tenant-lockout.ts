import type { Kysely } from 'kysely'

// Frozen: a tenant's own sign-in lockout, set by an operator (CLI `coops set-lockout`); null: the
// installation's LOCKOUT_* settings.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['lockout_threshold', 'lockout_base_seconds', 'lockout_max_seconds']) {
    await db.schema.alterTable('tenants').addColumn(column, 'integer').execute()
  }
}
