import type { FastifyRequest } from 'fastify'
import { AppError, validationError } from '../../core/errors.ts'
import { BREACHED_PROBLEM } from '../../core/password/breached-password.ts'
import { authheaderPasswordRule } from '../../core/password/password-rules.ts'
import { actorOf, optionalActorOf } from '../shared/authenticate.ts'
import { defineRoute } from '../shared/define-route.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { PASSWORD_EXPIRED_OR_MFA, refusalDocs } from '../shared/refusal-docs.ts'
import { passwordSignInRoute } from '../shared/sign-in-route.ts'
import { jwtOnlyRoute, missingFields, required } from './authheader.docs.ts'
import { chosenLifetimeSeconds, requireStrings } from './authheader.params.ts'
import {
  type AuthheaderDeps,
  lifetimeQuery,
  loginBody,
  messageSchema,
  passwordChangeBody,
  renewedSchema,
  signedInBody,
  signedInSchema,
  tokenPolicy,
} from './authheader.wire.ts'

// `/user/*`: sign-in by username or email, and the caller's own session. The session routes are
// JWT only: an API key has no session, and must not trade itself for one.

/** The session of a JWT-only route's caller. */
function sessionCallerOf(request: FastifyRequest) {
  const actor = actorOf(request)
  return { userId: actor.user.id, sessionId: actor.sessionId }
}

const login = passwordSignInRoute({
  path: '/user/login',
  summary: 'Log in by username or email',
  body: loginBody,
  credentials: (body) => {
    const { username, password } = requireStrings(body, ['username', 'password'])
    return { login: username, password }
  },
  status: 200,
  response: signedInSchema('Signed in'),
  answer: (signedIn) => signedInBody(signedIn.user, signedIn.accessToken),
  policy: tokenPolicy,
  wrongPassword: 'Unknown user or wrong password',
  errors: {
    400: missingFields('username'),
    403: {
      description: PASSWORD_EXPIRED_OR_MFA,
      examples: [new AppError('password_expired'), new AppError('mfa_required')],
    },
  },
})

const renew = jwtOnlyRoute({
  method: 'GET',
  path: '/user/renew',
  schema: { response: { 200: renewedSchema } },
  summary: 'A fresh JWT for the same session',
  handler: async (request, _reply, { core, settings }: AuthheaderDeps) => {
    const renewed = await core.sessions.sessionControl.renew(sessionCallerOf(request), tokenPolicy(settings))
    return {
      ...signedInBody(renewed.user, renewed.accessToken),
      access_token: renewed.accessToken,
      expires_in: renewed.expiresInSeconds,
      token_type: 'bearer' as const,
    }
  },
})

const reissue = jwtOnlyRoute({
  method: 'GET',
  path: '/user/token',
  schema: { querystring: lifetimeQuery, response: { 200: signedInSchema('Reissued') } },
  summary: 'A JWT with a chosen lifetime (invalidates the current one)',
  errors: {
    400: {
      description: 'Neither or both of m and d, not a whole number, or out of range',
      examples: [validationError([{ field: 'm', problem: '(minutes) or d (days) is required' }])],
    },
  },
  handler: async (request, _reply, { core, settings }: AuthheaderDeps) => {
    const signedIn = await core.sessions.sessionControl.reissue(
      sessionCallerOf(request),
      chosenLifetimeSeconds(request.query),
      tokenPolicy(settings),
    )
    return signedInBody(signedIn.user, signedIn.accessToken)
  },
})

const logout = jwtOnlyRoute({
  method: 'GET',
  path: '/user/logout',
  schema: { response: { 200: messageSchema('Logged out', 'User logged out') } },
  summary: "End the caller's session",
  handler: async (request, _reply, { core }: AuthheaderDeps) => {
    await core.sessions.sessionControl.signOut(sessionCallerOf(request))
    return { message: 'User logged out' }
  },
})

// No token needed, so that a user whose password expired (login answers 403) can recover.
// A bad JWT is ignored here: it only says which session the change keeps.
const changePassword = defineRoute({
  method: 'POST',
  path: '/user/password',
  auth: 'optional',
  // Counted and locked out like a sign-in by core.identity.passwordChanges.change.
  limit: 'signIn',
  schema: {
    body: passwordChangeBody,
    response: { 200: messageSchema('Changed; other sessions end', 'Password changed') },
  },
  doc: {
    summary: 'Change a password (no token needed)',
    errors: {
      400: {
        description: `Missing or invalid fields; a breached password: new ${BREACHED_PROBLEM}`,
        examples: [required('username'), validationError([{ field: 'new', problem: BREACHED_PROBLEM }])],
      },
      401: { description: 'Wrong old password', examples: [new AppError('invalid_credentials')] },
      403: {
        description:
          'Right old password, but the account has a second factor: without a token a password alone cannot change it',
        examples: [new AppError('mfa_required')],
      },
      429: refusalDocs.signInLimited,
      503: refusalDocs.busyOrUncheckable,
    },
  },
  handler: async (request, _reply, { core }: AuthheaderDeps) => {
    const fields = requireStrings(request.body, ['username', 'old', 'new', 'confirm'])
    if (fields.new !== fields.confirm) {
      throw validationError([{ field: 'confirm', problem: 'does not match new' }])
    }
    const keepSessionId = optionalActorOf(request)?.sessionId
    await core.identity.passwordChanges.change(clientOf(request), {
      tenantId: core.tenants.tenants.defaultTenant().id,
      login: fields.username,
      oldPassword: fields.old,
      newPassword: fields.new,
      passwordRule: authheaderPasswordRule,
      ...(keepSessionId !== undefined && { keepSessionId }),
    })
    return { message: 'Password changed' }
  },
})

export const sessionRoutes = [login, renew, reissue, logout, changePassword]
