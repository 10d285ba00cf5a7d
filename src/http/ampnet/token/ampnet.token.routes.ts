import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import type { ExpiringTokenPolicy, TokenPolicy } from '../../../core/auth/auth.ts'
import type { Core } from '../../../core/core.ts'
import { AppError } from '../../../core/errors.ts'
import type { SocialProvider } from '../../../core/social-login/social-login.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { defineRoute } from '../../shared/define-route.ts'
import { clientOf } from '../../shared/rate-limit.ts'
import { refusalDocs } from '../../shared/refusal-docs.ts'
import { answeredEmpty, emptySuccess, openErrors } from '../ampnet.contract.ts'
import { ampnetError } from '../ampnet.errors.ts'
import { guardedRoute } from '../ampnet.guarded-route.ts'
import {
  bodyObject,
  optionalString,
  requiredChoice,
  requiredString,
  signupMethods,
  stringMap,
} from '../ampnet.params.ts'
import { type AmpnetDeps, tokenPolicy } from '../ampnet.wire.ts'

// Login, refresh and logout; lifetimes go out in milliseconds.

type Credentials = Readonly<Record<string, string>>

// The original failed with a 500 here; a client error is what it is.
const missingFields = () =>
  ampnetError('0101', 'Some fields missing or could not be parsed from JSON request.')

// Property order is wire order.
const tokensSchema = (description: string) =>
  Type.Object(
    {
      access_token: Type.String(),
      expires_in: Type.Integer({ description: 'Milliseconds' }),
      refresh_token: Type.String(),
      refresh_token_expires_in: Type.Integer({ description: 'Milliseconds' }),
    },
    { description },
  )

function signInWithPassword(
  core: Core,
  request: FastifyRequest,
  credentials: Credentials,
  coop: string | undefined,
  policy: TokenPolicy,
) {
  const { email, password } = credentials
  if (email === undefined || password === undefined) throw missingFields()
  return core.identity.auth.signInToNamedTenant(clientOf(request), { tenant: coop, email, password }, policy)
}

function signInWithProvider(
  core: Core,
  request: FastifyRequest,
  provider: SocialProvider,
  credentials: Credentials,
  coop: string | undefined,
  policy: TokenPolicy,
) {
  const { token } = credentials
  if (token === undefined) throw missingFields()
  return core.identity.socialLogin.signInWithToken(
    clientOf(request),
    { tenant: coop, provider, token },
    policy,
  )
}

const signIn = defineRoute({
  method: 'POST',
  path: '/token',
  auth: 'optional',
  limit: 'signIn',
  schema: {
    body: Type.Object({
      login_method: Type.Union(signupMethods.map((method) => Type.Literal(method))),
      credentials: Type.Record(Type.String(), Type.String(), { description: '{email, password} or {token}' }),
      coop: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
    response: { 200: tokensSchema('Signed in') },
  },
  doc: {
    summary: 'Log in',
    signIn: true,
    errors: openErrors({
      400: {
        description: '0207, 0201, 0101 or 1001',
        examples: [
          new AppError('invalid_credentials'),
          new AppError('login_method_mismatch'),
          missingFields(),
          new AppError('tenant_not_found'),
        ],
      },
      403: {
        description:
          '0210: right password, but the account has a second factor and the coop allows no password-only sign-in here (sign in through the hosted pages)',
        examples: [new AppError('mfa_required')],
      },
      429: refusalDocs.signInLimited,
      502: { description: '0106 provider failed', examples: [new AppError('social_login_failed')] },
      503: refusalDocs.busy,
    }),
  },
  handler: async (request, _reply, { core, settings }: AmpnetDeps) => {
    const policy = tokenPolicy(settings)
    const body = bodyObject(request.body)
    const method = requiredChoice(body, 'login_method', signupMethods)
    const credentials = stringMap(body, 'credentials')
    const coop = optionalString(body, 'coop')
    const signedIn =
      method === 'EMAIL'
        ? await signInWithPassword(core, request, credentials, coop, policy)
        : await signInWithProvider(core, request, method, credentials, coop, policy)
    return {
      access_token: signedIn.accessToken,
      expires_in: settings.accessTtlSeconds * 1000,
      refresh_token: signedIn.refreshToken,
      refresh_token_expires_in: settings.refreshTtlSeconds * 1000,
    }
  },
})

const refresh = defineRoute({
  method: 'POST',
  path: '/token/refresh',
  auth: 'optional',
  limit: 'refresh',
  schema: {
    body: Type.Object({ refresh_token: Type.String() }),
    response: { 200: tokensSchema('Refreshed') },
  },
  doc: {
    summary: 'New access token (same refresh token)',
    errors: openErrors({
      400: {
        description: '0208 unknown or expired refresh token',
        examples: [new AppError('invalid_refresh_token')],
      },
      429: refusalDocs.limited,
    }),
  },
  handler: async (request, _reply, { core, settings }: AmpnetDeps) => {
    // AMPnet reports the refresh token's remaining lifetime, so its refreshes need one.
    const policy: ExpiringTokenPolicy = {
      ...tokenPolicy(settings),
      refreshTtlSeconds: settings.refreshTtlSeconds,
    }
    const refreshToken = requiredString(bodyObject(request.body), 'refresh_token')
    const refreshed = await core.identity.auth.refreshSession(clientOf(request), refreshToken, policy)
    const remainingMs = refreshed.refreshExpiresAt.getTime() - core.clock.now().getTime()
    return {
      access_token: refreshed.accessToken,
      expires_in: settings.accessTtlSeconds * 1000,
      refresh_token: refreshToken,
      // Whole seconds, in milliseconds, as the original's newest version counted.
      refresh_token_expires_in: Math.max(0, Math.floor(remainingMs / 1000) * 1000),
    }
  },
})

// Every session of the caller ends: refresh tokens and access tokens stop at once.
const logout = guardedRoute({
  method: 'POST',
  path: '/logout',
  config: { admitsUnconfirmed: true },
  schema: { response: { 200: emptySuccess('Logged out') } },
  summary: "End all of the caller's sessions",
  handler: answeredEmpty((request, { core }: AmpnetDeps) =>
    core.sessions.sessionControl.endAllOfUser(actorOf(request).user),
  ),
})

export const tokenRoutes = [signIn, refresh, logout]
