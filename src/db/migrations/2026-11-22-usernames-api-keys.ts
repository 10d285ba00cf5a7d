import type { Kysely } from 'kysely'

// Frozen: usernames and password expiry on users, a password policy on tenants, API keys.
// Additive only, one column per ALTER (SQLite adds a single column per statement).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('username', 'text').execute()
  await db.schema.alterTable('users').addColumn('username_normalized', 'text').execute()
  await db.schema.alterTable('users').addColumn('password_expires_at', 'bigint').execute()
  // NULLs never collide in a unique index (both databases), so users without a username are fine.
  await db.schema
    .createIndex('users_tenant_username_unique')
    .on('users')
    .columns(['tenant_id', 'username_normalized'])
    .unique()
    .execute()

  await db.schema
    .alterTable('tenants')
    .addColumn('password_max_age_days', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_sealed', 'text', (c) => c.notNull())
    .addColumn('token_hmac', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .execute()
  await db.schema.createIndex('api_keys_user_idx').on('api_keys').columns(['user_id', 'created_at']).execute()
}
