import type { Kysely } from 'kysely'

// Frozen: AMPnet's user fields (role, language, how they signed up), coop settings on tenants,
// stored coop images, and single-use mail tokens (confirmation, password reset).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('USER'))
    .execute()
  await db.schema.alterTable('users').addColumn('language', 'text').execute()
  await db.schema
    .alterTable('users')
    .addColumn('auth_method', 'text', (c) => c.notNull().defaultTo('EMAIL'))
    .execute()
  await db.schema.createIndex('users_tenant_role_idx').on('users').columns(['tenant_id', 'role']).execute()

  await db.schema.alterTable('tenants').addColumn('hostname', 'text').execute()
  await db.schema.alterTable('tenants').addColumn('config', 'text').execute()
  await db.schema
    .alterTable('tenants')
    .addColumn('need_user_verification', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .alterTable('tenants')
    .addColumn('kyc_provider', 'text', (c) => c.notNull().defaultTo('VERIFF'))
    .execute()
  await db.schema
    .alterTable('tenants')
    .addColumn('disable_sign_up', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('tenants').addColumn('logo_file_id', 'text').execute()
  await db.schema.alterTable('tenants').addColumn('banner_file_id', 'text').execute()
  await db.schema.createIndex('tenants_hostname_idx').on('tenants').column('hostname').execute()

  await db.schema
    .createTable('tenant_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    // bytea in PostgreSQL; SQLite stores the bytes as a BLOB whatever the declared type.
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('mail_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('mail_tokens_user_idx')
    .on('mail_tokens')
    .columns(['user_id', 'purpose'])
    .execute()
}
