import type { Config } from '../config.ts'
import { integer, oneOf, optionalText } from '../fields.ts'

export const tokensSection = {
  algorithm: oneOf({
    env: 'JWT_ALGORITHM',
    choices: ['ES256', 'RS256', 'EdDSA'],
    default: 'ES256',
    doc: 'Signing algorithm of access tokens',
  }),
  issuer: optionalText({ env: 'JWT_ISSUER', doc: 'The iss claim of access tokens (default PUBLIC_URL)' }),
  keyRotationDays: integer({
    env: 'JWT_KEY_ROTATION_DAYS',
    default: 90,
    doc: 'Age in days after which a new signing key is made at start-up (0: never)',
  }),
  keyPublishSeconds: integer({
    env: 'JWT_KEY_PUBLISH_SECONDS',
    default: 300,
    min: 0,
    max: 86_400,
    doc: 'Seconds a new signing key is published in the JWKS before it signs (covers JWKS caches)',
  }),
  revocationSyncSeconds: integer({
    env: 'REVOCATION_SYNC_SECONDS',
    default: 5,
    min: 1,
    max: 3600,
    doc: 'How often ended sessions are reloaded from the database',
  }),
} as const

// Without a public URL tokens name http://localhost:PORT as their issuer, which differs by port
// and instance: harmless on a laptop, a verification failure behind a load balancer.
export function checkIssuerInProduction(config: Config, problems: string[]): void {
  if (config.env !== 'production') return
  if (config.server.publicUrl === undefined && config.tokens.issuer === undefined) {
    problems.push(
      'PUBLIC_URL: required when NODE_ENV=production (tokens would name http://localhost:PORT as their issuer, which differs by port and instance): set PUBLIC_URL to the public base URL, or JWT_ISSUER',
    )
  }
}
