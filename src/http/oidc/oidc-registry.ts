import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import type { JWKS } from 'oidc-provider'
import type { Core } from '../../core/core.ts'
import { isValidTenantIdentifier, type Tenant } from '../../core/tenant/tenant.ts'
import { createTenantProvider, type OidcSettings, type TenantIssuer } from './oidc-provider.ts'

export interface TenantProvider extends TenantIssuer {
  readonly provider: Provider
  /** The provider's Koa app as a Node request handler. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>
}

interface Entry extends TenantProvider {
  readonly keysVersion: string
}

/** Which keys can sign now or soon: the provider is rebuilt when this changes (a rotation). */
function keysVersionOf(core: Core): string {
  return core.sessions.keyRing
    .list()
    .filter(({ state }) => state !== 'retired')
    .map(({ key, state }) => `${key.id}:${state}`)
    .join(',')
}

/**
 * One provider per tenant, made on first use and kept: the default tenant's issuer is
 * `PUBLIC_URL + prefix`, another tenant's `PUBLIC_URL + prefix + /t/<identifier>`. A provider holds
 * no state of its own (all of it is in the database), so rebuilding one after a key rotation loses
 * nothing.
 */
export function createProviderRegistry(
  core: Core,
  settings: OidcSettings,
  options: { readonly publicUrl: string; readonly prefix: string },
) {
  const entries = new Map<string, Entry>()

  function issuerOf(tenant: Tenant, isDefault: boolean): TenantIssuer {
    const mountPath = isDefault ? options.prefix : `${options.prefix}/t/${tenant.identifier}`
    return {
      tenant,
      mountPath,
      issuer: `${options.publicUrl}${mountPath}`,
      cookieSuffix: isDefault ? '' : `_${tenant.id.replaceAll('-', '')}`,
    }
  }

  function build(target: TenantIssuer, keysVersion: string): Entry {
    const jwks = { keys: core.sessions.keyRing.privateJwks() } as JWKS
    const provider = createTenantProvider(core, settings, target, jwks)
    const callback = provider.callback()
    return {
      ...target,
      provider,
      keysVersion,
      handle: async (req, res) => {
        await callback(req, res)
      },
    }
  }

  return {
    /**
     * The provider of the tenant named in the path, or of the default tenant (`undefined`). The
     * default tenant has one issuer only: naming it under /t/ finds nothing.
     */
    async find(identifier: string | undefined): Promise<TenantProvider | undefined> {
      const defaultTenant = core.tenants.tenants.defaultTenant()
      const key = identifier ?? defaultTenant.identifier
      if (
        identifier !== undefined &&
        (identifier === defaultTenant.identifier || !isValidTenantIdentifier(identifier))
      )
        return undefined
      const keysVersion = keysVersionOf(core)
      const cached = entries.get(key)
      if (cached !== undefined && cached.keysVersion === keysVersion) return cached
      const tenant =
        cached?.tenant ??
        (identifier === undefined ? defaultTenant : await core.tenants.tenants.findByIdentifier(key))
      if (tenant === undefined) return undefined
      const entry = build(issuerOf(tenant, identifier === undefined), keysVersion)
      entries.set(key, entry)
      return entry
    },
  }
}

export type ProviderRegistry = ReturnType<typeof createProviderRegistry>
