import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import type { UserTable } from '../../db/schema.ts'
import { normalizeEmail, type User } from './user.ts'

function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    displayName: row.display_name,
    givenName: row.given_name,
    familyName: row.family_name,
    hasPassword: row.password_hash !== null,
    emailConfirmed: row.email_confirmed === 1,
    enabled: row.enabled === 1,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }
}

export interface UserWithPassword {
  readonly user: User
  readonly passwordHash: string | undefined
}

export async function findUserById(db: Db, userId: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
  return row && toUser(row)
}

export async function hasUserWithEmail(db: Db, tenantId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('email_normalized', '=', normalizeEmail(email))
    .executeTakeFirst()
  return row !== undefined
}

export async function findUserWithPasswordByEmail(
  db: Db,
  tenantId: string,
  email: string,
): Promise<UserWithPassword | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('email_normalized', '=', normalizeEmail(email))
    .executeTakeFirst()
  return row && { user: toUser(row), passwordHash: row.password_hash ?? undefined }
}

/** Inserts the user; false when the tenant already has that email (the race the caller lost). */
export async function insertUser(db: Db, user: User, passwordHash: string | undefined): Promise<boolean> {
  try {
    await db
      .insertInto('users')
      .values({
        id: user.id,
        tenant_id: user.tenantId,
        email: user.email,
        email_normalized: normalizeEmail(user.email),
        display_name: user.displayName,
        given_name: user.givenName,
        family_name: user.familyName,
        password_hash: passwordHash ?? null,
        email_confirmed: user.emailConfirmed ? 1 : 0,
        enabled: user.enabled ? 1 : 0,
        created_at: user.createdAt.getTime(),
        updated_at: user.updatedAt.getTime(),
      })
      .execute()
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}

export async function updatePasswordHash(
  db: Db,
  userId: string,
  passwordHash: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: at.getTime() })
    .where('id', '=', userId)
    .execute()
}
