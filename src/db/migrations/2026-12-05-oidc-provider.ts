import type { Kysely } from 'kysely'

// Frozen: the OpenID Connect provider's storage. `oidc_clients`: applications registered by an
// operator (CLI `clients create`), the secret sealed with the master key because the provider must
// compare it in plain. `oidc_payloads`: what the provider stores by model name (sessions, grants,
// codes, tokens, interactions), keyed per tenant so that one tenant's token means nothing to another's
// provider; expired rows are swept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('oidc_clients_tenant_idx').on('oidc_clients').columns(['tenant_id']).execute()

  await db.schema
    .createTable('oidc_payloads')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('user_code', 'text')
    .addColumn('expires_at', 'bigint')
    .addColumn('consumed_at', 'bigint')
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['tenant_id', 'model', 'id'])
    .execute()
  await db.schema
    .createIndex('oidc_payloads_grant_idx')
    .on('oidc_payloads')
    .columns(['tenant_id', 'grant_id'])
    .execute()
  await db.schema
    .createIndex('oidc_payloads_uid_idx')
    .on('oidc_payloads')
    .columns(['tenant_id', 'uid'])
    .execute()
  await db.schema
    .createIndex('oidc_payloads_expiry_idx')
    .on('oidc_payloads')
    .columns(['expires_at'])
    .execute()
}
