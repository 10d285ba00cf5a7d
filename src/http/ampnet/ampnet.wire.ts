import Type from 'typebox'
import type { TokenPolicy } from '../../core/auth/auth.ts'
import type { Core } from '../../core/core.ts'
import { authoritiesOf } from '../../core/role/role.ts'
import type { Tenant } from '../../core/tenant/tenant.ts'
import type { User } from '../../core/user/user.ts'
import type { SurfaceOptions } from '../shared/surface.ts'

export interface AmpnetSettings {
  readonly accessTtlSeconds: number
  readonly refreshTtlSeconds: number
  /** E-mail sign-ups start disabled and get a confirmation mail. */
  readonly mailConfirmation: boolean
  /** Set when `GET /me` shares its path with the Idea Pool API (see shared/me-credential.ts). */
  readonly meConstraints?: Readonly<Record<string, string>> | undefined
  /** PUBLIC_URL with the surface's prefix: coop images are linked under it. */
  readonly publicBaseUrl: string
}

/** What the route handlers are given. */
export type AmpnetDeps = SurfaceOptions<AmpnetSettings>

/** A KYC-verified user or anyone above USER (the original's UserResponse `verified`). */
export function isVerified(user: User): boolean {
  return user.kycVerified || user.role !== 'USER'
}

/** Empty names are `null` on the wire, as the original's nullable columns. */
const nameOrNull = (name: string) => (name === '' ? null : name)

// Property order is wire order: the response schemas serialize the bodies.

/** The schema of UserResponse, described as the response it is. */
export const userSchema = (description: string) =>
  Type.Object(
    {
      uuid: Type.String(),
      email: Type.String(),
      first_name: Type.Union([Type.String(), Type.Null()]),
      last_name: Type.Union([Type.String(), Type.Null()]),
      role: Type.Union([
        Type.Literal('USER'),
        Type.Literal('ADMIN'),
        Type.Literal('TOKEN_ISSUER'),
        Type.Literal('PLATFORM_MANAGER'),
      ]),
      enabled: Type.Boolean(),
      verified: Type.Boolean(),
      coop: Type.String(),
      language: Type.Union([Type.String(), Type.Null()]),
    },
    { description },
  )

/** UserResponse: what every AMPnet endpoint returning a user sends. */
export function userBody(user: User, coop: Pick<Tenant, 'identifier'>) {
  return {
    uuid: user.id,
    email: user.email,
    first_name: nameOrNull(user.givenName),
    last_name: nameOrNull(user.familyName),
    role: user.role,
    enabled: user.enabled,
    verified: isVerified(user),
    coop: coop.identifier,
    language: user.language ?? null,
  }
}

/** The user with their coop, rendered. */
export async function userResponse(core: Core, user: User) {
  return userBody(user, { identifier: await core.tenants.tenants.identifierOf(user.tenantId) })
}

/**
 * Tokens as the original minted them, for AMPnet's downstream services: a `user` claim holding a
 * JSON *string* (Latchkey itself never reads it back: it trusts only its own standard claims).
 */
export function tokenPolicy(settings: AmpnetSettings): TokenPolicy {
  return {
    surface: 'ampnet',
    accessTtlSeconds: settings.accessTtlSeconds,
    refreshTtlSeconds: settings.refreshTtlSeconds,
    // The original's refresh token lasted from login, and unconfirmed users could sign in (the
    // surface then refuses them everything but resending the mail and logging out).
    refreshSlides: false,
    admitsDisabledUsers: true,
    // AMPnet's other services read the email from `sub`; Latchkey reads its own `uid`.
    subject: (user) => user.email,
    claims: { withTenant: true, map: ampnetClaims },
  }
}

/** The `user` claim, as a JSON string, from the user and their coop. */
function ampnetClaims(user: User, coop: Tenant): Record<string, unknown> {
  return {
    user: JSON.stringify({
      uuid: user.id,
      email: user.email,
      // The original printed a missing name as "null"; an absent part is left out instead.
      name: [user.givenName, user.familyName].filter((part) => part !== '').join(' '),
      authorities: authoritiesOf(user.role),
      enabled: user.enabled,
      // A coop that switched KYC off counts everyone as verified, in the token only.
      verified: coop.needUserVerification ? isVerified(user) : true,
      coop: coop.identifier,
    }),
  }
}
