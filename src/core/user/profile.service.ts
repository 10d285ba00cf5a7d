import type { Db } from '../../db/database.ts'
import { AppError, validationError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { findUserById } from './user.repository.ts'
import type { User } from './user.ts'
import { updateUserLanguage } from './user-account.repository.ts'

// AMPnet keeps a language of at most 8 characters and checks nothing else.
const MAX_LANGUAGE_LENGTH = 8

export type ProfileService = ReturnType<typeof createProfileService>

/** What users change about themselves, other than their password. */
export function createProfileService({ db, clock }: { readonly db: Db; readonly clock: Clock }) {
  return {
    /** @throws {AppError} validation_failed, user_not_found */
    async setLanguage(userId: string, language: string): Promise<User> {
      if (language.length > MAX_LANGUAGE_LENGTH) {
        throw validationError([
          { field: 'language', problem: `size must be between 0 and ${MAX_LANGUAGE_LENGTH}` },
        ])
      }
      if (!(await updateUserLanguage(db, userId, language, clock.now()))) throw new AppError('user_not_found')
      const user = await findUserById(db, userId)
      if (user === undefined) throw new AppError('user_not_found')
      return user
    },
  }
}
