import type { Db } from '../../db/database.ts'
import type { AbuseGuard, ClientRef } from '../abuse/abuse-guard.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import type { AuthService } from '../auth/auth.service.ts'
import type { SignedIn, TokenPolicy } from '../auth/auth.ts'
import { AppError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import type { Tenant } from '../tenant/tenant.ts'
import {
  findUserWithPasswordByEmail,
  hasUserWithEmail,
  insertUser,
  promoteIfOnlyUser,
} from '../user/user.repository.ts'
import { canSignIn, newUser, type User } from '../user/user.ts'
import type { FacebookVerifier } from './facebook.ts'
import type { GoogleVerifier } from './google.ts'
import type { SocialProfile, SocialProvider } from './social-login.ts'

export interface SocialLoginDeps {
  readonly db: Db
  readonly clock: Clock
  readonly tenants: TenantService
  readonly auth: AuthService
  readonly google: GoogleVerifier
  readonly facebook: FacebookVerifier
  /** AMPnet's first-admin rule: whether the first account of this tenant becomes its ADMIN. */
  readonly firstAccountIsAdmin: (tenantId: string) => boolean
  /** A sign-in with a provider's token counts against the client's sign-in limit. */
  readonly abuse: Pick<AbuseGuard, 'limit'>
  readonly audit?: AuditRecorder
  /** The providers an operator left on (default: both). */
  readonly enabledProviders?: readonly SocialProvider[]
  /** The installation's Google client id, for coops whose config names none. */
  readonly googleClientId?: string | undefined
}

export type SocialLoginService = ReturnType<typeof createSocialLoginService>

/** The coop's Google OAuth client id, from its free-form config JSON (`googleClientId`). */
export function googleClientIdOf(tenant: Tenant | undefined): string | undefined {
  if (tenant?.config === undefined) return undefined
  try {
    const config: unknown = JSON.parse(tenant.config)
    const hasKey = typeof config === 'object' && config !== null && 'googleClientId' in config
    const value = hasKey ? config.googleClientId : undefined
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  } catch {
    return undefined
  }
}

/** Signing up and in with a Google or Facebook token instead of a password. */
export function createSocialLoginService(deps: SocialLoginDeps) {
  const { db, clock, tenants, auth, google, facebook, abuse } = deps
  const audit = deps.audit ?? noAuditLog

  /**
   * Asks the provider whose token this is. The coop (undefined: the default) only chooses the
   * audience of a Google token (its googleClientId, else the installation's); an unknown coop is
   * for the caller to report afterwards.
   * @throws {AppError} social_login_failed, login_method_mismatch (the provider is switched off)
   */
  async function verify(input: {
    provider: SocialProvider
    token: string
    coopIdentifier: string | undefined
  }): Promise<SocialProfile> {
    if (!(deps.enabledProviders ?? ['GOOGLE', 'FACEBOOK']).includes(input.provider)) {
      const name = input.provider === 'GOOGLE' ? 'Google' : 'Facebook'
      throw new AppError('login_method_mismatch', { reason: `${name} login is switched off` })
    }
    if (input.provider === 'FACEBOOK') return facebook.profileOf(input.token)
    const coop = await tenants.findNamedOrDefault(input.coopIdentifier)
    return google.profileOf(input.token, googleClientIdOf(coop) ?? deps.googleClientId)
  }

  /**
   * Opens a session for the user with the profile's email in the tenant named by its identifier
   * (the default one when none is named), if they sign in through that provider. An unknown
   * tenant or address is invalid_credentials, as with a password.
   * @throws {AppError} invalid_credentials, login_method_mismatch
   */
  async function signInToNamedTenant(
    input: { tenant: string | undefined; profile: SocialProfile },
    policy: TokenPolicy,
  ): Promise<SignedIn> {
    const tenant = await tenants.findNamedOrDefault(input.tenant)
    const found = tenant && (await findUserWithPasswordByEmail(db, tenant.id, input.profile.email))
    const method = input.profile.provider.toLowerCase()
    const failed = (reason: string) =>
      audit.record({
        type: 'sign_in.failed',
        tenantId: tenant?.id,
        actorUserId: found?.user.id,
        details: { method, surface: policy.surface, reason },
      })
    if (found === undefined || !canSignIn(found.user, policy.admitsDisabledUsers)) {
      await failed(found === undefined ? 'unknown_account' : 'disabled')
      throw new AppError('invalid_credentials')
    }
    const { authMethod } = found.user
    if (authMethod !== input.profile.provider) {
      await failed('login_method_mismatch')
      throw new AppError('login_method_mismatch', {
        reason: `User registered using: ${authMethod} but trying to login with: ${input.profile.provider}`,
      })
    }
    // The session and its sign-in event commit together, as a password sign-in's do.
    return auth.openSession(found.user, policy, undefined, (sessionId, trx) =>
      audit.record(
        {
          type: 'sign_in.succeeded',
          tenantId: found.user.tenantId,
          actorUserId: found.user.id,
          details: { method, surface: policy.surface, session_id: sessionId },
        },
        trx,
      ),
    )
  }

  return {
    verify,

    /**
     * Creates an enabled user without a password who signs in through `profile.provider`; the
     * provider vouched for the address, so it counts as confirmed.
     * @throws {AppError} email_taken
     */
    async createAccount(tenantId: string, profile: SocialProfile): Promise<User> {
      if (await hasUserWithEmail(db, tenantId, profile.email)) throw new AppError('email_taken')
      const now = clock.now()
      const user = newUser(
        {
          id: newId(),
          tenantId,
          email: profile.email,
          displayName: [profile.givenName, profile.familyName].filter((name) => name !== '').join(' '),
          givenName: profile.givenName,
          familyName: profile.familyName,
          hasPassword: false,
          emailConfirmed: true,
          authMethod: profile.provider,
        },
        now,
      )
      // The unique index settles a race with another sign-up of the same address.
      await db.transaction().execute(async (trx) => {
        if (!(await insertUser(trx, user, undefined))) throw new AppError('email_taken')
        await audit.record(
          {
            type: 'sign_up',
            tenantId,
            actorUserId: user.id,
            details: { method: profile.provider.toLowerCase() },
          },
          trx,
        )
      })
      if (deps.firstAccountIsAdmin(tenantId) && (await promoteIfOnlyUser(db, user.id, tenantId)))
        return { ...user, role: 'ADMIN' }
      return user
    },

    signInToNamedTenant,

    /**
     * A sign-in with a provider's token: counted against the client's sign-in limit, then the
     * provider is asked, then signInToNamedTenant.
     * @throws {AppError} rate_limited, social_login_failed, invalid_credentials, login_method_mismatch
     */
    async signInWithToken(
      client: ClientRef,
      input: { tenant: string | undefined; provider: SocialProvider; token: string },
      policy: TokenPolicy,
    ): Promise<SignedIn> {
      await abuse.limit('signIn', client)
      const profile = await verify({ ...input, coopIdentifier: input.tenant })
      return signInToNamedTenant({ tenant: input.tenant, profile }, policy)
    },
  }
}
