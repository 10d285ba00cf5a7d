import type { FastifyInstance } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { ampnetPasswordRule } from '../../../core/password/password-rules.ts'
import { isUuid } from '../../../core/shared/uuid.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { clientOf } from '../../shared/rate-limit.ts'
import { explained, frameworkError } from '../ampnet.errors.ts'
import { bodyObject, optionalString, requiredString } from '../ampnet.params.ts'
import { userResponse } from '../ampnet.wire.ts'

/** Forgotten and changed passwords. */
export function passwordRoutes(app: FastifyInstance, core: Core): void {
  app.post('/forgot-password/token', async (request, reply) => {
    const body = bodyObject(request.body)
    const coop = optionalString(body, 'coop')
    const email = requiredString(body, 'email')
    await core.passwordReset.requestInNamedTenant(clientOf(request), coop, email)
    return reply.code(200).send()
  })

  app.post('/forgot-password', async (request) => {
    const body = bodyObject(request.body)
    const newPassword = requiredString(body, 'new_password')
    const token = requiredString(body, 'token')
    // A token that is no UUID failed the original's JSON binding: a framework 400, not 0104.
    if (!isUuid(token)) throw frameworkError(400)
    const reset = core.passwordReset.reset(clientOf(request), token, newPassword, ampnetPasswordRule)
    const user = await explained(reset, {
      reset_token_not_found: `Missing forgot token: ${token}`,
      reset_token_expired: `Expired token: ${token}`,
    })
    return userResponse(core, user)
  })

  const changeOptions = { config: { auth: 'required', privilege: 'PRO_PROFILE' } } as const
  app.post('/me/password', changeOptions, async (request) => {
    const { user, sessionId } = actorOf(request)
    const body = bodyObject(request.body)
    const oldPassword = requiredString(body, 'old_password')
    const newPassword = requiredString(body, 'new_password')
    const changed = await core.passwordChanges.changeOwn(clientOf(request), {
      user,
      oldPassword,
      newPassword,
      passwordRule: ampnetPasswordRule,
      ...(sessionId !== undefined && { keepSessionId: sessionId }),
    })
    return userResponse(core, changed)
  })
}
