import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { TenantTable } from '../../db/schema.ts'
import type { Tenant } from './tenant.ts'

function toTenant(row: Selectable<TenantTable>): Tenant {
  return { id: row.id, identifier: row.identifier, name: row.name, createdAt: new Date(row.created_at) }
}

export async function findTenantByIdentifier(db: Db, identifier: string): Promise<Tenant | undefined> {
  const row = await db
    .selectFrom('tenants')
    .selectAll()
    .where('identifier', '=', identifier)
    .executeTakeFirst()
  return row && toTenant(row)
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
    })
    .onConflict((oc) => oc.column('identifier').doNothing())
    .execute()
}
