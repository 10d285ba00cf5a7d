import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ExpiringTokenPolicy } from '../../../core/auth/auth.ts'
import type { Core } from '../../../core/core.ts'
import type { SocialProvider } from '../../../core/social-login/social-login.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { clientOf } from '../../shared/rate-limit.ts'
import { ampnetError } from '../ampnet.errors.ts'
import {
  bodyObject,
  optionalString,
  requiredChoice,
  requiredString,
  signupMethods,
  stringMap,
} from '../ampnet.params.ts'
import { type AmpnetSettings, tokenPolicy } from '../ampnet.wire.ts'

type Credentials = Readonly<Record<string, string>>

// The original failed with a 500 here; a client error is what it is.
const missingFields = () =>
  ampnetError('0101', 'Some fields missing or could not be parsed from JSON request.')

/** Login, refresh and logout; lifetimes go out in milliseconds. */
export function tokenRoutes(app: FastifyInstance, core: Core, settings: AmpnetSettings): void {
  const policy = tokenPolicy(settings)
  // AMPnet reports the refresh token's remaining lifetime, so its refreshes need one.
  const refreshPolicy: ExpiringTokenPolicy = { ...policy, refreshTtlSeconds: settings.refreshTtlSeconds }

  const signInWithPassword = (
    request: FastifyRequest,
    credentials: Credentials,
    coop: string | undefined,
  ) => {
    const { email, password } = credentials
    if (email === undefined || password === undefined) throw missingFields()
    return core.auth.signInToNamedTenant(clientOf(request), { tenant: coop, email, password }, policy)
  }
  const signInWithProvider = (
    request: FastifyRequest,
    provider: SocialProvider,
    credentials: Credentials,
    coop: string | undefined,
  ) => {
    const { token } = credentials
    if (token === undefined) throw missingFields()
    return core.socialLogin.signInWithToken(clientOf(request), { tenant: coop, provider, token }, policy)
  }

  app.post('/token', async (request) => {
    const body = bodyObject(request.body)
    const method = requiredChoice(body, 'login_method', signupMethods)
    const credentials = stringMap(body, 'credentials')
    const coop = optionalString(body, 'coop')
    const signedIn =
      method === 'EMAIL'
        ? await signInWithPassword(request, credentials, coop)
        : await signInWithProvider(request, method, credentials, coop)
    return {
      access_token: signedIn.accessToken,
      expires_in: settings.accessTtlSeconds * 1000,
      refresh_token: signedIn.refreshToken,
      refresh_token_expires_in: settings.refreshTtlSeconds * 1000,
    }
  })

  app.post('/token/refresh', async (request) => {
    const refreshToken = requiredString(bodyObject(request.body), 'refresh_token')
    const refreshed = await core.auth.refreshSession(clientOf(request), refreshToken, refreshPolicy)
    const remainingMs = refreshed.refreshExpiresAt.getTime() - core.clock.now().getTime()
    return {
      access_token: refreshed.accessToken,
      expires_in: settings.accessTtlSeconds * 1000,
      refresh_token: refreshToken,
      // Whole seconds, in milliseconds, as the original's newest version counted.
      refresh_token_expires_in: Math.max(0, Math.floor(remainingMs / 1000) * 1000),
    }
  })

  // Every session of the caller ends: refresh tokens and access tokens stop at once.
  const logoutOptions = { config: { auth: 'required', admitsUnconfirmed: true } } as const
  app.post('/logout', logoutOptions, async (request, reply) => {
    const { user } = actorOf(request)
    await core.sessionControl.endAllOfUser(user)
    return reply.code(200).send()
  })
}
