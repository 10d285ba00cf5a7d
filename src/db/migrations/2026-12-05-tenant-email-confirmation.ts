import type { Kysely } from 'kysely'

// Frozen: a tenant's mail-confirmation policy, set by an operator (CLI `coops set-sign-up`); 1: every
// surface's password sign-up waits for the mailed link, 0: only AMPnet's, as AMPNET_MAIL_CONFIRMATION says.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('confirm_email', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}
