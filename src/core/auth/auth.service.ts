import type { Db } from '../../db/database.ts'
import type { AbuseGuard, AccountRef, ClientRef } from '../abuse/abuse-guard.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError } from '../errors.ts'
import type { SecondStep } from '../mfa/mfa.ts'
import { type BreachedPasswordCheck, noBreachCheck } from '../password/breached-password.ts'
import type { PasswordHasher } from '../password/password-hasher.ts'
import type { SessionService } from '../session/session.service.ts'
import type { Clock } from '../shared/clock.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import type { TokenService } from '../token/token.service.ts'
import {
  findUserById,
  findUserWithPasswordByEmail,
  findUserWithPasswordByLogin,
  type UserWithPassword,
} from '../user/user.repository.ts'
import { canSignIn, type User } from '../user/user.ts'
import { accountCreator } from './account-creation.ts'
import type {
  ExpiringRefreshed,
  ExpiringTokenPolicy,
  Refreshed,
  RegisterInput,
  SignedIn,
  TokenPolicy,
} from './auth.ts'
import { createPasswordCheck } from './password-check.ts'

export interface AuthServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly passwords: PasswordHasher
  readonly sessions: SessionService
  readonly tokens: TokenService
  readonly tenants: TenantService
  /** AMPnet's first-admin rule: whether the first account of this tenant becomes its ADMIN. */
  readonly firstAccountIsAdmin: (tenantId: string) => boolean
  readonly audit?: AuditRecorder
  readonly breaches?: BreachedPasswordCheck
  /** Whether a password alone may not open a session for this user (they have a second factor). */
  readonly refusesPasswordAlone?: (user: User) => Promise<boolean>
  /** What a correct password still leaves to do (a second factor), on the surfaces that can ask. */
  readonly secondStepFor?: (user: User) => Promise<SecondStep>
  /** Sign-ins and refreshes count against the client's limits; passwords against the lockout. */
  readonly abuse: Pick<AbuseGuard, 'signIn' | 'limit'>
}

export type AuthService = ReturnType<typeof createAuthService>

export function createAuthService(deps: AuthServiceDeps) {
  const { db, clock, passwords, sessions, tokens, tenants, abuse } = deps
  const audit = deps.audit ?? noAuditLog
  const breaches = deps.breaches ?? noBreachCheck
  const refusesPasswordAlone = deps.refusesPasswordAlone ?? (async () => false)
  const secondStepFor = deps.secondStepFor ?? (async (): Promise<SecondStep> => 'none')
  const { checkPassword, checkPasswordAudited, findInNamedTenant, checkPasswordInTenant } =
    createPasswordCheck({ db, clock, passwords, tenants, audit })
  const createAccount = accountCreator({ ...deps, audit, breaches })

  /** The account as the lockout names it: by its tenant's identifier and the login typed. */
  async function accountIn(tenantId: string, identifier: string): Promise<AccountRef> {
    return { tenant: await tenants.identifierOf(tenantId), identifier }
  }

  /** An access token for an open session; `ttlSeconds` overrides the policy's lifetime. */
  async function issueAccessToken(
    user: User,
    sessionId: string,
    policy: TokenPolicy,
    ttlSeconds = policy.accessTtlSeconds,
  ): Promise<string> {
    const { claims } = policy
    const extraClaims = claims?.withTenant
      ? claims.map(user, await tenants.get(user.tenantId))
      : claims?.map(user)
    return tokens.issue({
      userId: user.id,
      tenantId: user.tenantId,
      sessionId,
      ttlSeconds,
      ...(policy.subject && { subject: policy.subject(user) }),
      ...(extraClaims && { extraClaims }),
    })
  }

  /**
   * Opens a session and signs its first access token. `audited` records the sign-in in the
   * transaction that opens the session: both exist, or neither (and one commit instead of two).
   */
  async function openSession(
    user: User,
    policy: TokenPolicy,
    ttlSeconds?: number,
    audited?: (sessionId: string, trx: Db) => Promise<void>,
  ): Promise<SignedIn> {
    const start = (executor: Db) =>
      sessions.start(
        {
          tenantId: user.tenantId,
          userId: user.id,
          surface: policy.surface,
          ...(policy.refreshTtlSeconds !== undefined && { refreshTtlSeconds: policy.refreshTtlSeconds }),
        },
        executor,
      )
    // The token is signed after the commit: its claims may read the tenant, which inside the
    // transaction would wait for the transaction's own connection on SQLite.
    const { session, refreshToken } =
      audited === undefined
        ? await start(db)
        : await db.transaction().execute(async (trx) => {
            const started = await start(trx)
            await audited(started.session.id, trx)
            return started
          })
    const accessToken = await issueAccessToken(user, session.id, policy, ttlSeconds)
    return { user, accessToken, refreshToken, sessionId: session.id }
  }

  /**
   * A new access token from the user's current state; the refresh token stays the same. Every
   * request counts against the client's refresh limit.
   * @throws {AppError} rate_limited, invalid_refresh_token
   */
  function refreshSession(
    client: ClientRef,
    refreshToken: string,
    policy: ExpiringTokenPolicy,
  ): Promise<ExpiringRefreshed>
  function refreshSession(client: ClientRef, refreshToken: string, policy: TokenPolicy): Promise<Refreshed>
  async function refreshSession(
    client: ClientRef,
    refreshToken: string,
    policy: TokenPolicy,
  ): Promise<Refreshed> {
    await abuse.limit('refresh', client)
    const session = await sessions.useRefreshToken(
      refreshToken,
      policy.refreshTtlSeconds,
      policy.refreshSlides,
    )
    const user = await findUserById(db, session.userId)
    if (user === undefined || !canSignIn(user, policy.admitsDisabledUsers)) {
      throw new AppError('invalid_refresh_token')
    }
    const accessToken = await issueAccessToken(user, session.id, policy)
    return { user, accessToken, refreshExpiresAt: session.expiresAt }
  }

  async function signInWithPassword(
    tenantId: string | undefined,
    found: UserWithPassword | undefined,
    password: string,
    policy: TokenPolicy,
  ): Promise<SignedIn> {
    const user = await checkPasswordAudited(
      tenantId,
      found,
      password,
      policy.surface,
      policy.admitsDisabledUsers,
    )
    // The legacy APIs have no second step: a user with one is refused, not half signed in.
    if (await refusesPasswordAlone(user)) {
      await audit.record({
        type: 'sign_in.failed',
        tenantId: user.tenantId,
        actorUserId: user.id,
        details: { method: 'password', surface: policy.surface, reason: 'mfa_required' },
      })
      throw new AppError('mfa_required')
    }
    return openSession(user, policy, undefined, (sessionId, trx) =>
      recordSignIn(user, policy.surface, sessionId, trx),
    )
  }

  /** The audit record of a completed sign-in (after the second step, when there is one). */
  async function recordSignIn(user: User, surface: string, sessionId?: string, executor?: Db): Promise<void> {
    await audit.record(
      {
        type: 'sign_in.succeeded',
        tenantId: user.tenantId,
        actorUserId: user.id,
        details: { method: 'password', surface, ...(sessionId !== undefined && { session_id: sessionId }) },
      },
      executor,
    )
  }

  return {
    issueAccessToken,
    openSession,
    checkPassword,
    createAccount,

    /**
     * Creates an enabled user with a password and signs them in.
     * @throws {AppError} validation_failed, email_taken
     */
    async register(input: RegisterInput, policy: TokenPolicy): Promise<SignedIn> {
      return openSession(await createAccount(input), policy)
    },

    /**
     * Checks an email and password and opens a session, under the client's limits and the
     * account's lockout.
     * @throws {AppError} rate_limited, invalid_credentials, password_expired, mfa_required
     */
    async signIn(
      client: ClientRef,
      input: { tenantId: string; email: string; password: string },
      policy: TokenPolicy,
    ): Promise<SignedIn> {
      const account = await accountIn(input.tenantId, input.email)
      return abuse.signIn(client, account, async () => {
        const found = await findUserWithPasswordByEmail(db, input.tenantId, input.email)
        return signInWithPassword(input.tenantId, found, input.password, policy)
      })
    },

    /**
     * Checks an email and password without opening a session, for a surface that keeps its own
     * (the OpenID Connect provider); audited as a sign-in. Disabled and unconfirmed users are refused.
     * @throws {AppError} invalid_credentials, password_expired
     */
    async authenticate(
      input: { tenantId: string; email: string; password: string },
      surface: string,
    ): Promise<User> {
      const found = await findUserWithPasswordByEmail(db, input.tenantId, input.email)
      const user = await checkPasswordAudited(input.tenantId, found, input.password, surface, false)
      await recordSignIn(user, surface)
      return user
    },

    /**
     * The first step of a sign-in that may ask for a second factor (hosted pages, console, OIDC):
     * checks the password in the named tenant (the default one when none is named) under the
     * client's limits and the account's lockout, audits a failure, and says which second step the
     * user owes. It records nothing on success: the caller records the sign-in with recordSignIn
     * once complete. A correct password of a user who still owes a second step does not complete
     * the sign-in, so it clears neither the account's failures (wrong codes among them) nor lets a
     * lock pass this client. Disabled users are refused.
     * @throws {AppError} rate_limited, invalid_credentials, password_expired
     */
    async beginSignIn(
      client: ClientRef,
      input: { tenant: string | undefined; email: string; password: string },
      surface: string,
    ): Promise<{ user: User; step: SecondStep }> {
      return abuse.signIn(
        client,
        { tenant: input.tenant, identifier: input.email },
        async () => {
          const user = await checkPasswordInTenant(input, surface)
          return { user, step: await secondStepFor(user) }
        },
        (result) => result.step === 'none',
      )
    },

    /**
     * A signed-in user's password, asked again to confirm a change (a passkey's removal): checked
     * like a sign-in's, under the same limits and lockout. A failure is audited, a success records
     * nothing.
     * @throws {AppError} rate_limited, invalid_credentials, password_expired
     */
    async confirmPassword(
      client: ClientRef,
      input: { tenant: string | undefined; email: string; password: string },
      surface: string,
    ): Promise<User> {
      return abuse.signIn(client, { tenant: input.tenant, identifier: input.email }, () =>
        checkPasswordInTenant(input, surface),
      )
    },
    recordSignIn,

    /**
     * Like signIn, in the tenant named by its identifier (the default one when none is named). An
     * unknown tenant answers like an unknown account, in the same time.
     * @throws {AppError} rate_limited, invalid_credentials, password_expired, mfa_required
     */
    async signInToNamedTenant(
      client: ClientRef,
      input: { tenant: string | undefined; email: string; password: string },
      policy: TokenPolicy,
    ): Promise<SignedIn> {
      return abuse.signIn(client, { tenant: input.tenant, identifier: input.email }, async () => {
        const { tenantId, found } = await findInNamedTenant(input)
        return signInWithPassword(tenantId, found, input.password, policy)
      })
    },

    /**
     * Like signIn, where `login` is the username or else the email (both ignoring case). The
     * lockout is the account's whichever the client typed (its email when the login is known),
     * else the login typed (unknown logins lock the same way).
     * @throws {AppError} rate_limited, invalid_credentials, password_expired, mfa_required
     */
    async signInWithLogin(
      client: ClientRef,
      input: { tenantId: string; login: string; password: string },
      policy: TokenPolicy,
    ): Promise<SignedIn> {
      const known = await findUserWithPasswordByLogin(db, input.tenantId, input.login)
      const account = await accountIn(input.tenantId, known?.user.email ?? input.login)
      return abuse.signIn(client, account, async () => {
        const found = await findUserWithPasswordByLogin(db, input.tenantId, input.login)
        return signInWithPassword(input.tenantId, found, input.password, {
          ...policy,
          admitsDisabledUsers: false,
        })
      })
    },

    /**
     * A new access token for a refresh token; the refresh token stays the same.
     * @throws {AppError} rate_limited, invalid_refresh_token
     */
    async refresh(client: ClientRef, refreshToken: string, policy: TokenPolicy): Promise<string> {
      return (await refreshSession(client, refreshToken, policy)).accessToken
    },
    refreshSession,

    /**
     * Ends the session of `refreshToken` when it belongs to `userId`; anything else changes nothing,
     * so that a caller learns nothing about other people's tokens.
     */
    async signOutWithRefreshToken(userId: string, refreshToken: string): Promise<void> {
      const session = await sessions.findByRefreshToken(refreshToken)
      if (session !== undefined && session.userId === userId) await sessions.end(session.id, 'logout')
    },
  }
}
