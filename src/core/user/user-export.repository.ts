import type { Db } from '../../db/database.ts'
import { toUserWithPassword } from './user.repository.ts'
import type { User } from './user.ts'

export interface ExportedUser {
  readonly user: User
  /** Undefined for an account that signs in only through Google or Facebook. */
  readonly passwordHash: string | undefined
  readonly coopIdentifier: string
}

/** Up to `limit` users after `afterId` (by id), of one tenant or of all, with their hashes. */
export async function findUsersToExport(
  db: Db,
  tenantId: string | undefined,
  afterId: string,
  limit: number,
): Promise<ExportedUser[]> {
  let query = db
    .selectFrom('users')
    .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
    .selectAll('users')
    .select('tenants.identifier as coop_identifier')
    .where('users.id', '>', afterId)
  if (tenantId !== undefined) query = query.where('users.tenant_id', '=', tenantId)
  const rows = await query.orderBy('users.id').limit(limit).execute()
  return rows.map(({ coop_identifier, ...row }) => ({
    ...toUserWithPassword(row),
    coopIdentifier: coop_identifier,
  }))
}
