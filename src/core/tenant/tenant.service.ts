import type { Db } from '../../db/database.ts'
import { assertThat } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import { findTenantByIdentifier, insertTenantIfAbsent } from './tenant.repository.ts'
import type { Tenant } from './tenant.ts'

export interface TenantServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly defaultIdentifier: string
}

export type TenantService = ReturnType<typeof createTenantService>

export function createTenantService({ db, clock, defaultIdentifier }: TenantServiceDeps) {
  let defaultTenant: Tenant | undefined

  return {
    /** Creates the default tenant on first start; every surface but AMPnet works in it. */
    async ensureDefaultTenant(): Promise<Tenant> {
      await insertTenantIfAbsent(db, {
        id: newId(),
        identifier: defaultIdentifier,
        name: defaultIdentifier,
        createdAt: clock.now(),
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
  }
}
