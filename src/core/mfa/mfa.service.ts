import type { KeyObject } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import type { AbuseGuard, ClientRef } from '../abuse/abuse-guard.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError, isAppError, validationError } from '../errors.ts'
import { deletePasskeysOfUser } from '../passkey/passkey.repository.ts'
import type { PasskeyService } from '../passkey/passkey.service.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import type { User } from '../user/user.ts'
import {
  countUnusedRecoveryCodes,
  deleteFactorsOfUser,
  findTenantMfaPolicy,
  findTotpFactor,
  insertRecoveryCodes,
  insertTotpFactor,
  upsertTenantMfaPolicy,
  useRecoveryCode,
  useTotpStep,
} from './mfa.repository.ts'
import {
  DEFAULT_MFA_POLICY,
  type MfaFactorKind,
  type MfaPolicyName,
  type MfaStatus,
  mustEnrol,
  type SecondStep,
  type TenantMfaPolicy,
} from './mfa.ts'
import { hashRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.ts'
import { matchingTotpStep, newTotpSecret, totpUri } from './totp.ts'

export interface MfaServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly secretBox: SecretBox
  /** Keys the recovery codes' HMAC; derived from SECRET_KEY for this purpose only. */
  readonly recoveryCodeKey: KeyObject
  /** The `issuer` an authenticator app shows beside the account. */
  readonly issuer: string
  readonly audit?: AuditRecorder
  /** The user's passkeys: a second factor too, and enough MFA for the coop's policy. */
  readonly passkeys?: Pick<PasskeyService, 'authenticate' | 'hasAny'>
  /** A wrong code counts against the account like a wrong password (limits and lockout). */
  readonly abuse: Pick<AbuseGuard, 'signIn'>
  readonly tenants: Pick<TenantService, 'identifierOf'>
}

/** One way to pass the second step; a new kind (a passkey) adds one of these. */
interface SecondFactor {
  readonly kind: MfaFactorKind
  /** Whether the typed input has this kind's shape (six digits; a recovery code). */
  accepts(input: string): boolean
  /** true when the input is valid and now spent. */
  verify(user: User, input: string, surface: string): Promise<boolean>
}

export interface TotpEnrolment {
  /** Base32, for typing into an app by hand. */
  readonly secret: string
  /** The `otpauth://` URI, for a QR code. */
  readonly uri: string
}

export type MfaService = ReturnType<typeof createMfaService>

export function createMfaService(deps: MfaServiceDeps) {
  const { db, clock, secretBox, recoveryCodeKey, abuse, tenants } = deps
  const audit = deps.audit ?? noAuditLog

  async function useTotp(user: User, code: string, pendingToo: boolean): Promise<boolean> {
    const factor = await findTotpFactor(db, user.id)
    if (factor === undefined || (!factor.confirmed && !pendingToo)) return false
    const now = clock.now()
    const step = matchingTotpStep(secretBox.open(factor.secretSealed), code, now)
    if (step === undefined) return false
    return useTotpStep(db, factor.id, step, now)
  }

  const secondFactors: readonly SecondFactor[] = [
    {
      kind: 'totp',
      accepts: (input) => /^\d{6}$/.test(input.replace(/\s/g, '')),
      verify: (user, input) => useTotp(user, input, false),
    },
    {
      kind: 'recovery_code',
      accepts: (input) => /^[0-9a-z]{5}-?[0-9a-z]{5}$/i.test(input.trim()),
      verify: (user, input) =>
        useRecoveryCode(db, user.id, hashRecoveryCode(recoveryCodeKey, input), clock.now()),
    },
    {
      // The browser's answer to a challenge for this user's passkeys, as JSON.
      kind: 'passkey',
      accepts: (input) => deps.passkeys !== undefined && input.trimStart().startsWith('{'),
      async verify(user, input, surface) {
        try {
          await deps.passkeys?.authenticate(
            { tenantId: user.tenantId, userId: user.id, response: input },
            surface,
          )
          return true
        } catch (error) {
          if (isAppError(error) && error.code === 'invalid_credentials') return false
          throw error
        }
      },
    },
  ]

  async function policyOf(tenantId: string): Promise<TenantMfaPolicy> {
    return (await findTenantMfaPolicy(db, tenantId)) ?? DEFAULT_MFA_POLICY
  }

  async function isEnabled(userId: string): Promise<boolean> {
    return (await findTotpFactor(db, userId))?.confirmed === true
  }

  /** A TOTP app or a passkey: either passes the second step and satisfies the coop's policy. */
  async function hasSecondFactor(userId: string): Promise<boolean> {
    return (await isEnabled(userId)) || ((await deps.passkeys?.hasAny(userId)) ?? false)
  }

  async function issueRecoveryCodes(user: User, trx: Db): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
    await deleteFactorsOfUser(trx, user.id, 'recovery_code')
    await insertRecoveryCodes(
      trx,
      {
        tenantId: user.tenantId,
        userId: user.id,
        ids: codes.map(() => newId()),
        hashes: codes.map((code) => hashRecoveryCode(recoveryCodeKey, code)),
      },
      clock.now(),
    )
    return codes
  }

  async function failed(user: User, surface: string, step: string): Promise<never> {
    await audit.record({
      type: 'mfa.failed',
      tenantId: user.tenantId,
      actorUserId: user.id,
      details: { surface, step },
    })
    throw new AppError('invalid_mfa_code')
  }

  /**
   * Checks a second-factor input (a TOTP code or a recovery code) and spends it.
   * @throws {AppError} invalid_mfa_code (audited as mfa.failed)
   */
  async function verify(
    user: User,
    input: string,
    surface: string,
    step = 'sign_in',
  ): Promise<MfaFactorKind> {
    for (const factor of secondFactors) {
      if (!factor.accepts(input) || !(await factor.verify(user, input, surface))) continue
      if (factor.kind === 'recovery_code') {
        await audit.record({
          type: 'mfa.recovery_code_used',
          tenantId: user.tenantId,
          actorUserId: user.id,
          details: { surface, left: await countUnusedRecoveryCodes(db, user.id) },
        })
      }
      return factor.kind
    }
    return failed(user, surface, step)
  }

  /** Runs a code check under the client's limits and the account's lockout, as a sign-in. */
  async function guarded<T>(client: ClientRef, user: User, check: () => Promise<T>): Promise<T> {
    const tenant = await tenants.identifierOf(user.tenantId)
    return abuse.signIn(client, { tenant, identifier: user.email }, check)
  }

  return {
    policyOf,
    isEnabled,

    /**
     * The second step of a sign-in: checks and spends a code (TOTP, recovery code, or a passkey's
     * answer) under the client's limits and the account's lockout.
     * @throws {AppError} rate_limited, invalid_mfa_code (audited as mfa.failed)
     */
    verify: (client: ClientRef, user: User, input: string, surface: string): Promise<MfaFactorKind> =>
      guarded(client, user, () => verify(user, input, surface)),

    async status(userId: string): Promise<MfaStatus> {
      return {
        enabled: await isEnabled(userId),
        recoveryCodesLeft: await countUnusedRecoveryCodes(db, userId),
      }
    },

    /** What a hosted sign-in asks after a correct password. */
    async secondStepFor(user: User): Promise<SecondStep> {
      const { policy } = await policyOf(user.tenantId)
      if (policy === 'off') return 'none'
      if (await hasSecondFactor(user.id)) return 'verify'
      return mustEnrol(policy, user) ? 'enrol' : 'none'
    },

    /** Whether a legacy API must refuse this user's password-only sign-in (mfa_required). */
    async refusesPasswordAlone(user: User): Promise<boolean> {
      const policy = await policyOf(user.tenantId)
      return policy.policy !== 'off' && !policy.legacyPasswordAllowed && (await hasSecondFactor(user.id))
    },

    /**
     * Sets a coop's policy; a part left out keeps its value.
     * @throws {AppError} validation_failed
     */
    async setPolicy(
      tenantId: string,
      changes: { readonly policy?: MfaPolicyName; readonly legacyPasswordAllowed?: boolean },
      actorUserId?: string,
    ): Promise<TenantMfaPolicy> {
      const next = { ...(await policyOf(tenantId)), ...changes }
      await db.transaction().execute(async (trx) => {
        await upsertTenantMfaPolicy(trx, tenantId, next, clock.now())
        await audit.record(
          {
            type: 'mfa.policy_changed',
            tenantId,
            actorUserId,
            details: { policy: next.policy, legacy_password_allowed: next.legacyPasswordAllowed },
          },
          trx,
        )
      })
      return next
    },

    /**
     * Starts a TOTP enrolment: a new secret, not yet active (a pending one is replaced).
     * @throws {AppError} forbidden (the coop's policy is off), validation_failed (already enrolled)
     */
    async startTotp(user: User): Promise<TotpEnrolment> {
      if ((await policyOf(user.tenantId)).policy === 'off') throw new AppError('forbidden')
      if (await isEnabled(user.id)) {
        throw validationError([{ field: 'totp', problem: 'is already enrolled; disable it first' }])
      }
      const secret = newTotpSecret()
      await db.transaction().execute(async (trx) => {
        await deleteFactorsOfUser(trx, user.id, 'totp')
        await insertTotpFactor(trx, {
          id: newId(),
          tenantId: user.tenantId,
          userId: user.id,
          secretSealed: secretBox.seal(secret),
          createdAt: clock.now(),
        })
      })
      return { secret, uri: totpUri(secret, deps.issuer, user.email) }
    },

    /** The enrolment started and not yet confirmed, to show again after a wrong code. */
    async pendingTotp(user: User): Promise<TotpEnrolment | undefined> {
      const factor = await findTotpFactor(db, user.id)
      if (factor === undefined || factor.confirmed) return undefined
      const secret = secretBox.open(factor.secretSealed)
      return { secret, uri: totpUri(secret, deps.issuer, user.email) }
    },

    /**
     * Activates the pending TOTP secret with a code from the app, and issues the recovery codes
     * (shown once). A wrong code counts like a wrong password.
     * @throws {AppError} rate_limited, invalid_mfa_code
     */
    confirmTotp: (client: ClientRef, user: User, code: string, surface: string): Promise<string[]> =>
      guarded(client, user, async () => {
        const factor = await findTotpFactor(db, user.id)
        if (factor === undefined || factor.confirmed || !(await useTotp(user, code, true))) {
          return failed(user, surface, 'enrol')
        }
        return db.transaction().execute(async (trx) => {
          const codes = await issueRecoveryCodes(user, trx)
          await audit.record(
            {
              type: 'mfa.enrolled',
              tenantId: user.tenantId,
              actorUserId: user.id,
              details: { kind: 'totp' },
            },
            trx,
          )
          return codes
        })
      }),

    /**
     * Replaces the recovery codes, after a TOTP code (which counts like a password).
     * @throws {AppError} rate_limited, invalid_mfa_code
     */
    regenerateRecoveryCodes: (
      client: ClientRef,
      user: User,
      code: string,
      surface: string,
    ): Promise<string[]> =>
      guarded(client, user, async () => {
        if (!(await useTotp(user, code, false))) return failed(user, surface, 'regenerate')
        return db.transaction().execute(async (trx) => {
          const codes = await issueRecoveryCodes(user, trx)
          await audit.record(
            { type: 'mfa.recovery_codes_regenerated', tenantId: user.tenantId, actorUserId: user.id },
            trx,
          )
          return codes
        })
      }),

    /**
     * Removes every factor of the user, after a code (TOTP or recovery; it counts like a password).
     * @throws {AppError} rate_limited, invalid_mfa_code
     */
    disable: (client: ClientRef, user: User, code: string, surface: string): Promise<void> =>
      guarded(client, user, async () => {
        await verify(user, code, surface, 'disable')
        await db.transaction().execute(async (trx) => {
          await deleteFactorsOfUser(trx, user.id)
          await audit.record(
            { type: 'mfa.disabled', tenantId: user.tenantId, actorUserId: user.id, details: { by: 'user' } },
            trx,
          )
        })
      }),

    /**
     * Removes every factor of a user who lost them (the coop's ADMIN, or an operator when
     * `actorUserId` is undefined); false when they had none. Their passkeys go too: a lost phone
     * takes its passkeys with it, and a passkey left behind would still be asked at the second step.
     */
    async reset(user: User, actorUserId?: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const removed = (await deleteFactorsOfUser(trx, user.id)) + (await deletePasskeysOfUser(trx, user.id))
        if (removed === 0) return false
        await audit.record(
          {
            type: 'mfa.disabled',
            tenantId: user.tenantId,
            actorUserId,
            subjectUserId: user.id,
            details: { by: actorUserId === undefined ? 'operator' : 'admin' },
          },
          trx,
        )
        return true
      })
    },
  }
}
