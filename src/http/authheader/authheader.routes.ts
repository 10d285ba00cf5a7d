import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { validationError } from '../../core/errors.ts'
import { authheaderPasswordRule } from '../../core/password/password-rules.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { authenticateJwt, authenticateJwtOrKey, optionalSessionId } from './authheader.auth.ts'
import { chosenLifetimeSeconds, requireStrings } from './authheader.params.ts'
import { type AuthheaderSettings, apiKeyBody, loginBody, tokenPolicy, usernameOf } from './authheader.wire.ts'

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
  app.get('/user/renew', async (request) => {
    const caller = await authenticateJwt(core, request)
    const renewed = await core.sessionControl.renew(caller, policy)
    return {
      ...loginBody(renewed.user, renewed.accessToken),
      access_token: renewed.accessToken,
      expires_in: renewed.expiresInSeconds,
      token_type: 'bearer',
    }
  })

  app.get('/user/token', async (request) => {
    const caller = await authenticateJwt(core, request)
    const signedIn = await core.sessionControl.reissue(caller, chosenLifetimeSeconds(request.query), policy)
    return loginBody(signedIn.user, signedIn.accessToken)
  })

  app.get('/user/logout', async (request) => {
    await core.sessionControl.signOut(await authenticateJwt(core, request))
    return { message: 'User logged out' }
  })

  // No token needed, so that a user whose password expired (login answers 403) can recover.
  app.post('/user/password', async (request) => {
    const fields = requireStrings(request.body, ['username', 'old', 'new', 'confirm'])
    if (fields.new !== fields.confirm) {
      throw validationError([{ field: 'confirm', problem: 'does not match new' }])
    }
    const keepSessionId = await optionalSessionId(core, request)
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
  app.post('/authheader/add', async (request) => {
    const caller = await authenticateJwt(core, request)
    const { name } = requireStrings(request.body, ['name'])
    const key = await core.apiKeys.issue({
      tenantId: caller.tenantId,
      userId: caller.userId,
      name,
      ttlSeconds: settings.apiKeyTtlSeconds,
    })
    return apiKeyBody(key)
  })

  app.get('/authheader/list', async (request) => {
    const caller = await authenticateJwt(core, request)
    return (await core.apiKeys.list(caller.userId)).map(apiKeyBody)
  })

  app.post('/authheader/delete', async (request) => {
    const caller = await authenticateJwt(core, request)
    const { text } = requireStrings(request.body, ['text'])
    await core.apiKeys.revoke(caller.userId, text)
    return { message: 'Success' }
  })
}

/** `/test/*`: probes for checking a credential. */
export function probeRoutes(app: FastifyInstance, core: Core): void {
  app.get('/test/unsecure', async () => ({ message: 'Hi anonymous' }))

  app.get('/test/secure', async (request) => {
    const caller = await authenticateJwtOrKey(core, request)
    return { message: `Hi ${usernameOf(caller.names)}` }
  })
}
