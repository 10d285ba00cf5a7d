import type { Kysely } from 'kysely'

// Frozen: an operator disabled the account (CLI `users disable`); null: not disabled. Kept apart from
// `enabled`, which AMPnet also uses for "e-mail not confirmed yet" and lets such users sign in.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute()
}
