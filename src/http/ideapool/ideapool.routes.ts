import { AppError, validationError } from '../../core/errors.ts'
import { BREACHED_PROBLEM } from '../../core/password/breached-password.ts'
import { ideapoolPasswordRule } from '../../core/password/password-rules.ts'
import { splitName } from '../../core/user/user.ts'
import { actorOf } from '../shared/authenticate.ts'
import { defineRoute, type ErrorDoc, type RouteDoc } from '../shared/define-route.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { refusalDocs } from '../shared/refusal-docs.ts'
import { passwordSignInRoute } from '../shared/sign-in-route.ts'
import type { SurfaceOptions } from '../shared/surface.ts'
import { MissingParamError } from './ideapool.errors.ts'
import { pageParam, requireBody, stringParam, stringProblems, textParam } from './ideapool.params.ts'
import {
  awaitsConfirmationBody,
  credentialsBody,
  type IdeapoolSettings,
  ideaBody,
  ideaInput,
  ideaListSchema,
  ideaParams,
  ideaSchema,
  meBody,
  meSchema,
  noContent,
  pageQuery,
  refreshBody,
  refreshedBody,
  signUpBody,
  tokenPolicy,
  tokensBody,
  tokensOf,
} from './ideapool.wire.ts'

export type IdeapoolDeps = SurfaceOptions<IdeapoolSettings>

const AWAITS_CONFIRMATION = 'Confirm your email address with the link we sent you, then sign in'

const missing = (field: string): ErrorDoc => ({
  description: 'A required parameter is missing or blank',
  examples: [new MissingParamError(field)],
})
/**
 * An `auth: 'required'` route: its 401, and its own refusals. The JWT is judged before the handler
 * (ideapool.auth.ts), after the body was parsed: malformed JSON is a 400 before any 401.
 */
const securedDoc = (summary: string, errors: RouteDoc['errors'] = {}): RouteDoc => ({
  summary,
  security: ['accessToken'],
  errors: {
    401: {
      description: 'No access token, or a malformed, expired or revoked one',
      examples: [new AppError('invalid_token')],
    },
    ...errors,
  },
})
const invalidIdea: ErrorDoc = {
  description: 'Invalid fields',
  examples: [validationError([{ field: 'impact', problem: 'must be less than or equal to 10' }])],
}
const ideaNotFound: ErrorDoc = {
  description: "No such idea of the caller's",
  examples: [new AppError('idea_not_found')],
}

const signUp = defineRoute({
  method: 'POST',
  path: '/users',
  auth: 'none',
  limit: 'signUp',
  schema: {
    body: signUpBody,
    response: { 201: tokensBody('Signed up and signed in'), 202: awaitsConfirmationBody },
  },
  doc: {
    summary: 'Sign up',
    errors: {
      400: missing('email'),
      403: { description: 'The coop closed sign-up', examples: [new AppError('sign_up_disabled')] },
      422: {
        description: `Invalid fields or an email taken; a breached password: Password ${BREACHED_PROBLEM}`,
        examples: [
          validationError([{ field: 'email', problem: 'is invalid' }]),
          new AppError('email_taken'),
          validationError([{ field: 'password', problem: BREACHED_PROBLEM }]),
        ],
      },
      429: refusalDocs.limited,
      503: refusalDocs.busyOrUncheckable,
    },
  },
  handler: async (request, reply, { core, settings }: IdeapoolDeps) => {
    const params = requireBody(signUpBody, request.body)
    const name = stringParam(params.name, 'name')
    // As the original: the address and password are judged only once the request is counted.
    const { email, password } = params
    const refusal = stringProblems([
      { value: email, field: 'email', problem: 'is invalid' },
      { value: password, field: 'password' },
    ])
    const { user, awaitsConfirmation } = await core.identity.signUp.withPassword(
      { client: clientOf(request), ...(refusal && { refusal }) },
      {
        email: textParam(email),
        displayName: name,
        ...splitName(name),
        password: textParam(password),
        passwordRule: ideapoolPasswordRule,
      },
    )
    // The coop wants confirmed addresses: the account exists, but no token before the link is used.
    if (awaitsConfirmation) return reply.code(202).send({ message: AWAITS_CONFIRMATION })
    return reply.code(201).send(tokensOf(await core.identity.auth.openSession(user, tokenPolicy(settings))))
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

const createIdea = defineRoute({
  method: 'POST',
  path: '/ideas',
  auth: 'required',
  schema: { body: ideaInput, response: { 201: ideaSchema } },
  doc: securedDoc('Create an idea', { 400: missing('content'), 422: invalidIdea }),
  handler: async (request, reply, { core }: IdeapoolDeps) => {
    const idea = await core.tenants.ideas.create(
      actorOf(request).user.id,
      requireBody(ideaInput, request.body),
    )
    return reply.code(201).send(ideaBody(idea))
  },
})

const updateIdea = defineRoute({
  method: 'PUT',
  path: '/ideas/:id',
  auth: 'required',
  schema: { params: ideaParams, body: ideaInput, response: { 200: ideaSchema } },
  doc: securedDoc('Replace an idea', { 400: missing('content'), 404: ideaNotFound, 422: invalidIdea }),
  handler: async (request, _reply, { core }: IdeapoolDeps) => {
    const { id } = request.params as { id: string }
    const idea = await core.tenants.ideas.update(
      actorOf(request).user.id,
      id,
      requireBody(ideaInput, request.body),
    )
    return ideaBody(idea)
  },
})

const deleteIdea = defineRoute({
  method: 'DELETE',
  path: '/ideas/:id',
  auth: 'required',
  schema: { params: ideaParams, response: { 204: noContent('Deleted') } },
  doc: securedDoc('Delete an idea', { 404: ideaNotFound }),
  handler: async (request, reply, { core }: IdeapoolDeps) => {
    const { id } = request.params as { id: string }
    await core.tenants.ideas.remove(actorOf(request).user.id, id)
    return reply.code(204).send()
  },
})

const listIdeas = defineRoute({
  method: 'GET',
  path: '/ideas',
  auth: 'required',
  schema: { querystring: pageQuery, response: { 200: ideaListSchema } },
  doc: securedDoc("The caller's ideas, best average score first, 10 a page", {
    422: {
      description: 'A page that is no whole number from 1',
      examples: [validationError([{ field: 'page', problem: 'must be an integer greater than 0' }])],
    },
  }),
  handler: async (request, _reply, { core }: IdeapoolDeps) => {
    const { page } = request.query as { page?: unknown }
    const ideas = await core.tenants.ideas.listPage(actorOf(request).user.id, pageParam(page))
    return ideas.map(ideaBody)
  },
})

export const ideapoolRoutes = [
  signUp,
  signIn,
  refresh,
  signOut,
  me,
  createIdea,
  updateIdea,
  deleteIdea,
  listIdeas,
]
