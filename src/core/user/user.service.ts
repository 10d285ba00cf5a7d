import type { Db } from '../../db/database.ts'
import { AppError, validationError } from '../errors.ts'
import { type Clock, systemClock } from '../shared/clock.ts'
import { findUserById, findUserWithPasswordByLogin, updateUsername } from './user.repository.ts'
import { isValidUsername, type User } from './user.ts'

export interface UserServiceDeps {
  readonly db: Db
  readonly clock?: Clock
}

export type UserService = ReturnType<typeof createUserService>

export function createUserService({ db, clock = systemClock }: UserServiceDeps) {
  /**
   * The user a genuine access token speaks for, as the database has them now; undefined when
   * that user is gone or belongs to another tenant (a token outlives its user's row).
   */
  async function findOfToken(claims: { userId: string; tenantId: string }): Promise<User | undefined> {
    const user = await findUserById(db, claims.userId)
    return user?.tenantId === claims.tenantId ? user : undefined
  }

  return {
    find: (userId: string): Promise<User | undefined> => findUserById(db, userId),

    findOfToken,

    /** The tenant's user with this username or, failing that, this email. */
    async findByLogin(tenantId: string, login: string): Promise<User | undefined> {
      return (await findUserWithPasswordByLogin(db, tenantId, login))?.user
    },

    /** @throws {AppError} user_not_found */
    async get(userId: string): Promise<User> {
      const user = await findUserById(db, userId)
      if (user === undefined) throw new AppError('user_not_found')
      return user
    },

    /**
     * Gives the user a sign-in name (undefined clears it). Unique per tenant ignoring case.
     * @throws {AppError} validation_failed, username_taken, user_not_found
     */
    async setUsername(userId: string, username: string | undefined): Promise<User> {
      const trimmed = username?.trim()
      if (trimmed !== undefined && !isValidUsername(trimmed)) {
        throw validationError([
          { field: 'username', problem: 'must be 1-64 letters, digits, dots, dashes or underscores' },
        ])
      }
      const user = await findUserById(db, userId)
      if (user === undefined) throw new AppError('user_not_found')
      if (!(await updateUsername(db, userId, trimmed, clock.now()))) throw new AppError('username_taken')
      return { ...user, username: trimmed }
    },
  }
}
