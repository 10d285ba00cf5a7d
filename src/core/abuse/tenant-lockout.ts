import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError, type FieldProblem } from '../errors.ts'
import { BoundedMap } from '../shared/bounded-map.ts'
import type { Clock } from '../shared/clock.ts'
import { findTenantLockout, type TenantLockout, updateTenantLockout } from '../tenant/tenant.repository.ts'
import type { LockoutPolicy } from './abuse-guard.ts'

export interface TenantLockoutsDeps {
  readonly db: Db
  readonly clock: Clock
  /** The installation's LOCKOUT_* settings: a tenant overrides some of them, or none. */
  readonly defaults: LockoutPolicy
  /** Records a coop administrator's change (`coop.updated`); comes late, as the audit log does. */
  readonly audit?: AuditRecorder
}

// A lock longer than this is an outage of the account, not a defence.
export const MAX_TENANT_LOCK_SECONDS = 30 * 86_400

// Another instance's change is seen within this; every sign-in asks, so it is not read each time.
const REMEMBER_MS = 60_000
// Tenants (coops) an instance remembers at once; identifiers clients send for unknown ones too.
const MAX_REMEMBERED = 10_000

/** Lockout settings per tenant (AMPnet coop), set by an operator; unknown tenants get the defaults. */
export function createTenantLockouts({ db, clock, defaults, audit = noAuditLog }: TenantLockoutsDeps) {
  const remembered = new BoundedMap<string, { policy: LockoutPolicy; untilMs: number }>(MAX_REMEMBERED)

  return {
    /** The installation's own lockout (LOCKOUT_*): the loosest a coop's administrator may choose. */
    defaults,

    /** The lockout that applies to sign-ins of the tenant with this identifier. */
    async policyOf(identifier: string): Promise<LockoutPolicy> {
      const nowMs = clock.now().getTime()
      const known = remembered.get(identifier)
      if (known !== undefined && known.untilMs > nowMs) return known.policy
      const own = await findTenantLockout(db, identifier)
      const policy = { ...defaults, ...own }
      // Re-inserted as the newest: past MAX_REMEMBERED the oldest goes first, so clients naming
      // made-up coops do not flush the known ones all at once.
      remembered.delete(identifier)
      remembered.set(identifier, { policy, untilMs: nowMs + REMEMBER_MS })
      return policy
    },

    /**
     * Gives the tenant its own lockout; fields left out follow the installation's settings again.
     * @throws {AppError} tenant_not_found, validation_failed
     */
    async set(identifier: string, lockout: TenantLockout): Promise<LockoutPolicy> {
      const problems = Object.entries(lockout)
        .filter(([field, value]) => !Number.isInteger(value) || value < (field === 'threshold' ? 0 : 1))
        .map(([field]) => ({
          field,
          problem: 'must be a whole number, at least 1 (threshold: 0 turns it off)',
        }))
      if (problems.length > 0) throw new AppError('validation_failed', { problems })
      if (!(await updateTenantLockout(db, identifier, lockout))) throw new AppError('tenant_not_found')
      remembered.delete(identifier)
      return this.policyOf(identifier)
    },

    /**
     * A coop administrator's lockout: only stricter than the installation's (fewer failures, longer
     * locks), never looser, since the operator's settings are the floor every coop gets. Audited as
     * `coop.updated` with the field `lockout`.
     * @throws {AppError} validation_failed (a looser or nonsensical value), tenant_not_found
     */
    async tighten(
      tenant: { id: string; identifier: string },
      lockout: Required<TenantLockout>,
      actorUserId: string,
    ): Promise<LockoutPolicy> {
      const problems: FieldProblem[] = []
      const { threshold, baseSeconds, maxSeconds } = lockout
      const whole = (value: number) => Number.isInteger(value) && value >= 1
      if (!whole(threshold) || (defaults.threshold > 0 && threshold > defaults.threshold))
        problems.push({
          field: 'threshold',
          problem:
            defaults.threshold > 0
              ? `must be a whole number from 1 to ${defaults.threshold}`
              : 'must be a whole number, at least 1',
        })
      const lockProblem = (field: string, value: number, least: number) => {
        if (!whole(value) || value < least || value > MAX_TENANT_LOCK_SECONDS)
          problems.push({
            field,
            problem: `must be a whole number from ${least} to ${MAX_TENANT_LOCK_SECONDS}`,
          })
      }
      lockProblem('baseSeconds', baseSeconds, defaults.baseSeconds)
      lockProblem(
        'maxSeconds',
        maxSeconds,
        Math.max(defaults.maxSeconds, whole(baseSeconds) ? baseSeconds : 1),
      )
      if (problems.length > 0) throw new AppError('validation_failed', { problems })
      // The change and its record together, or neither.
      await db.transaction().execute(async (trx) => {
        if (!(await updateTenantLockout(trx, tenant.identifier, lockout)))
          throw new AppError('tenant_not_found')
        await audit.record(
          {
            type: 'coop.updated',
            tenantId: tenant.id,
            actorUserId,
            details: { identifier: tenant.identifier, fields: ['lockout'] },
          },
          trx,
        )
      })
      remembered.delete(tenant.identifier)
      return this.policyOf(tenant.identifier)
    },
  }
}

export type TenantLockouts = ReturnType<typeof createTenantLockouts>
