import type { Db } from '../../db/database.ts'
import { AppError } from '../errors.ts'
import type { SessionService } from '../session/session.service.ts'
import type { Clock } from '../shared/clock.ts'
import { findUserById, findUserWithPasswordByLogin, updateUserDisabledAt } from './user.repository.ts'
import type { User } from './user.ts'

export interface UserOperatorDeps {
  readonly db: Db
  readonly clock: Clock
  readonly sessions: SessionService
}

export type UserOperator = ReturnType<typeof createUserOperator>

/** What an operator does to one account (CLI), trusted like the original's gRPC calls. */
export function createUserOperator({ db, clock, sessions }: UserOperatorDeps) {
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
     * or the periodic sync, on the other instances.
     * @throws {AppError} user_not_found
     */
    async disable(userId: string): Promise<number> {
      const user = await findUserById(db, userId)
      if (user === undefined || !(await updateUserDisabledAt(db, userId, clock.now())))
        throw new AppError('user_not_found')
      return sessions.endAllOfUser(user, 'disabled')
    },
  }
}
