import type { Kysely } from 'kysely'

// Frozen: multi-factor sign-in. A factor is one TOTP authenticator (its secret sealed) or one
// recovery code (its HMAC); `kind` leaves room for more kinds. A coop's MFA policy lives in its own
// row beside the coop: no row means the defaults (optional, no password-only legacy sign-in).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('code_hash', 'text')
    // The last TOTP time step accepted: a code of that step or an earlier one is a replay.
    .addColumn('last_used_step', 'bigint')
    // null: an enrolment started but not yet confirmed with a code.
    .addColumn('confirmed_at', 'bigint')
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('mfa_factors_user_idx').on('mfa_factors').columns(['user_id', 'kind']).execute()
  await db.schema
    .createTable('tenant_mfa_policies')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('legacy_password_allowed', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}
