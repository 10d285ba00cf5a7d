import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import type { AccountMails } from '../auth/account-mail.service.ts'
import { deleteMailToken } from '../auth/mail-token.repository.ts'
import { AppError, validationError } from '../errors.ts'
import type { SessionService } from '../session/session.service.ts'
import type { Clock } from '../shared/clock.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import { findUserById, findUserWithPasswordByEmail, updatePassword } from '../user/user.repository.ts'
import { isValidEmail, type User } from '../user/user.ts'
import { type BreachedPasswordCheck, noBreachCheck } from './breached-password.ts'
import type { PasswordHasher } from './password-hasher.ts'
import type { PasswordRule } from './password-rules.ts'

export interface PasswordResetDeps {
  readonly db: Db
  readonly clock: Clock
  readonly passwords: PasswordHasher
  readonly sessions: SessionService
  readonly tenants: TenantService
  readonly mails: AccountMails
  readonly audit?: AuditRecorder
  readonly breaches?: BreachedPasswordCheck
}

export type PasswordReset = ReturnType<typeof createPasswordReset>

/** "Forgot password": a mailed single-use link that sets a new password. */
export function createPasswordReset(deps: PasswordResetDeps) {
  const { db, clock, passwords, sessions, tenants, mails } = deps
  const audit = deps.audit ?? noAuditLog
  const breaches = deps.breaches ?? noBreachCheck

  /**
   * Mails a reset link to the account with that address. An unknown address is not an error,
   * so that the answer reveals no accounts; earlier links stay valid until they expire.
   * @throws {AppError} password_not_used (the account signs in through a social provider)
   */
  async function request(tenantId: string, email: string): Promise<void> {
    const found = await findUserWithPasswordByEmail(db, tenantId, email)
    if (found === undefined) return
    if (found.user.authMethod !== 'EMAIL') throw new AppError('password_not_used')
    const coop = await tenants.get(tenantId)
    await db.transaction().execute((trx) => mails.send(trx, found.user, coop.identifier, 'reset_password'))
    mails.deliverSoon()
  }

  return {
    request,

    /**
     * Like request, in the tenant named by its identifier (the default one when none is named).
     * An unknown tenant is as silent as an unknown address; a malformed address is refused.
     * @throws {AppError} validation_failed, password_not_used
     */
    async requestInNamedTenant(tenant: string | undefined, email: string): Promise<void> {
      if (!isValidEmail(email)) throw validationError([{ field: 'email', problem: 'is invalid' }])
      const found = await tenants.findNamedOrDefault(tenant)
      if (found !== undefined) await request(found.id, email)
    },

    /**
     * Sets a new password with a reset token, which is then used up, and ends all the user's
     * sessions: whoever knew the old password is shut out.
     * @throws {AppError} validation_failed, reset_token_not_found, reset_token_expired
     */
    async reset(token: string, newPassword: string, passwordRule: PasswordRule): Promise<User> {
      const problem = passwordRule.check(newPassword)
      if (problem !== undefined) throw validationError([{ field: 'newPassword', problem }])
      const found = await mails.find('reset_password', token)
      if (found === undefined) throw new AppError('reset_token_not_found')
      if (mails.isExpired(found)) throw new AppError('reset_token_expired')
      const user = await findUserById(db, found.userId)
      if (user === undefined) throw new AppError('reset_token_not_found')
      await breaches.assertNotBreached(newPassword, 'newPassword')
      const now = clock.now()
      const expiresAt = await tenants.passwordExpiryFrom(user.tenantId, now)
      const passwordHash = await passwords.hash(newPassword)
      await db.transaction().execute(async (trx) => {
        if (!(await deleteMailToken(trx, found.id))) throw new AppError('reset_token_not_found')
        await updatePassword(trx, user.id, passwordHash, expiresAt, now)
        await audit.record({ type: 'password.reset', tenantId: user.tenantId, actorUserId: user.id }, trx)
      })
      await sessions.endAllOfUser(user, 'password_reset')
      return { ...user, passwordExpiresAt: expiresAt, updatedAt: now }
    },
  }
}
