import type { SurfaceDoc } from '../docs/openapi.ts'
import {
  arrayOf,
  BREACHED,
  empty,
  integer,
  json,
  number,
  object,
  path,
  query,
  refusalsOf,
  string,
} from '../docs/schemas.ts'

// The Idea Pool API as its contract and ideapool.errors.ts define it.

const reason = (example: string, description = example, ...more: string[]) =>
  json(description, object({ reason: { type: 'string', examples: [example, ...more] } }))

const missing = reason('param is missing or the value is empty: <field>')
const unauthenticated = reason('you can not pass!')
const invalid = reason('Validation failed: <Field> <problem>')
const invalidPassword = reason(
  'Validation failed: <Field> <problem>',
  `Validation failed: <Field> <problem>; a breached password: Password ${BREACHED}`,
  `Validation failed: Password ${BREACHED}`,
)
const { limited, signInLimited, busy, busyOrUncheckable } = refusalsOf((description, example, ...more) =>
  reason(example, description, ...more),
)
const tokens = object({
  jwt: string('Access token, 10 minutes'),
  refresh_token: string('Opaque refresh token'),
})
const score = { type: 'integer', minimum: 1, maximum: 10 }
const ideaInput = object({
  content: { type: 'string', minLength: 1, maxLength: 255 },
  impact: score,
  ease: score,
  confidence: score,
})
const idea = object({
  id: string(),
  content: string(),
  impact: integer(),
  ease: integer(),
  confidence: integer(),
  average_score: number,
  created_at: integer('Unix seconds'),
})
const ideaId = path('id', 'The idea id')
const secured = ['accessToken']

export const ideapoolDoc: SurfaceDoc = {
  title: 'Latchkey: Idea Pool API',
  description:
    'Sign-up, JWT + refresh tokens, `/me` and ideas. The access token travels raw in `X-Access-Token`. ' +
    '`GET /me` is shared with AMPnet: this one answers when the request carries `X-Access-Token`.',
  securitySchemes: { accessToken: { type: 'apiKey', in: 'header', name: 'X-Access-Token' } },
  operations: {
    'POST /users': {
      summary: 'Sign up',
      requestBody: {
        schema: object({
          email: string(),
          name: string(),
          password: string('8+ characters: upper, lower, digit'),
        }),
      },
      responses: {
        201: json('Signed up and signed in', tokens),
        202: json(
          'Signed up; the coop wants confirmed addresses, so no token until the mailed link is used',
          object({ message: string() }),
        ),
        400: missing,
        403: reason('Sign-up is disabled', 'The coop closed sign-up'),
        422: invalidPassword,
        429: limited,
        503: busyOrUncheckable,
      },
    },
    'POST /access-tokens': {
      summary: 'Log in',
      signIn: true,
      requestBody: { schema: object({ email: string(), password: string() }) },
      responses: {
        201: json('Signed in', tokens),
        400: missing,
        401: reason('Either email or password is incorrect'),
        403: reason(
          'Two-factor authentication required',
          'Right password, but the account has a second factor and the coop allows no password-only sign-in here (sign in through the hosted pages)',
        ),
        429: signInLimited,
        503: busy,
      },
    },
    'POST /access-tokens/refresh': {
      summary: 'New access token from a refresh token',
      requestBody: { schema: object({ refresh_token: string() }) },
      responses: {
        200: json('A new access token', object({ jwt: string() })),
        400: missing,
        401: unauthenticated,
        429: limited,
      },
    },
    'DELETE /access-tokens': {
      summary: 'Log out (ends the session of the refresh token)',
      security: secured,
      requestBody: { schema: object({ refresh_token: string() }) },
      responses: { 204: empty('Logged out'), 400: missing, 401: unauthenticated },
    },
    'GET /me': {
      summary: 'The current user',
      security: secured,
      responses: {
        200: json(
          'The user',
          object({ email: string(), name: string(), avatar_url: string('Gravatar URL') }),
        ),
        401: unauthenticated,
      },
    },
    'POST /ideas': {
      summary: 'Create an idea',
      security: secured,
      requestBody: { schema: ideaInput },
      responses: { 201: json('The idea', idea), 400: missing, 401: unauthenticated, 422: invalid },
    },
    'PUT /ideas/:id': {
      summary: 'Replace an idea',
      security: secured,
      parameters: [ideaId],
      requestBody: { schema: ideaInput },
      responses: {
        200: json('The idea', idea),
        400: missing,
        401: unauthenticated,
        404: reason("Couldn't find Idea"),
        422: invalid,
      },
    },
    'DELETE /ideas/:id': {
      summary: 'Delete an idea',
      security: secured,
      parameters: [ideaId],
      responses: { 204: empty('Deleted'), 401: unauthenticated, 404: reason("Couldn't find Idea") },
    },
    'GET /ideas': {
      summary: "The caller's ideas, best average score first, 10 a page",
      security: secured,
      parameters: [query('page', 'Page number from 1 (default 1)', false, { type: 'integer', minimum: 1 })],
      responses: { 200: json('Up to 10 ideas', arrayOf(idea)), 401: unauthenticated, 422: invalid },
    },
  },
}
