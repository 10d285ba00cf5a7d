import type { Db } from '../../db/database.ts'
import { countKyc } from '../kyc/kyc.service.ts'
import type { Role } from '../role/role.ts'
import { assertPaging } from '../shared/paging.ts'
import { findTenantByIdentifier } from '../tenant/tenant.repository.ts'
import { findUserById } from './user.repository.ts'
import { normalizeEmail, type User } from './user.ts'
import { countUsersOfTenant, findUsersPage, type UserFilter } from './user-admin.repository.ts'
import type { UserCounts, UserPageRequest } from './user-admin.ts'

export interface UserPage {
  readonly users: readonly User[]
  readonly page: number
  readonly totalPages: number
}

export type UserAdminService = ReturnType<typeof createUserAdminService>

/** An administrator's read-only view of the users of their own tenant. */
export function createUserAdminService({ db }: { readonly db: Db }) {
  async function page(tenantId: string, filter: UserFilter, request: UserPageRequest): Promise<UserPage> {
    assertPaging(request)
    const { users, total } = await findUsersPage(db, tenantId, filter, request)
    return { users, page: request.page, totalPages: Math.ceil(total / request.size) }
  }

  return {
    list: (tenantId: string, request: UserPageRequest) => page(tenantId, {}, request),

    /** Users whose address contains `fragment`, ignoring case. */
    findByEmail: (tenantId: string, fragment: string, request: UserPageRequest) =>
      page(tenantId, { emailContains: normalizeEmail(fragment) }, request),

    withRole: (tenantId: string, role: Role, request: UserPageRequest) => page(tenantId, { role }, request),

    /** A user of the tenant; undefined for unknown ids and for users of other tenants alike. */
    async find(tenantId: string, userId: string): Promise<User | undefined> {
      const user = await findUserById(db, userId)
      return user?.tenantId === tenantId ? user : undefined
    },

    /**
     * AMPnet's admin counts: the seed's `registered` (users), `activated` (current KYC records) and
     * `deleted` (KYC records since replaced), plus HEAD's `verified` (users with a current record).
     */
    async counts(tenantId: string): Promise<UserCounts> {
      return { registered: await countUsersOfTenant(db, tenantId), ...(await countKyc(db, tenantId)) }
    },

    /** Users of the tenant with that identifier; 0 for an unknown one (a public figure, no error). */
    async countByTenantIdentifier(identifier: string): Promise<number> {
      const tenant = await findTenantByIdentifier(db, identifier)
      return tenant === undefined ? 0 : countUsersOfTenant(db, tenant.id)
    },
  }
}
