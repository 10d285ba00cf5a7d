import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { TenantTable } from '../../db/schema.ts'
import type { Tenant } from './tenant.ts'

function toTenant(row: Selectable<TenantTable>): Tenant {
  return {
    id: row.id,
    identifier: row.identifier,
    name: row.name,
    createdAt: new Date(row.created_at),
    passwordMaxAgeDays: row.password_max_age_days,
  }
}

export async function findTenantByIdentifier(db: Db, identifier: string): Promise<Tenant | undefined> {
  const row = await db
    .selectFrom('tenants')
    .selectAll()
    .where('identifier', '=', identifier)
    .executeTakeFirst()
  return row && toTenant(row)
}

export async function findTenantById(db: Db, tenantId: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst()
  return row && toTenant(row)
}

/** True when the tenant exists (and now has the policy). */
export async function updateTenantPasswordMaxAgeDays(
  db: Db,
  tenantId: string,
  days: number,
): Promise<boolean> {
  const result = await db
    .updateTable('tenants')
    .set({ password_max_age_days: days })
    .where('id', '=', tenantId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Inserts unless a tenant with that identifier exists (two instances may start together). */
export async function insertTenantIfAbsent(db: Db, tenant: Tenant): Promise<void> {
  await db
    .insertInto('tenants')
    .values({
      id: tenant.id,
      identifier: tenant.identifier,
      name: tenant.name,
      created_at: tenant.createdAt.getTime(),
      password_max_age_days: tenant.passwordMaxAgeDays,
    })
    .onConflict((oc) => oc.column('identifier').doNothing())
    .execute()
}
