import type { Db } from '../../db/database.ts'
import { AppError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { findTenantLockout, type TenantLockout, updateTenantLockout } from '../tenant/tenant.repository.ts'
import type { LockoutPolicy } from './abuse-guard.ts'

export interface TenantLockoutsDeps {
  readonly db: Db
  readonly clock: Clock
  /** The installation's LOCKOUT_* settings: a tenant overrides some of them, or none. */
  readonly defaults: LockoutPolicy
}

// Another instance's change is seen within this; every sign-in asks, so it is not read each time.
const REMEMBER_MS = 60_000
// Tenants (coops) an instance remembers at once; identifiers clients send for unknown ones too.
const MAX_REMEMBERED = 10_000

/** Lockout settings per tenant (AMPnet coop), set by an operator; unknown tenants get the defaults. */
export function createTenantLockouts({ db, clock, defaults }: TenantLockoutsDeps) {
  const remembered = new Map<string, { policy: LockoutPolicy; untilMs: number }>()

  return {
    /** The lockout that applies to sign-ins of the tenant with this identifier. */
    async policyOf(identifier: string): Promise<LockoutPolicy> {
      const nowMs = clock.now().getTime()
      const known = remembered.get(identifier)
      if (known !== undefined && known.untilMs > nowMs) return known.policy
      const own = await findTenantLockout(db, identifier)
      const policy = { ...defaults, ...own }
      // The oldest goes: clients naming made-up coops must not flush the known ones all at once.
      if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value ?? '')
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
  }
}

export type TenantLockouts = ReturnType<typeof createTenantLockouts>
