import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Role } from '../role/role.ts'
import { toUser } from './user.repository.ts'
import type { User } from './user.ts'
import type { UserPageRequest, UserSortKey } from './user-admin.ts'

const columns = {
  // The normalized form, so that both databases order addresses alike whatever their collation.
  email: 'email_normalized',
  createdAt: 'created_at',
  givenName: 'given_name',
  familyName: 'family_name',
  role: 'role',
  enabled: 'enabled',
  id: 'id',
  language: 'language',
} as const satisfies Record<UserSortKey, string>

export interface UserFilter {
  /** A fragment of the address, lower-cased; matched anywhere in it. */
  readonly emailContains?: string | undefined
  readonly role?: Role | undefined
}

/** `%`, `_` and the escape character itself stand for themselves in the fragment. */
function containsPattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

function filtered(db: Db, tenantId: string, filter: UserFilter) {
  let query = db.selectFrom('users').where('tenant_id', '=', tenantId)
  if (filter.role !== undefined) query = query.where('role', '=', filter.role)
  if (filter.emailContains !== undefined) {
    // On PostgreSQL the trigram index users_email_trgm_idx serves this substring match.
    const pattern = containsPattern(filter.emailContains)
    query = query.where(sql<boolean>`email_normalized like ${pattern} escape '\\'`)
  }
  return query
}

/** One page of a tenant's users and how many match in all. */
export async function findUsersPage(
  db: Db,
  tenantId: string,
  filter: UserFilter,
  request: UserPageRequest,
): Promise<{ users: User[]; total: number }> {
  let query = filtered(db, tenantId, filter).selectAll()
  for (const { key, descending } of request.sort)
    query = query.orderBy(columns[key], descending ? 'desc' : 'asc')
  // A last, unique key: pages neither overlap nor skip users when sort keys tie.
  const rows = await query
    .orderBy('created_at')
    .orderBy('id')
    .limit(request.size)
    .offset(request.page * request.size)
    .execute()
  const counted = await filtered(db, tenantId, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return { users: rows.map(toUser), total: Number(counted.n) }
}

export async function countUsersOfTenant(db: Db, tenantId: string): Promise<number> {
  const counted = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow()
  return Number(counted.n)
}
