import type { Adapter, AdapterPayload } from 'oidc-provider'
import type { Core } from '../../core/core.ts'
import type { OidcClientWithSecret } from '../../core/oidc/oidc-client.ts'
import type { OidcTenantStore } from '../../core/oidc/oidc-store.service.ts'

/** A registered client as the provider's metadata (snake_case, as OpenID Connect names it). */
export function clientMetadataOf(client: OidcClientWithSecret): AdapterPayload {
  return {
    client_id: client.id,
    client_name: client.name,
    ...(client.secret !== undefined && { client_secret: client.secret }),
    redirect_uris: [...client.redirectUris],
    post_logout_redirect_uris: [...client.postLogoutRedirectUris],
    grant_types: [...client.grantTypes],
    response_types: client.grantTypes.includes('authorization_code') ? ['code'] : [],
    token_endpoint_auth_method: client.isPublic ? 'none' : 'client_secret_basic',
    'urn:latchkey:resources': [...client.resources],
    'urn:latchkey:skip_consent': client.skipConsent,
  }
}

/**
 * The provider's storage adapter for one tenant: clients come from the registered ones (read-only),
 * everything else from the core's payload store.
 */
export function adapterFor(core: Core, tenantId: string): new (model: string) => Adapter {
  const store: OidcTenantStore = core.sessions.oidcStore.forTenant(tenantId)
  return class TenantAdapter implements Adapter {
    readonly model: string
    constructor(model: string) {
      this.model = model
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Client') return // clients are registered through the CLI only
      await store.upsert(this.model, id, { ...payload }, expiresIn > 0 ? expiresIn : undefined)
    }
    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const client = await core.sessions.oidcClients.findWithSecret(tenantId, id)
        return client && clientMetadataOf(client)
      }
      return store.find(this.model, id)
    }
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return store.findByUserCode(this.model, userCode)
    }
    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return store.findByUid(this.model, uid)
    }
    consume(id: string): Promise<void> {
      return store.consume(this.model, id)
    }
    destroy(id: string): Promise<void> {
      return store.destroy(this.model, id)
    }
    revokeByGrantId(grantId: string): Promise<void> {
      return store.revokeByGrantId(grantId)
    }
  }
}
