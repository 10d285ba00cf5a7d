import type { Db } from '../../db/database.ts'
import { AppError } from '../errors.ts'
import { findUserById } from './user.repository.ts'
import type { User } from './user.ts'

export type UserService = ReturnType<typeof createUserService>

export function createUserService({ db }: { readonly db: Db }) {
  return {
    find: (userId: string): Promise<User | undefined> => findUserById(db, userId),

    /** @throws {AppError} user_not_found */
    async get(userId: string): Promise<User> {
      const user = await findUserById(db, userId)
      if (user === undefined) throw new AppError('user_not_found')
      return user
    },
  }
}
