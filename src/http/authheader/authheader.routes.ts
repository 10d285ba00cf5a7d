import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { validationError } from '../../core/errors.ts'
import { authheaderPasswordRule } from '../../core/password/password-rules.ts'
import { actorOf, optionalActorOf } from '../shared/authenticate.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { chosenLifetimeSeconds, requireStrings } from './authheader.params.ts'
import { type AuthheaderSettings, apiKeyBody, loginBody, tokenPolicy, usernameOf } from './authheader.wire.ts'

// Credentials are judged before the handler (authheader.auth.ts), after the body was parsed.
const JWT_REQUIRED = { config: { auth: 'required' } } as const
const JWT_OPTIONAL = { config: { auth: 'optional' } } as const
const JWT_OR_KEY_REQUIRED = { config: { auth: 'required', keys: true } } as const

/** The session of a JWT-only route's caller. */
function sessionCallerOf(request: FastifyRequest) {
  const actor = actorOf(request)
  return { userId: actor.user.id, sessionId: actor.sessionId }
}

/** `/user/*`: sign-in by username or email, and the caller's own session. */
export function userRoutes(app: FastifyInstance, core: Core, settings: AuthheaderSettings): void {
  const policy = tokenPolicy(settings)

  app.post('/user/login', async (request) => {
    const { username, password } = requireStrings(request.body, ['username', 'password'])
    const signedIn = await core.auth.signInWithLogin(
      clientOf(request),
      { tenantId: core.tenants.defaultTenant().id, login: username, password },
      policy,
    )
    return loginBody(signedIn.user, signedIn.accessToken)
  })

  // The session routes are JWT only: an API key has no session, and must not trade itself for one.
  app.get('/user/renew', JWT_REQUIRED, async (request) => {
    const renewed = await core.sessionControl.renew(sessionCallerOf(request), policy)
    return {
      ...loginBody(renewed.user, renewed.accessToken),
      access_token: renewed.accessToken,
      expires_in: renewed.expiresInSeconds,
      token_type: 'bearer',
    }
  })

  app.get('/user/token', JWT_REQUIRED, async (request) => {
    const signedIn = await core.sessionControl.reissue(
      sessionCallerOf(request),
      chosenLifetimeSeconds(request.query),
      policy,
    )
    return loginBody(signedIn.user, signedIn.accessToken)
  })

  app.get('/user/logout', JWT_REQUIRED, async (request) => {
    await core.sessionControl.signOut(sessionCallerOf(request))
    return { message: 'User logged out' }
  })

  // No token needed, so that a user whose password expired (login answers 403) can recover.
  // A bad JWT is ignored here: it only says which session the change keeps.
  app.post('/user/password', JWT_OPTIONAL, async (request) => {
    const fields = requireStrings(request.body, ['username', 'old', 'new', 'confirm'])
    if (fields.new !== fields.confirm) {
      throw validationError([{ field: 'confirm', problem: 'does not match new' }])
    }
    const keepSessionId = optionalActorOf(request)?.sessionId
    await core.passwordChanges.change(clientOf(request), {
      tenantId: core.tenants.defaultTenant().id,
      login: fields.username,
      oldPassword: fields.old,
      newPassword: fields.new,
      passwordRule: authheaderPasswordRule,
      ...(keepSessionId !== undefined && { keepSessionId }),
    })
    return { message: 'Password changed' }
  })
}

/** `/authheader/*`: the caller's API keys. JWT only, so a leaked key cannot mint or list keys. */
export function apiKeyRoutes(app: FastifyInstance, core: Core, settings: AuthheaderSettings): void {
  app.post('/authheader/add', JWT_REQUIRED, async (request) => {
    const { user } = actorOf(request)
    const { name } = requireStrings(request.body, ['name'])
    const key = await core.apiKeys.issue({
      tenantId: user.tenantId,
      userId: user.id,
      name,
      ttlSeconds: settings.apiKeyTtlSeconds,
    })
    return apiKeyBody(key)
  })

  app.get('/authheader/list', JWT_REQUIRED, async (request) => {
    return (await core.apiKeys.list(actorOf(request).user.id)).map(apiKeyBody)
  })

  app.post('/authheader/delete', JWT_REQUIRED, async (request) => {
    const { text } = requireStrings(request.body, ['text'])
    await core.apiKeys.revoke(actorOf(request).user.id, text)
    return { message: 'Success' }
  })
}

/** `/test/*`: probes for checking a credential. */
export function probeRoutes(app: FastifyInstance): void {
  app.get('/test/unsecure', async () => ({ message: 'Hi anonymous' }))

  app.get('/test/secure', JWT_OR_KEY_REQUIRED, async (request) => {
    return { message: `Hi ${usernameOf(actorOf(request).user)}` }
  })
}
