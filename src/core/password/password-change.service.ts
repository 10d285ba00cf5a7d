import type { Db } from '../../db/database.ts'
import type { AbuseGuard, AccountRef, ClientRef } from '../abuse/abuse-guard.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { deleteMailTokensOfUser } from '../auth/mail-token.repository.ts'
import { AppError, type FieldProblem, validationError } from '../errors.ts'
import type { SessionService } from '../session/session.service.ts'
import type { Clock } from '../shared/clock.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import { findUserWithPasswordByLogin, updatePassword } from '../user/user.repository.ts'
import type { User } from '../user/user.ts'
import { findUserWithPasswordById } from '../user/user-account.repository.ts'
import { type BreachedPasswordCheck, noBreachCheck } from './breached-password.ts'
import type { PasswordHasher } from './password-hasher.ts'
import type { PasswordRule } from './password-rules.ts'

export interface PasswordChangeDeps {
  readonly db: Db
  readonly clock: Clock
  readonly passwords: PasswordHasher
  readonly sessions: SessionService
  readonly tenants: TenantService
  readonly audit?: AuditRecorder
  readonly breaches?: BreachedPasswordCheck
  /** Whether a password alone may not act for this user (they have a second factor). */
  readonly refusesPasswordAlone?: (user: User) => Promise<boolean>
  /** An old password is checked like a sign-in's: the same limits and lockout. */
  readonly abuse: Pick<AbuseGuard, 'signIn'>
}

export interface PasswordChange {
  readonly tenantId: string
  /** Username, or else email. */
  readonly login: string
  readonly oldPassword: string
  readonly newPassword: string
  /** The surface's documented rule for the new password. */
  readonly passwordRule: PasswordRule
  /** The caller's own session, which survives; every other session of the user ends. */
  readonly keepSessionId?: string
}

export interface OwnPasswordChange {
  /** The signed-in caller: whose lockout a wrong old password feeds. */
  readonly user: Pick<User, 'id' | 'tenantId' | 'email'>
  readonly oldPassword: string
  readonly newPassword: string
  readonly passwordRule: PasswordRule
  /** The caller's own session, which survives; every other session of the user ends. */
  readonly keepSessionId?: string
}

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>

export function createPasswordChangeService(deps: PasswordChangeDeps) {
  const { db, clock, passwords, sessions, tenants, abuse } = deps
  const audit = deps.audit ?? noAuditLog
  const breaches = deps.breaches ?? noBreachCheck

  async function store(
    user: User,
    newPassword: string,
    field: string,
    keepSessionId: string | undefined,
    byOperator = false,
  ): Promise<User> {
    await breaches.assertNotBreached(newPassword, field)
    const now = clock.now()
    const expiresAt = await tenants.passwordExpiryFrom(user.tenantId, now)
    const passwordHash = await passwords.hash(newPassword)
    await db.transaction().execute(async (trx) => {
      await updatePassword(trx, user.id, passwordHash, expiresAt, now)
      // A reset link mailed before the change would otherwise set the password back afterwards.
      await deleteMailTokensOfUser(trx, user.id, 'reset_password')
      // An operator (the CLI) acts as nobody the log knows; the user is then only its subject.
      const who = byOperator ? { actorUserId: undefined, subjectUserId: user.id } : { actorUserId: user.id }
      await audit.record({ type: 'password.changed', tenantId: user.tenantId, ...who }, trx)
    })
    await sessions.endAllOfUser(user, 'password_changed', keepSessionId)
    return { ...user, passwordExpiresAt: expiresAt, updatedAt: now }
  }

  /** The account as the sign-in lockout names it, in the tenant with that id. */
  async function accountOf(tenantId: string, identifier: string): Promise<AccountRef> {
    return { tenant: await tenants.identifierOf(tenantId), identifier }
  }

  async function changeOwn(input: OwnPasswordChange): Promise<User> {
    const problems: FieldProblem[] = []
    if (input.oldPassword === '') problems.push({ field: 'oldPassword', problem: 'must not be empty' })
    const problem = input.passwordRule.check(input.newPassword)
    if (problem !== undefined) problems.push({ field: 'newPassword', problem })
    if (problems.length > 0) throw validationError(problems)
    const found = await findUserWithPasswordById(db, input.user.id)
    if (found === undefined) throw new AppError('user_not_found')
    if (found.passwordHash === undefined || found.user.authMethod !== 'EMAIL') {
      throw new AppError('password_not_used')
    }
    if (!(await passwords.verify(found.passwordHash, input.oldPassword))) {
      throw new AppError('wrong_old_password')
    }
    return store(found.user, input.newPassword, 'newPassword', input.keepSessionId)
  }

  async function change(input: PasswordChange): Promise<User> {
    const problem = input.passwordRule.check(input.newPassword)
    if (problem !== undefined) throw validationError([{ field: 'new', problem }])

    const found = await findUserWithPasswordByLogin(db, input.tenantId, input.login)
    if (found?.passwordHash === undefined || !found.user.enabled) {
      await passwords.verifyDummy(input.oldPassword) // same time as a known account
      throw new AppError('invalid_credentials')
    }
    if (!(await passwords.verify(found.passwordHash, input.oldPassword))) {
      throw new AppError('invalid_credentials')
    }
    // Without a session, only the old password speaks for the caller: for a user with a second
    // factor that is not enough to replace it and end their sessions.
    if (input.keepSessionId === undefined && (await deps.refusesPasswordAlone?.(found.user))) {
      throw new AppError('mfa_required')
    }
    return store(found.user, input.newPassword, 'new', input.keepSessionId)
  }

  return {
    /**
     * A signed-in user's change (AMPnet `/me/password`): the caller is known, so a wrong old
     * password is said plainly, and an account without a password is told so. An empty old password
     * is a field problem beside the new password's, both reported at once. A stolen token must not
     * make the old password guessable: the sign-in limits and lockout apply.
     * @throws {AppError} rate_limited, validation_failed, user_not_found, password_not_used,
     * wrong_old_password
     */
    async changeOwn(client: ClientRef, input: OwnPasswordChange): Promise<User> {
      const account = await accountOf(input.user.tenantId, input.user.email)
      return abuse.signIn(client, account, () => changeOwn(input))
    },

    /**
     * An operator sets the password (CLI): the rule and the hashing of every other change, and
     * every session of the user ends.
     * @throws {AppError} validation_failed, user_not_found
     */
    async setByOperator(userId: string, newPassword: string, passwordRule: PasswordRule): Promise<User> {
      const problem = passwordRule.check(newPassword)
      if (problem !== undefined) throw validationError([{ field: 'password', problem }])
      const found = await findUserWithPasswordById(db, userId)
      if (found === undefined) throw new AppError('user_not_found')
      return store(found.user, newPassword, 'password', undefined, true)
    },

    /**
     * Replaces a password given the old one. Works on an expired password (that is how a user
     * recovers), sets the next expiry from the tenant's policy and ends the user's other sessions,
     * so that whoever may have learnt the old password is shut out at once. It checks a password
     * like a sign-in does, so it gets the same limits and lockout; the lock is the account's
     * whichever login was typed (unknown logins lock the same way).
     * @throws {AppError} rate_limited, validation_failed, invalid_credentials, mfa_required
     */
    async change(client: ClientRef, input: PasswordChange): Promise<User> {
      const known = await findUserWithPasswordByLogin(db, input.tenantId, input.login)
      const account = await accountOf(input.tenantId, known?.user.email ?? input.login)
      return abuse.signIn(client, account, () => change(input))
    },
  }
}
