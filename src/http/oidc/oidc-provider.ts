import type { KeyObject } from 'node:crypto'
import type { Configuration, JWKS, default as Provider } from 'oidc-provider'
import type { Core } from '../../core/core.ts'
import { lazyModule } from '../../core/shared/lazy-module.ts'
import type { Tenant } from '../../core/tenant/tenant.ts'
import type { SigningAlgorithm } from '../../core/token/signing-key.ts'
import { canSignIn } from '../../core/user/user.ts'
import { adapterFor } from './oidc-adapter.ts'
import { type KoaPageOptions, koaPages } from './oidc-koa-pages.ts'

/**
 * oidc-provider (with Koa) is loaded when the first OIDC request builds a tenant's provider: an
 * instance that never serves OIDC does not hold its 14 MB (measured).
 */
export const oidcProviderModule = lazyModule<typeof import('oidc-provider')>('oidc-provider')

export interface OidcSettings {
  readonly accessTtlSeconds: number
  readonly idTokenTtlSeconds: number
  readonly refreshTtlSeconds: number
  readonly sessionTtlSeconds: number
  readonly algorithm: SigningAlgorithm
  /** Signs the provider's cookies; derived from SECRET_KEY. */
  readonly cookieKey: KeyObject
  readonly pages: KoaPageOptions
}

export interface TenantIssuer {
  readonly tenant: Tenant
  /** The issuer identifier: PUBLIC_URL + mountPath. */
  readonly issuer: string
  /** The path the provider is served under, e.g. `/oidc` or `/oidc/t/acme`. */
  readonly mountPath: string
  /** Appended to cookie names, so that two tenants' providers on one host keep apart. */
  readonly cookieSuffix: string
}

const INTERACTION_TTL_SECONDS = 3600
const AUTHORIZATION_CODE_TTL_SECONDS = 60
export const RESOURCES_METADATA = 'urn:latchkey:resources'
const SKIP_CONSENT_METADATA = 'urn:latchkey:skip_consent'

/** The OpenID Connect provider of one tenant, on the core's users, keys and storage. */
export function createTenantProvider(
  core: Core,
  settings: OidcSettings,
  target: TenantIssuer,
  jwks: JWKS,
): Provider {
  const { tenant, mountPath, cookieSuffix } = target
  const pages = koaPages(settings.pages)
  const configuration: Configuration = {
    adapter: adapterFor(core, tenant.id),
    jwks,
    async findAccount(_ctx, sub) {
      const user = await core.identity.users.find(sub)
      // A user disabled (or moved) since signing in gets no more tokens or claims.
      if (user === undefined || user.tenantId !== tenant.id || !canSignIn(user)) return undefined
      return {
        accountId: user.id,
        claims: () => ({
          sub: user.id,
          email: user.email,
          email_verified: user.emailConfirmed,
          name: user.displayName || undefined,
          given_name: user.givenName || undefined,
          family_name: user.familyName || undefined,
          locale: user.language,
        }),
      }
    },
    claims: {
      // amr: how the user signed in (RFC 8176), in the ID token when the sign-in said (a passkey).
      openid: ['sub', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'locale'],
    },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    responseTypes: ['code'],
    // PKCE (S256) for every client, confidential ones too, as OAuth 2.1 asks.
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: settings.algorithm,
    },
    extraClientMetadata: {
      properties: [RESOURCES_METADATA, SKIP_CONSENT_METADATA],
      validator(_ctx, key, value) {
        if (key === RESOURCES_METADATA && !Array.isArray(value))
          throw new TypeError('resources must be a list')
      },
    },
    // The grant of the session, as by default; a first-party client's grant also covers whatever
    // it asks now, so its users see no consent page.
    async loadExistingGrant(ctx) {
      const { client, session, params, provider } = ctx.oidc
      if (client === undefined || session === undefined) return undefined
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId)
      const found = grantId === undefined ? undefined : await provider.Grant.find(grantId)
      if (client[SKIP_CONSENT_METADATA] !== true || session.accountId === undefined) return found
      const grant = found ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId })
      grant.addOIDCScope(String(params?.scope ?? 'openid'))
      await grant.save()
      return grant
    },
    cookies: {
      keys: [settings.cookieKey.export()],
      names: {
        session: `lk_oidc_session${cookieSuffix}`,
        interaction: `lk_oidc_interaction${cookieSuffix}`,
        resume: `lk_oidc_resume${cookieSuffix}`,
      },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    // Browsers may call the token and userinfo endpoints only from the origins of a public client's
    // redirect URIs (and userinfo from any client's): a confidential client calls from its server.
    clientBasedCORS(ctx, origin, client) {
      if (origin === 'null') return false
      if (ctx.oidc.route !== 'userinfo' && client.clientAuthMethod !== 'none') return false
      return (client.redirectUris ?? []).some((uri) => URL.canParse(uri) && new URL(uri).origin === origin)
    },
    interactions: {
      url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client learns about its own tokens, and about tokens issued for an API it registered as
      // its resource (a resource server checking the tokens it receives).
      introspection: {
        enabled: true,
        allowedPolicy(_ctx, client, token) {
          if (token.clientId === client.clientId) return true
          const resources = client[RESOURCES_METADATA]
          const audiences = 'aud' in token ? [token.aud ?? []].flat() : []
          return Array.isArray(resources) && audiences.some((aud) => resources.includes(aud))
        },
      },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: pages.logoutSource,
        postLogoutSuccessSource: pages.postLogoutSuccessSource,
      },
      // An access token for an API the client registered (`resource`) is a JWT whose `aud` is that
      // API; without one it is an opaque token for userinfo.
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? undefined,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource, client) {
          const allowed = client[RESOURCES_METADATA]
          if (!Array.isArray(allowed) || !allowed.includes(resource))
            throw new (oidcProviderModule().errors.InvalidTarget)()
          return {
            scope: '',
            audience: resource,
            accessTokenTTL: settings.accessTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: settings.algorithm } },
          }
        },
      },
    },
    // Each use of a refresh token gives a new one; using a spent one again revokes the whole grant.
    rotateRefreshToken: true,
    // Any client allowed the refresh_token grant gets one; without offline_access (which needs
    // prompt=consent) it ends with the provider session.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: settings.accessTtlSeconds,
      ClientCredentials: settings.accessTtlSeconds,
      AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS,
      IdToken: settings.idTokenTtlSeconds,
      RefreshToken: settings.refreshTtlSeconds,
      Interaction: INTERACTION_TTL_SECONDS,
      Session: settings.sessionTtlSeconds,
      Grant: settings.refreshTtlSeconds,
    },
    renderError: pages.renderError,
  }
  const provider = new (oidcProviderModule().default)(target.issuer, configuration)
  // The forwarded scheme and host it reads are set from PUBLIC_URL by the route (oidc.api.ts).
  provider.proxy = true
  return provider
}
