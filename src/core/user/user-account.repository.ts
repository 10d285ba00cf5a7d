import type { Db } from '../../db/database.ts'
import { toUserWithPassword, type UserWithPassword } from './user.repository.ts'

// The writes of a user's own account flows: mail confirmation, profile, password by user id.

export async function findUserWithPasswordById(
  db: Db,
  userId: string,
): Promise<UserWithPassword | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
  return row && toUserWithPassword(row)
}

/** The address is proven: the account is confirmed and enabled. */
export async function confirmUserEmail(db: Db, userId: string, at: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ email_confirmed: 1, enabled: 1, updated_at: at.getTime() })
    .where('id', '=', userId)
    .execute()
}

/** True when the user exists (and now has the language). */
export async function updateUserLanguage(
  db: Db,
  userId: string,
  language: string | undefined,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ language: language ?? null, updated_at: at.getTime() })
    .where('id', '=', userId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
