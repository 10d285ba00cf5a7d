import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { unlessDuplicate } from '../../db/errors.ts'
import { prepareQuery } from '../../db/prepared.ts'
import { cachedRowById } from '../../db/read-cache.ts'
import { date, flag, oneOf, optional, optionalDate, rowMapper } from '../../db/row-mapping.ts'
import type { UserTable } from '../../db/schema.ts'
import { isRole } from '../role/role.ts'
import { type AuthMethod, normalizeEmail, normalizeUsername, type User } from './user.ts'

export const toUser = rowMapper<Selectable<UserTable>, User>({
  id: 'id',
  tenantId: 'tenant_id',
  email: 'email',
  username: optional('username'),
  displayName: 'display_name',
  givenName: 'given_name',
  familyName: 'family_name',
  hasPassword: (row) => row.password_hash !== null,
  passwordExpiresAt: optionalDate('password_expires_at'),
  emailConfirmed: flag('email_confirmed'),
  enabled: (row) => row.enabled === 1 && row.disabled_at === null,
  disabledAt: optionalDate('disabled_at'),
  role: oneOf('role', isRole, 'USER'),
  language: optional('language'),
  authMethod: (row) => row.auth_method as AuthMethod,
  kycVerified: (row) => row.kyc_record_id !== null,
  createdAt: date('created_at'),
  updatedAt: date('updated_at'),
})

export interface UserWithPassword {
  readonly user: User
  readonly passwordHash: string | undefined
}

/** A user row with its password hash, for the flows that check or carry the password. */
export function toUserWithPassword(row: Selectable<UserTable>): UserWithPassword {
  return { user: toUser(row), passwordHash: row.password_hash ?? undefined }
}

/** On every authenticated request's path: kept until the users table may have changed. */
export const findUserById: (db: Db, userId: string) => Promise<User | undefined> = cachedRowById(
  'users',
  toUser,
)

export async function hasUserWithEmail(db: Db, tenantId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('email_normalized', '=', normalizeEmail(email))
    .executeTakeFirst()
  return row !== undefined
}

type LoginColumn = 'email_normalized' | 'username_normalized'

// Prepared: every password sign-in reads its user this way.
const userByLogin = (column: LoginColumn) =>
  prepareQuery<Selectable<UserTable>, [string, string]>(2, (db, tenantId, value) =>
    db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where(column, '=', value),
  )
const usersByLogin = {
  email_normalized: userByLogin('email_normalized'),
  username_normalized: userByLogin('username_normalized'),
}

/** The tenant's user whose normalized email or username is `value`, with their password hash. */
async function findUserWithPasswordWhere(
  db: Db,
  tenantId: string,
  column: LoginColumn,
  value: string,
): Promise<UserWithPassword | undefined> {
  const [row] = await usersByLogin[column](db, tenantId, value)
  return row && toUserWithPassword(row)
}

export function findUserWithPasswordByEmail(
  db: Db,
  tenantId: string,
  email: string,
): Promise<UserWithPassword | undefined> {
  return findUserWithPasswordWhere(db, tenantId, 'email_normalized', normalizeEmail(email))
}

/** The user whose username, or else whose email, is `login` (ignoring case). */
export async function findUserWithPasswordByLogin(
  db: Db,
  tenantId: string,
  login: string,
): Promise<UserWithPassword | undefined> {
  const byUsername = await findUserWithPasswordWhere(
    db,
    tenantId,
    'username_normalized',
    normalizeUsername(login),
  )
  return byUsername ?? findUserWithPasswordByEmail(db, tenantId, login)
}

/** The row of a new user. */
export function toUserRow(user: User, passwordHash: string | undefined): Insertable<UserTable> {
  return {
    id: user.id,
    tenant_id: user.tenantId,
    email: user.email,
    email_normalized: normalizeEmail(user.email),
    username: user.username ?? null,
    username_normalized: user.username === undefined ? null : normalizeUsername(user.username),
    display_name: user.displayName,
    given_name: user.givenName,
    family_name: user.familyName,
    password_hash: passwordHash ?? null,
    password_expires_at: user.passwordExpiresAt?.getTime() ?? null,
    email_confirmed: user.emailConfirmed ? 1 : 0,
    enabled: user.enabled ? 1 : 0,
    role: user.role,
    language: user.language ?? null,
    auth_method: user.authMethod,
    created_at: user.createdAt.getTime(),
    updated_at: user.updatedAt.getTime(),
  }
}

/** Inserts the user; false when the tenant already has that email (the race the caller lost). */
export async function insertUser(db: Db, user: User, passwordHash: string | undefined): Promise<boolean> {
  return unlessDuplicate(db.insertInto('users').values(toUserRow(user, passwordHash)).execute())
}

/** Sets a new password and its expiry (a password change, not a re-hash). */
export async function updatePassword(
  db: Db,
  userId: string,
  passwordHash: string,
  expiresAt: Date | undefined,
  at: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      password_expires_at: expiresAt?.getTime() ?? null,
      updated_at: at.getTime(),
    })
    .where('id', '=', userId)
    .execute()
}

/** Sets or clears the username; false when another user of the tenant holds it. */
export async function updateUsername(
  db: Db,
  userId: string,
  username: string | undefined,
  at: Date,
): Promise<boolean> {
  return unlessDuplicate(
    db
      .updateTable('users')
      .set({
        username: username ?? null,
        username_normalized: username === undefined ? null : normalizeUsername(username),
        updated_at: at.getTime(),
      })
      .where('id', '=', userId)
      .execute(),
  )
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

/**
 * Makes the user ADMIN if they are the only user of their tenant (AMPnet's first-admin rule). Run
 * after the user's insert committed: of two sign-ups racing to be first, the later one sees both.
 */
export async function promoteIfOnlyUser(db: Db, userId: string, tenantId: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ role: 'ADMIN' })
    .where('id', '=', userId)
    .where((eb) =>
      eb(
        eb
          .selectFrom('users')
          .select((inner) => inner.fn.countAll().as('n'))
          .where('tenant_id', '=', tenantId),
        '=',
        1,
      ),
    )
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Marks the account disabled by an operator (kept apart from `enabled`); false for an unknown user. */
export async function updateUserDisabledAt(db: Db, userId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ disabled_at: at.getTime(), updated_at: at.getTime() })
    .where('id', '=', userId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Lifts an operator's disable; false when the user is unknown or was not disabled. */
export async function clearUserDisabledAt(db: Db, userId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ disabled_at: null, updated_at: at.getTime() })
    .where('id', '=', userId)
    .where('disabled_at', 'is not', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
