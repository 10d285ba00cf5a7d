import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError } from '../errors.ts'
import type { SessionService } from '../session/session.service.ts'
import type { Clock } from '../shared/clock.ts'
import {
  clearUserDisabledAt,
  findUserById,
  findUserWithPasswordByLogin,
  updateUserDisabledAt,
} from './user.repository.ts'
import type { User } from './user.ts'
import { type ExportedUser, findUsersToExport } from './user-export.repository.ts'

export type { ExportedUser } from './user-export.repository.ts'

// Users read per query while exporting: memory stays flat however many there are.
const EXPORT_PAGE_SIZE = 500

export interface UserOperatorDeps {
  readonly db: Db
  readonly clock: Clock
  readonly sessions: SessionService
  readonly audit?: AuditRecorder
}

export type UserOperator = ReturnType<typeof createUserOperator>

/** What an operator does to one account (CLI), trusted like the original's gRPC calls. */
export function createUserOperator({ db, clock, sessions, audit = noAuditLog }: UserOperatorDeps) {
  return {
    /**
     * The tenant's user with that id, username or email (ignoring case).
     * @throws {AppError} user_not_found
     */
    async get(tenantId: string, idOrLogin: string): Promise<User> {
      const byId = await findUserById(db, idOrLogin)
      const user =
        byId?.tenantId === tenantId
          ? byId
          : (await findUserWithPasswordByLogin(db, tenantId, idOrLogin))?.user
      if (user === undefined) throw new AppError('user_not_found')
      return user
    },

    /**
     * Disables the account: sign-in, refresh and API keys are refused on every surface, and every
     * session ends, so its access tokens are refused at once here and, through the revocation bus
     * or the periodic sync, on the other instances. `actorUserId`: the administrator who asked
     * (undefined: an operator).
     * @throws {AppError} user_not_found
     */
    async disable(userId: string, actorUserId?: string): Promise<number> {
      const user = await findUserById(db, userId)
      if (user === undefined) throw new AppError('user_not_found')
      await db.transaction().execute(async (trx) => {
        if (!(await updateUserDisabledAt(trx, userId, clock.now()))) throw new AppError('user_not_found')
        const event = { type: 'user.disabled', tenantId: user.tenantId, subjectUserId: user.id } as const
        await audit.record({ ...event, actorUserId }, trx)
      })
      return sessions.endAllOfUser(user, 'disabled')
    },

    /**
     * Lifts an operator's disable: the user signs in again (with new sessions; the ended ones stay
     * ended). False when the user was not disabled (nothing changes, nothing is recorded).
     * @throws {AppError} user_not_found
     */
    async enable(userId: string, actorUserId?: string): Promise<boolean> {
      const user = await findUserById(db, userId)
      if (user === undefined) throw new AppError('user_not_found')
      if (user.disabledAt === undefined) return false
      return db.transaction().execute(async (trx) => {
        if (!(await clearUserDisabledAt(trx, userId, clock.now()))) return false
        const event = { type: 'user.enabled', tenantId: user.tenantId, subjectUserId: user.id } as const
        await audit.record({ ...event, actorUserId }, trx)
        return true
      })
    },

    /** Every user of the tenant (undefined: of every tenant) with their password hashes, by id. */
    async *exportUsers(tenantId: string | undefined): AsyncGenerator<ExportedUser> {
      let afterId = ''
      for (;;) {
        const page = await findUsersToExport(db, tenantId, afterId, EXPORT_PAGE_SIZE)
        yield* page
        const last = page.at(-1)
        if (last === undefined || page.length < EXPORT_PAGE_SIZE) return
        afterId = last.user.id
      }
    },

    /** Records that an operator wrote the users (and their password hashes) out of the database. */
    async recordExport(tenantId: string, details: { users: number; left_out: number }) {
      await audit.record({ type: 'users.exported', tenantId, actorUserId: undefined, details })
    },
  }
}
