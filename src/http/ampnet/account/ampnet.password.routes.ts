import Type from 'typebox'
import { AppError } from '../../../core/errors.ts'
import { BREACHED_PROBLEM } from '../../../core/password/breached-password.ts'
import { ampnetPasswordRule } from '../../../core/password/password-rules.ts'
import { isUuid } from '../../../core/shared/uuid.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { defineRoute } from '../../shared/define-route.ts'
import { clientOf } from '../../shared/rate-limit.ts'
import { refusalDocs } from '../../shared/refusal-docs.ts'
import { answeredEmpty, emptyDoc, emptySuccess, openErrors } from '../ampnet.contract.ts'
import { explained, frameworkError, validationError } from '../ampnet.errors.ts'
import { guardedRoute } from '../ampnet.guarded-route.ts'
import { bodyObject, optionalString, requiredString } from '../ampnet.params.ts'
import { type AmpnetDeps, userResponse, userSchema } from '../ampnet.wire.ts'

const breached = validationError([{ field: 'new_password', problem: BREACHED_PROBLEM }])

const requestReset = defineRoute({
  method: 'POST',
  path: '/forgot-password/token',
  auth: 'optional',
  limit: 'passwordReset',
  schema: {
    body: Type.Object({
      email: Type.String(),
      coop: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
    response: { 200: emptySuccess('Sent when the account exists') },
  },
  doc: {
    summary: 'Mail a password-reset link',
    errors: openErrors({
      400: {
        description: '0808 bad e-mail or 0201 social account',
        examples: [
          validationError([{ field: 'email', problem: 'is invalid' }]),
          new AppError('login_method_mismatch'),
        ],
      },
      429: refusalDocs.limited,
    }),
  },
  handler: answeredEmpty((request, { core }: AmpnetDeps) => {
    const body = bodyObject(request.body)
    const coop = optionalString(body, 'coop')
    const email = requiredString(body, 'email')
    return core.identity.passwordReset.requestInNamedTenant(clientOf(request), coop, email)
  }),
})

const reset = defineRoute({
  method: 'POST',
  path: '/forgot-password',
  auth: 'optional',
  limit: 'passwordReset',
  schema: {
    body: Type.Object({ new_password: Type.String(), token: Type.String() }),
    response: { 200: userSchema('The user') },
  },
  doc: {
    summary: 'Reset a password',
    errors: openErrors({
      400: {
        description: `0202, 0203 or 0808 (also a password that ${BREACHED_PROBLEM})`,
        examples: [new AppError('reset_token_not_found'), new AppError('reset_token_expired'), breached],
      },
      429: refusalDocs.limited,
      503: refusalDocs.busyOrUncheckable,
    }),
  },
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const body = bodyObject(request.body)
    const newPassword = requiredString(body, 'new_password')
    const token = requiredString(body, 'token')
    // A token that is no UUID failed the original's JSON binding: a framework 400, not 0104.
    if (!isUuid(token)) throw frameworkError(400)
    const reset = core.identity.passwordReset.reset(clientOf(request), token, newPassword, ampnetPasswordRule)
    const user = await explained(reset, {
      reset_token_not_found: `Missing forgot token: ${token}`,
      reset_token_expired: `Expired token: ${token}`,
    })
    return userResponse(core, user)
  },
})

const change = guardedRoute({
  method: 'POST',
  path: '/me/password',
  config: { privilege: 'PRO_PROFILE' },
  schema: {
    body: Type.Object({ old_password: Type.String(), new_password: Type.String() }),
    response: { 200: userSchema('The user') },
  },
  summary: 'Change the password',
  errors: {
    400: {
      description: `0808, 0201 or 0303 (0808 also a password that ${BREACHED_PROBLEM})`,
      examples: [breached, new AppError('password_not_used'), new AppError('wrong_old_password')],
    },
    404: emptyDoc(404, 'The user is gone'),
    429: refusalDocs.signInLimited,
    503: refusalDocs.busyOrUncheckable,
  },
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const { user, sessionId } = actorOf(request)
    const body = bodyObject(request.body)
    const oldPassword = requiredString(body, 'old_password')
    const newPassword = requiredString(body, 'new_password')
    const changed = await core.identity.passwordChanges.changeOwn(clientOf(request), {
      user,
      oldPassword,
      newPassword,
      passwordRule: ampnetPasswordRule,
      ...(sessionId !== undefined && { keepSessionId: sessionId }),
    })
    return userResponse(core, changed)
  },
})

/** Forgotten and changed passwords. */
export const passwordRoutes = [requestReset, reset, change]
