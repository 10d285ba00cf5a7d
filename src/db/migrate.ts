import { type Kysely, sql } from 'kysely'
import type { Database, Dialect } from './database.ts'
import * as identityCore from './migrations/2026-11-21-identity-core.ts'
import * as mailOutbox from './migrations/2026-11-22-mail-outbox.ts'
import * as usernamesApiKeys from './migrations/2026-11-22-usernames-api-keys.ts'
import * as ampnetCoopsRoles from './migrations/2026-11-23-ampnet-coops-roles.ts'
import * as ampnetCoopsAdmin from './migrations/2026-11-24-ampnet-coops-admin.ts'
import * as kycBankAccounts from './migrations/2026-11-25-kyc-bank-accounts.ts'
import * as signingKeyActivation from './migrations/2026-11-26-signing-key-activation.ts'
import * as auditEvents from './migrations/2026-11-27-audit-events.ts'
import * as userEmailTrigrams from './migrations/2026-11-27-user-email-trigrams.ts'
import * as userDisabled from './migrations/2026-11-28-user-disabled.ts'
import * as tenantLockout from './migrations/2026-11-29-tenant-lockout.ts'
import * as oidcProvider from './migrations/2026-12-05-oidc-provider.ts'
import * as tenantEmailConfirmation from './migrations/2026-12-05-tenant-email-confirmation.ts'
import * as webhooks from './migrations/2026-12-05-webhooks.ts'
import * as auditUserIndexes from './migrations/2026-12-06-audit-user-indexes.ts'
import * as consoleOperators from './migrations/2026-12-06-console-operators.ts'
import * as mfa from './migrations/2026-12-06-mfa.ts'

export interface Migration {
  readonly name: string
  /** `dialect`: for the rare index or extension one database has and the other has not. */
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>
}

// Append only; a migration, once released, never changes (instances of an older release may still run).
export const migrations: readonly Migration[] = [
  { name: '2026-11-21-identity-core', up: identityCore.up },
  { name: '2026-11-22-usernames-api-keys', up: usernamesApiKeys.up },
  { name: '2026-11-22-mail-outbox', up: mailOutbox.up },
  { name: '2026-11-23-ampnet-coops-roles', up: ampnetCoopsRoles.up },
  { name: '2026-11-24-ampnet-coops-admin', up: ampnetCoopsAdmin.up },
  { name: '2026-11-25-kyc-bank-accounts', up: kycBankAccounts.up },
  { name: '2026-11-26-signing-key-activation', up: signingKeyActivation.up },
  { name: '2026-11-27-audit-events', up: auditEvents.up },
  { name: '2026-11-27-user-email-trigrams', up: userEmailTrigrams.up },
  { name: '2026-11-28-user-disabled', up: userDisabled.up },
  { name: '2026-11-29-tenant-lockout', up: tenantLockout.up },
  { name: '2026-12-05-tenant-email-confirmation', up: tenantEmailConfirmation.up },
  { name: '2026-12-05-oidc-provider', up: oidcProvider.up },
  { name: '2026-12-05-webhooks', up: webhooks.up },
  { name: '2026-12-06-audit-user-indexes', up: auditUserIndexes.up },
  { name: '2026-12-06-console-operators', up: consoleOperators.up },
  { name: '2026-12-06-mfa', up: mfa.up },
]

// Arbitrary constant naming Latchkey's migration lock among other advisory locks on the server.
const PG_LOCK_KEY = 727_105_233

/**
 * Applies pending migrations in one transaction under a lock, so that several instances starting
 * together apply each migration once: PostgreSQL takes a transaction-scoped advisory lock; SQLite's
 * BEGIN IMMEDIATE takes the write lock (the other process waits on busy_timeout).
 */
export async function migrate(database: Database): Promise<string[]> {
  return database.db.connection().execute(async (conn) => {
    const db = conn as unknown as Kysely<unknown>
    if (database.dialect === 'postgres') {
      await sql`begin`.execute(db)
      await sql`select pg_advisory_xact_lock(${PG_LOCK_KEY})`.execute(db)
    } else {
      await sql`begin immediate`.execute(db)
    }
    try {
      await db.schema
        .createTable('latchkey_migrations')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .execute()
      const done = await sql<{ name: string }>`select name from latchkey_migrations`.execute(db)
      const applied = new Set(done.rows.map((row) => row.name))
      const pending = migrations.filter((migration) => !applied.has(migration.name))
      for (const migration of pending) {
        await migration.up(db, database.dialect)
        await sql`insert into latchkey_migrations (name, applied_at) values (${migration.name}, ${Date.now()})`.execute(
          db,
        )
      }
      await sql`commit`.execute(db)
      return pending.map((migration) => migration.name)
    } catch (error) {
      await sql`rollback`.execute(db)
      throw error
    }
  })
}

/** True when every known migration has been applied (readiness). */
export async function isMigrated(database: Database): Promise<boolean> {
  const db = database.db as unknown as Kysely<unknown>
  try {
    const done = await sql<{ n: number }>`select count(*) as n from latchkey_migrations`.execute(db)
    return Number(done.rows[0]?.n) >= migrations.length
  } catch {
    return false
  }
}
