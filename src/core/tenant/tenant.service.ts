import type { Db } from '../../db/database.ts'
import { AppError, assertThat, validationError } from '../errors.ts'
import { passwordExpiryAfter } from '../password/password-expiry.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import {
  findTenantById,
  findTenantByIdentifier,
  insertTenantIfAbsent,
  updateTenantPasswordMaxAgeDays,
  updateTenantSignUpPolicy,
} from './tenant.repository.ts'
import type { Tenant } from './tenant.ts'

export interface TenantServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly defaultIdentifier: string
}

// Ten years: anything longer is a typo for "never" (0).
const MAX_PASSWORD_AGE_DAYS = 3650

export type TenantService = ReturnType<typeof createTenantService>

// Plenty for any deployment's coops; past it the memory starts over rather than growing.
const MAX_REMEMBERED_IDENTIFIERS = 10_000

export function createTenantService({ db, clock, defaultIdentifier }: TenantServiceDeps) {
  let defaultTenant: Tenant | undefined
  const identifiers = new Map<string, string>()

  return {
    /** Creates the default tenant on first start; every surface but AMPnet works in it. */
    async ensureDefaultTenant(): Promise<Tenant> {
      await insertTenantIfAbsent(db, {
        id: newId(),
        identifier: defaultIdentifier,
        name: defaultIdentifier,
        createdAt: clock.now(),
        passwordMaxAgeDays: 0,
        hostname: undefined,
        config: undefined,
        needUserVerification: true,
        kycProvider: 'VERIFF',
        disableSignUp: false,
        confirmEmail: false,
        logoFileId: undefined,
        bannerFileId: undefined,
      })
      const tenant = await findTenantByIdentifier(db, defaultIdentifier)
      assertThat(tenant, 'tenant_not_found')
      defaultTenant = tenant
      return tenant
    },

    /** The default tenant, known after start-up. @throws {AppError} before ensureDefaultTenant. */
    defaultTenant(): Tenant {
      assertThat(defaultTenant, 'tenant_not_found')
      return defaultTenant
    },

    /** Keeps the in-memory default tenant current after a change made through this instance. */
    remember(tenant: Tenant): void {
      if (defaultTenant?.id === tenant.id) defaultTenant = tenant
    },

    find: (tenantId: string): Promise<Tenant | undefined> => findTenantById(db, tenantId),

    /** The tenant with that identifier (AMPnet's coop identifier), read fresh from the database. */
    findByIdentifier: (identifier: string): Promise<Tenant | undefined> =>
      findTenantByIdentifier(db, identifier),

    /** The tenant a request names (AMPnet's optional `coop`), the default one when it names none. */
    async findNamedOrDefault(identifier: string | undefined): Promise<Tenant | undefined> {
      if (identifier !== undefined) return findTenantByIdentifier(db, identifier)
      assertThat(defaultTenant, 'tenant_not_found')
      return defaultTenant
    },

    /**
     * The tenant's identifier (AMPnet's coop), which never changes once created: remembered after
     * the first read, so that answers naming the caller's coop need no query.
     * @throws {AppError} tenant_not_found
     */
    async identifierOf(tenantId: string): Promise<string> {
      const known = identifiers.get(tenantId)
      if (known !== undefined) return known
      const tenant = await findTenantById(db, tenantId)
      assertThat(tenant, 'tenant_not_found')
      const { identifier } = tenant
      if (identifiers.size >= MAX_REMEMBERED_IDENTIFIERS) identifiers.clear()
      identifiers.set(tenantId, identifier)
      return identifier
    },

    /** @throws {AppError} tenant_not_found */
    async get(tenantId: string): Promise<Tenant> {
      const tenant = await findTenantById(db, tenantId)
      assertThat(tenant, 'tenant_not_found')
      return tenant
    },

    /**
     * Sets how long passwords last from their next change (0: never). Passwords already set keep
     * the expiry they were given.
     * @throws {AppError} validation_failed, tenant_not_found
     */
    async setPasswordMaxAgeDays(tenantId: string, days: number): Promise<void> {
      if (!Number.isInteger(days) || days < 0 || days > MAX_PASSWORD_AGE_DAYS) {
        throw validationError([
          {
            field: 'passwordMaxAgeDays',
            problem: `must be a whole number from 0 to ${MAX_PASSWORD_AGE_DAYS}`,
          },
        ])
      }
      if (!(await updateTenantPasswordMaxAgeDays(db, tenantId, days))) throw new AppError('tenant_not_found')
      if (defaultTenant?.id === tenantId) defaultTenant = { ...defaultTenant, passwordMaxAgeDays: days }
    },

    /**
     * Changes the given parts of the tenant's sign-up policy (the operator's `coops set-sign-up`);
     * every surface reads it afresh at each sign-up.
     * @throws {AppError} tenant_not_found
     */
    async setSignUpPolicy(
      tenantId: string,
      changes: { readonly disableSignUp?: boolean; readonly confirmEmail?: boolean },
    ): Promise<Tenant> {
      const tenant = await findTenantById(db, tenantId)
      assertThat(tenant, 'tenant_not_found')
      const next = {
        ...tenant,
        disableSignUp: changes.disableSignUp ?? tenant.disableSignUp,
        confirmEmail: changes.confirmEmail ?? tenant.confirmEmail,
      }
      if (!(await updateTenantSignUpPolicy(db, tenantId, next))) throw new AppError('tenant_not_found')
      if (defaultTenant?.id === tenantId) defaultTenant = next
      return next
    },

    /**
     * When a password set at `changedAt` expires under the tenant's policy, read fresh from the
     * database so that a policy set by another instance applies at once.
     */
    async passwordExpiryFrom(tenantId: string, changedAt: Date): Promise<Date | undefined> {
      const tenant = await findTenantById(db, tenantId)
      return passwordExpiryAfter(changedAt, tenant?.passwordMaxAgeDays ?? 0)
    },
  }
}
