import type { Db } from '../../db/database.ts'
import { toUserRow } from './user.repository.ts'
import type { User } from './user.ts'

// Bulk reads and writes of the user import: one query per batch, not one per row.

/** Of the normalized emails or usernames given, those the tenant already has. */
export async function findTaken(
  db: Db,
  tenantId: string,
  column: 'email_normalized' | 'username_normalized',
  normalized: readonly string[],
): Promise<Set<string>> {
  if (normalized.length === 0) return new Set()
  const rows = await db
    .selectFrom('users')
    .select(column)
    .where('tenant_id', '=', tenantId)
    .where(column, 'in', normalized)
    .execute()
  return new Set(rows.flatMap((row) => row[column] ?? []))
}

/**
 * Inserts the users in one statement; a row whose email or username is taken by then (a sign-up
 * racing the import) is left out, not an error. Returns the ids inserted.
 */
export async function insertUsersIgnoringTaken(
  db: Db,
  users: readonly { user: User; passwordHash: string }[],
): Promise<Set<string>> {
  if (users.length === 0) return new Set()
  const rows = await db
    .insertInto('users')
    .values(users.map(({ user, passwordHash }) => toUserRow(user, passwordHash)))
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .execute()
  return new Set(rows.map((row) => row.id))
}
