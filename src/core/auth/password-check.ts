import type { Db } from '../../db/database.ts'
import type { AuditRecorder } from '../audit/audit.service.ts'
import { AppError } from '../errors.ts'
import { isPasswordExpired } from '../password/password-expiry.ts'
import type { PasswordHasher } from '../password/password-hasher.ts'
import type { Clock } from '../shared/clock.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import {
  findUserWithPasswordByEmail,
  type UserWithPassword,
  updatePasswordHash,
} from '../user/user.repository.ts'
import { canSignIn, type User } from '../user/user.ts'

export interface PasswordCheckDeps {
  readonly db: Db
  readonly clock: Clock
  readonly passwords: PasswordHasher
  readonly tenants: TenantService
  readonly audit: AuditRecorder
}

/** Why a password sign-in failed, for the audit log (the caller only ever hears invalid_credentials). */
function failureReason(found: UserWithPassword | undefined, error: unknown): string {
  if (error instanceof AppError && error.code === 'password_expired') return 'password_expired'
  if (found === undefined) return 'unknown_account'
  if (found.passwordHash === undefined) return 'no_password'
  if (!found.user.enabled) return 'disabled'
  return 'wrong_password'
}

export type PasswordCheck = ReturnType<typeof createPasswordCheck>

/** The password step every sign-in shares: the hash, its expiry and the audit of a failure. */
export function createPasswordCheck({ db, clock, passwords, tenants, audit }: PasswordCheckDeps) {
  /**
   * The user when `password` is theirs and still valid. Unknown accounts cost one dummy Argon2
   * verification so that they answer in the same time as known ones. Expiry is told only to
   * someone who knows the password.
   * @throws {AppError} invalid_credentials, password_expired
   */
  async function checkPassword(
    found: UserWithPassword | undefined,
    password: string,
    admitsDisabled = false,
  ): Promise<User> {
    if (found?.passwordHash === undefined || !canSignIn(found.user, admitsDisabled)) {
      await passwords.verifyDummy(password)
      throw new AppError('invalid_credentials')
    }
    if (!(await passwords.verify(found.passwordHash, password))) throw new AppError('invalid_credentials')
    if (passwords.needsRehash(found.passwordHash)) {
      await updatePasswordHash(db, found.user.id, await passwords.hash(password), clock.now())
    }
    if (isPasswordExpired(found.user.passwordExpiresAt, clock.now())) throw new AppError('password_expired')
    return found.user
  }

  /**
   * checkPassword with a failure audited. A failure names the account only when it exists, and
   * never the login typed (people type passwords into login fields).
   */
  async function checkPasswordAudited(
    tenantId: string | undefined,
    found: UserWithPassword | undefined,
    password: string,
    surface: string,
    admitsDisabled: boolean | undefined,
  ): Promise<User> {
    try {
      return await checkPassword(found, password, admitsDisabled)
    } catch (error) {
      await audit.record({
        type: 'sign_in.failed',
        tenantId,
        actorUserId: found?.user.id,
        details: { method: 'password', surface, reason: failureReason(found, error) },
      })
      throw error
    }
  }

  /** The account of `email` in the tenant named by its identifier, else the default one; none in an unknown one. */
  async function findInNamedTenant(input: { tenant: string | undefined; email: string }) {
    const tenant = await tenants.findNamedOrDefault(input.tenant)
    return {
      tenantId: tenant?.id,
      found: tenant && (await findUserWithPasswordByEmail(db, tenant.id, input.email)),
    }
  }

  return {
    checkPassword,
    checkPasswordAudited,
    findInNamedTenant,

    /** The password step in the named tenant (the default one when none is named); a failure is audited. */
    async checkPasswordInTenant(
      input: { tenant: string | undefined; email: string; password: string },
      surface: string,
    ): Promise<User> {
      const { tenantId, found } = await findInNamedTenant(input)
      return checkPasswordAudited(tenantId, found, input.password, surface, false)
    },
  }
}
