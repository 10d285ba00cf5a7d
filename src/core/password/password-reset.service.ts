import type { Db } from '../../db/database.ts'
import type { AbuseGuard, ClientRef } from '../abuse/abuse-guard.ts'
import { clearLockoutsOf } from '../abuse/user-lockout.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import type { AccountMails } from '../auth/account-mail.service.ts'
import { deleteMailToken, deleteMailTokensOfUser } from '../auth/mail-token.repository.ts'
import { AppError, validationError } from '../errors.ts'
import type { MailOutbox } from '../mail/outbox.service.ts'
import type { SessionService } from '../session/session.service.ts'
import type { Clock } from '../shared/clock.ts'
import { findTenantById } from '../tenant/tenant.repository.ts'
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
  /** Runs the reset-request job (RESET_JOB) off the request's path. */
  readonly outbox: Pick<MailOutbox, 'handleJob' | 'enqueueJob' | 'nudge'>
  readonly audit?: AuditRecorder
  readonly breaches?: BreachedPasswordCheck
  /** Requests and resets count against the client; a reset ends the account's lockout. */
  readonly abuse: Pick<AbuseGuard, 'limit' | 'clearLockout'>
}

export type PasswordReset = ReturnType<typeof createPasswordReset>

const RESET_JOB = 'job.reset-password'

/** "Forgot password": a mailed single-use link that sets a new password. */
export function createPasswordReset(deps: PasswordResetDeps) {
  const { db, clock, passwords, sessions, tenants, mails, outbox, abuse } = deps
  const audit = deps.audit ?? noAuditLog
  const breaches = deps.breaches ?? noBreachCheck

  // Whether a link is mailed is decided here, in the outbox worker's transaction, so that the
  // request does the same work (one look-up, one durable row) for known and unknown addresses.
  outbox.handleJob(RESET_JOB, async (trx, { tenantId, email }) => {
    if (tenantId === null || tenantId === undefined || typeof email !== 'string') return
    const found = await findUserWithPasswordByEmail(trx, tenantId, email)
    if (found === undefined || found.user.authMethod !== 'EMAIL') return
    // Everything through trx: on SQLite another connection would wait for this transaction.
    const coop = await findTenantById(trx, tenantId)
    if (coop !== undefined) await mails.send(trx, found.user, coop.identifier, 'reset_password')
  })

  /**
   * Mails a reset link to the account with that address, if there is one. Known and unknown
   * addresses answer alike and in the same time: both enqueue a durable job, which makes the token
   * and the mail (or nothing) later; earlier links stay valid until they expire.
   * @throws {AppError} password_not_used (the account signs in through a social provider)
   */
  async function request(tenantId: string | undefined, email: string): Promise<void> {
    const found = tenantId === undefined ? undefined : await findUserWithPasswordByEmail(db, tenantId, email)
    // The AMPnet Decisions table tells social accounts apart (0201), so this one answer differs.
    if (found !== undefined && found.user.authMethod !== 'EMAIL') throw new AppError('password_not_used')
    await outbox.enqueueJob(db, RESET_JOB, { tenantId: tenantId ?? null, email })
    outbox.nudge()
  }

  return {
    /**
     * request, in the tenant named by its identifier (the default one when none is named).
     * An unknown tenant is as silent as an unknown address; a malformed address is refused, after
     * the request is counted against the client and the address.
     * @throws {AppError} rate_limited, validation_failed, password_not_used
     */
    async requestInNamedTenant(client: ClientRef, tenant: string | undefined, email: string): Promise<void> {
      await abuse.limit('passwordReset', client, { tenant, identifier: email })
      if (!isValidEmail(email)) throw validationError([{ field: 'email', problem: 'is invalid' }])
      const found = await tenants.findNamedOrDefault(tenant)
      await request(found?.id, email)
    },

    /**
     * Sets a new password with a reset token, which is then used up with every other reset link of
     * the user, and ends all the user's sessions: whoever knew the old password is shut out, and an
     * older mail cannot take the account back. It proves the account's owner: their lockout ends.
     * @throws {AppError} rate_limited, validation_failed, reset_token_not_found, reset_token_expired
     */
    async reset(
      client: ClientRef,
      token: string,
      newPassword: string,
      passwordRule: PasswordRule,
    ): Promise<User> {
      await abuse.limit('passwordReset', client)
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
        await deleteMailTokensOfUser(trx, user.id, 'reset_password')
        await audit.record({ type: 'password.reset', tenantId: user.tenantId, actorUserId: user.id }, trx)
      })
      await sessions.endAllOfUser(user, 'password_reset')
      await clearLockoutsOf(abuse, (await tenants.get(user.tenantId)).identifier, user)
      return { ...user, passwordExpiresAt: expiresAt, updatedAt: now }
    },
  }
}
