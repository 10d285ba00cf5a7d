import { AppError, validationError } from '../../core/errors.ts'
import { BREACHED_PROBLEM } from '../../core/password/breached-password.ts'
import { ideapoolPasswordRule } from '../../core/password/password-rules.ts'
import { actorOf } from '../shared/authenticate.ts'
import { defineRoute } from '../shared/define-route.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { refusalDocs } from '../shared/refusal-docs.ts'
import { passwordSignInRoute } from '../shared/sign-in-route.ts'
import { passwordSignUpRoute } from '../shared/sign-up-route.ts'
import { missing, securedDoc } from './ideapool.docs.ts'
import { ideaRoutes } from './ideapool.ideas.routes.ts'
import { requireBody, stringParam, stringProblems, textParam } from './ideapool.params.ts'
import {
  awaitsConfirmationBody,
  credentialsBody,
  type IdeapoolDeps,
  meBody,
  meSchema,
  noContent,
  refreshBody,
  refreshedBody,
  signUpBody,
  tokenPolicy,
  tokensBody,
  tokensOf,
} from './ideapool.wire.ts'

const AWAITS_CONFIRMATION = 'Confirm your email address with the link we sent you, then sign in'

const signUp = passwordSignUpRoute({
  path: '/users',
  summary: 'Sign up',
  body: signUpBody,
  response: { 201: tokensBody('Signed up and signed in'), 202: awaitsConfirmationBody },
  account: (body) => {
    const params = requireBody(signUpBody, body)
    const name = stringParam(params.name, 'name')
    // As the original: the address and password are judged only once the request is counted.
    const { email, password } = params
    const refusal = stringProblems([
      { value: email, field: 'email', problem: 'is invalid' },
      { value: password, field: 'password' },
    ])
    return { email: textParam(email), password: textParam(password), name, refusal }
  },
  passwordRule: ideapoolPasswordRule,
  answer: async (reply, { core, settings }: IdeapoolDeps, { user, awaitsConfirmation }) => {
    // The coop wants confirmed addresses: the account exists, but no token before the link is used.
    if (awaitsConfirmation) return reply.code(202).send({ message: AWAITS_CONFIRMATION })
    return reply.code(201).send(tokensOf(await core.identity.auth.openSession(user, tokenPolicy(settings))))
  },
  errors: {
    400: missing('email'),
    422: {
      description: `Invalid fields or an email taken; a breached password: Password ${BREACHED_PROBLEM}`,
      examples: [
        validationError([{ field: 'email', problem: 'is invalid' }]),
        new AppError('email_taken'),
        validationError([{ field: 'password', problem: BREACHED_PROBLEM }]),
      ],
    },
  },
})

const signIn = passwordSignInRoute({
  path: '/access-tokens',
  summary: 'Log in',
  body: credentialsBody,
  credentials: (body) => {
    const params = requireBody(credentialsBody, body)
    return { email: textParam(params.email), password: textParam(params.password) }
  },
  status: 201,
  response: tokensBody('Signed in'),
  answer: tokensOf,
  policy: tokenPolicy,
  wrongPassword: 'Wrong email or password',
  errors: { 400: missing('password') },
})

const refresh = defineRoute({
  method: 'POST',
  path: '/access-tokens/refresh',
  auth: 'none',
  limit: 'refresh',
  schema: { body: refreshBody, response: { 200: refreshedBody } },
  doc: {
    summary: 'New access token from a refresh token',
    errors: {
      400: missing('refresh_token'),
      // A client's refresh interceptor logs out on this exact text from the refresh URL.
      401: {
        description: 'Unknown, expired or ended refresh token',
        examples: [new AppError('invalid_refresh_token')],
      },
      429: refusalDocs.limited,
    },
  },
  handler: async (request, _reply, { core, settings }: IdeapoolDeps) => {
    const params = requireBody(refreshBody, request.body)
    const refreshToken = textParam(params.refresh_token)
    return { jwt: await core.identity.auth.refresh(clientOf(request), refreshToken, tokenPolicy(settings)) }
  },
})

const signOut = defineRoute({
  method: 'DELETE',
  path: '/access-tokens',
  auth: 'required',
  schema: { body: refreshBody, response: { 204: noContent('Logged out') } },
  doc: securedDoc('Log out (ends the session of the refresh token)', { 400: missing('refresh_token') }),
  handler: async (request, reply, { core }: IdeapoolDeps) => {
    const params = requireBody(refreshBody, request.body)
    if (typeof params.refresh_token === 'string') {
      await core.identity.auth.signOutWithRefreshToken(actorOf(request).user.id, params.refresh_token)
    }
    return reply.code(204).send()
  },
})

const me = defineRoute({
  method: 'GET',
  path: '/me',
  auth: 'required',
  // Shared with AMPnet when both are mounted at one prefix: this one answers X-Access-Token.
  constraints: ({ settings }: IdeapoolDeps) => settings.meConstraints,
  schema: { response: { 200: meSchema } },
  doc: securedDoc('The current user'),
  // The user was read to authenticate: no second look-up.
  handler: async (request) => meBody(actorOf(request).user),
})

/** Every Idea Pool route, in the order they are registered and documented. */
export const ideapoolRoutes = [signUp, signIn, refresh, signOut, me, ...ideaRoutes]
