import type { Db } from '../../db/database.ts'
import type { Role } from './role.ts'

/**
 * Serializes role changes within a tenant until the transaction ends: a no-op write to the tenant's
 * row takes its row lock on PostgreSQL and the write lock on SQLite, so two concurrent "make X the
 * ADMIN" calls cannot both leave an ADMIN behind.
 */
export async function lockTenantRoles(db: Db, tenantId: string): Promise<void> {
  await db
    .updateTable('tenants')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', tenantId)
    .execute()
}

/** Makes every holder of `heldRoles` in the tenant a USER. */
export async function demoteRoleHolders(
  db: Db,
  tenantId: string,
  heldRoles: readonly Role[],
  at: Date,
): Promise<void> {
  if (heldRoles.length === 0) return
  await db
    .updateTable('users')
    .set({ role: 'USER', updated_at: at.getTime() })
    .where('tenant_id', '=', tenantId)
    .where('role', 'in', heldRoles)
    .execute()
}

export async function updateUserRole(db: Db, userId: string, role: Role, at: Date): Promise<void> {
  await db.updateTable('users').set({ role, updated_at: at.getTime() }).where('id', '=', userId).execute()
}
