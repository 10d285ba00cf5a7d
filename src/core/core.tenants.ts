import type { AbuseGuard } from './abuse/abuse-guard.ts'
import { createTenantLockouts } from './abuse/tenant-lockout.ts'
import type { AuditLog } from './audit/audit.service.ts'
import { lockoutDefaultsOf } from './core.ops.ts'
import type { CoreShared } from './core.shared.ts'
import { createIdeaService } from './idea/idea.service.ts'
import { createCoopService } from './tenant/coop.service.ts'
import { createTenantService } from './tenant/tenant.service.ts'

/** Tenants (AMPnet's coops), their lockout policies and their content. */
export function createTenants(
  { db, config, clock }: CoreShared,
  { audit, abuse }: { audit: AuditLog; abuse: AbuseGuard },
) {
  const tenants = createTenantService({ db, clock, defaultIdentifier: config.tenants.defaultIdentifier })
  return {
    tenants,
    coops: createCoopService({
      db,
      clock,
      tenants,
      defaultIdentifier: config.tenants.defaultIdentifier,
      creationEnabled: config.tenants.creationEnabled,
      maxImageBytes: config.tenants.coopImageMaxBytes,
      audit,
      abuse,
    }),
    tenantLockouts: createTenantLockouts({ db, clock, defaults: lockoutDefaultsOf(config), audit }),
    // The ideapool's only content, kept per tenant: it belongs to no other group.
    ideas: createIdeaService({ db, clock }),
  }
}

export type CoreTenants = ReturnType<typeof createTenants>
