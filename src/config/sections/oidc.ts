import type { Config } from '../config.ts'
import { DAY_SECONDS, flag, integer, pathPrefix } from '../fields.ts'

export const oidcSection = {
  enabled: flag({
    env: 'OIDC_ENABLED',
    default: true,
    doc: 'Serve the OpenID Connect provider (sign-in and consent pages)',
  }),
  prefix: pathPrefix({
    env: 'OIDC_PREFIX',
    default: '/oidc',
    doc: "Path of the default tenant's OpenID Connect issuer; other tenants at <prefix>/t/<identifier>",
  }),
  accessTtlSeconds: integer({
    env: 'OIDC_ACCESS_TTL_SECONDS',
    default: 3600,
    min: 60,
    doc: 'OIDC access token lifetime',
  }),
  idTokenTtlSeconds: integer({
    env: 'OIDC_ID_TOKEN_TTL_SECONDS',
    default: 3600,
    min: 60,
    doc: 'OIDC ID token lifetime',
  }),
  refreshTtlSeconds: integer({
    env: 'OIDC_REFRESH_TTL_SECONDS',
    default: 30 * DAY_SECONDS,
    min: 60,
    doc: 'OIDC refresh token lifetime (each use rotates it; a reused one revokes the grant)',
  }),
  sessionTtlSeconds: integer({
    env: 'OIDC_SESSION_TTL_SECONDS',
    default: 14 * DAY_SECONDS,
    min: 60,
    doc: 'How long a browser stays signed in to the OIDC provider',
  }),
  sweepSeconds: integer({
    env: 'OIDC_SWEEP_SECONDS',
    default: 600,
    min: 10,
    doc: 'How often expired OIDC codes, tokens and sessions are deleted',
  }),
} as const

export function checkOidc({ oidc }: Config, problems: string[]): void {
  // The provider answers every path below its prefix: at the root it would swallow the surfaces.
  if (oidc.enabled && oidc.prefix === '') {
    problems.push('OIDC_PREFIX: must be a path like /oidc (the provider cannot sit at the root)')
  }
}
