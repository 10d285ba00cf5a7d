import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { findUserById } from '../user/user.repository.ts'
import type { User } from '../user/user.ts'
import { demoteRoleHolders, lockTenantRoles, updateUserRole } from './role.repository.ts'
import { displacedBy, type Role } from './role.ts'

export interface RoleServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly audit?: AuditRecorder
}

export type RoleService = ReturnType<typeof createRoleService>

export interface RoleChange {
  readonly tenantId: string
  readonly userId: string
  readonly role: Role
}

export function createRoleService({ db, clock, audit = noAuditLog }: RoleServiceDeps) {
  /** `callerId` undefined: an operator's change, trusted like the original's gRPC SetUserRole. */
  function apply(input: RoleChange, callerId: string | undefined): Promise<User> {
    return db.transaction().execute(async (trx) => {
      // Under the lock, so an ADMIN displaced a moment ago can no longer hand roles out.
      await lockTenantRoles(trx, input.tenantId)
      if (callerId !== undefined) {
        const caller = await findUserById(trx, callerId)
        // PLATFORM_MANAGER holds PWA_PROFILE too, but could then make themselves ADMIN.
        if (caller?.tenantId !== input.tenantId || caller.role !== 'ADMIN') throw new AppError('forbidden')
      }
      const { role } = input
      if (role === 'USER') throw new AppError('role_not_assignable')
      const user = await findUserById(trx, input.userId)
      if (user === undefined || user.tenantId !== input.tenantId) throw new AppError('user_not_found')
      const now = clock.now()
      await demoteRoleHolders(trx, input.tenantId, displacedBy(role), now)
      await updateUserRole(trx, user.id, role, now)
      await audit.record(
        {
          type: 'role.changed',
          tenantId: input.tenantId,
          actorUserId: callerId,
          subjectUserId: user.id,
          details: { role, previous_role: user.role },
        },
        trx,
      )
      return { ...user, role, updatedAt: now }
    })
  }

  return {
    /**
     * An operator gives a user of the tenant a single-holder role (the CLI and internal callers),
     * first making the current holders USERs, in one transaction. USER is never given directly: a
     * user becomes USER when another user takes their role over.
     * @throws {AppError} role_not_assignable, user_not_found (also for a user of another tenant)
     */
    changeRole(input: RoleChange): Promise<User> {
      return apply(input, undefined)
    },

    /**
     * The same change asked for by a signed-in user: only an ADMIN of the tenant may make it.
     * @throws {AppError} forbidden, role_not_assignable, user_not_found
     */
    changeRoleAs(callerId: string, input: RoleChange): Promise<User> {
      return apply(input, callerId)
    },
  }
}
