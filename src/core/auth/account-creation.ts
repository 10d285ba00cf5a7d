import type { Db } from '../../db/database.ts'
import type { AuditRecorder } from '../audit/audit.service.ts'
import { AppError, validationError } from '../errors.ts'
import type { BreachedPasswordCheck } from '../password/breached-password.ts'
import type { PasswordHasher } from '../password/password-hasher.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import { hasUserWithEmail, insertUser, promoteIfOnlyUser } from '../user/user.repository.ts'
import { newUser, type User } from '../user/user.ts'
import { accountProblems, type RegisterInput } from './auth.ts'

export interface AccountCreationDeps {
  readonly db: Db
  readonly clock: Clock
  readonly passwords: PasswordHasher
  readonly tenants: TenantService
  readonly audit: AuditRecorder
  readonly breaches: BreachedPasswordCheck
  /** AMPnet's first-admin rule: whether the first account of this tenant becomes its ADMIN. */
  readonly firstAccountIsAdmin: (tenantId: string) => boolean
}

/**
 * The use case that creates a user with a password, without a session. The password's expiry follows the tenant's
 * policy. `onCreated` runs in the transaction that inserts the user (e.g. to enqueue a mail), so
 * that the user and what it writes exist together or not at all.
 * @throws {AppError} validation_failed, email_taken
 */
export function accountCreator(deps: AccountCreationDeps) {
  const { db, clock, passwords, tenants, audit, breaches, firstAccountIsAdmin } = deps
  return async function createAccount(
    input: RegisterInput,
    onCreated?: (trx: Db, user: User) => Promise<void>,
  ): Promise<User> {
    const problems = accountProblems(input)
    if (problems.length > 0) throw validationError(problems)
    await breaches.assertNotBreached(input.password, 'password')
    // Checked first to spare an Argon2 hash; the unique index settles a race.
    if (await hasUserWithEmail(db, input.tenantId, input.email)) throw new AppError('email_taken')

    const now = clock.now()
    const user = newUser(
      {
        id: newId(),
        tenantId: input.tenantId,
        email: input.email.trim(),
        displayName: input.displayName,
        givenName: input.givenName,
        familyName: input.familyName,
        hasPassword: true,
        passwordExpiresAt: await tenants.passwordExpiryFrom(input.tenantId, now),
        emailConfirmed: false,
        enabled: input.enabled ?? true,
        language: input.language,
      },
      now,
    )
    const passwordHash = await passwords.hash(input.password)
    await db.transaction().execute(async (trx) => {
      if (!(await insertUser(trx, user, passwordHash))) throw new AppError('email_taken')
      await audit.record(
        { type: 'sign_up', tenantId: user.tenantId, actorUserId: user.id, details: { method: 'password' } },
        trx,
      )
      await onCreated?.(trx, user)
    })
    if (firstAccountIsAdmin(user.tenantId) && (await promoteIfOnlyUser(db, user.id, user.tenantId)))
      return { ...user, role: 'ADMIN' }
    return user
  }
}
