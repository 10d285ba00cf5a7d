import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

// Frozen: AMPnet's bank accounts (integer ids, as its API shows them), KYC records and the user's
// link to the current one, and Veriff's sessions and decisions.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('bank_accounts')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('iban', 'text', (c) => c.notNull())
    .addColumn('bank_code', 'text', (c) => c.notNull())
    .addColumn('alias', 'text')
    .addColumn('bank_name', 'text')
    .addColumn('bank_address', 'text')
    .addColumn('beneficiary_name', 'text')
    .addColumn('beneficiary_address', 'text')
    .addColumn('beneficiary_city', 'text')
    .addColumn('beneficiary_country', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('bank_accounts_user_idx').on('bank_accounts').column('user_id').execute()

  // Only what a verified identity needs: no ID, document or personal numbers, no addresses.
  await db.schema
    .createTable('kyc_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text')
    .addColumn('nationality', 'text')
    .addColumn('document_type', 'text')
    .addColumn('document_country', 'text')
    .addColumn('document_valid_until', 'text')
    .addColumn('connected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deactivated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  // One record per provider session: a replayed webhook finds it instead of adding another.
  await db.schema
    .createIndex('kyc_records_session_idx')
    .on('kyc_records')
    .columns(['provider', 'session_id'])
    .unique()
    .execute()
  await db.schema.createIndex('kyc_records_user_idx').on('kyc_records').column('user_id').execute()
  await db.schema.alterTable('users').addColumn('kyc_record_id', 'text').execute()

  await db.schema
    .createTable('veriff_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('connected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('veriff_sessions_user_idx')
    .on('veriff_sessions')
    .columns(['user_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('veriff_decisions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('code', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('reason_code', 'integer')
    .addColumn('decision_time', 'text')
    .addColumn('acceptance_time', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
}
