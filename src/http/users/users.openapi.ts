import type { SurfaceDoc } from '../docs/openapi.ts'
import { arrayOf, BREACHED, constant, json, nullable, object, refusalsOf, string } from '../docs/schemas.ts'

// The users/login API as its contract and users.errors.ts define it.

const failure = (description: string, example: string, ...more: string[]) =>
  json(
    description,
    object({ success: constant(false), message: { type: 'string', examples: [example, ...more] } }),
  )

const badInput = failure('Missing or invalid fields', 'email must be a string')
const badPassword = failure(
  `Missing or invalid fields; a breached password: password ${BREACHED}`,
  'email must be a string',
  `password ${BREACHED}`,
)
const refusals = refusalsOf(failure, '.')
const credentials = ['queryToken', 'accessToken']

export const usersDoc: SurfaceDoc = {
  title: 'Latchkey: users API',
  description: 'Login and `/users/me`. The JWT travels in `?token=` (wins) or in `x-access-token`.',
  securitySchemes: {
    queryToken: { type: 'apiKey', in: 'query', name: 'token' },
    accessToken: { type: 'apiKey', in: 'header', name: 'x-access-token' },
  },
  operations: {
    'POST /users/login': {
      summary: 'Log in',
      signIn: true,
      requestBody: { schema: object({ email: string(), password: string() }) },
      responses: {
        200: json('Signed in', object({ uid: string(), token: string('JWT, 24 hours') })),
        400: badInput,
        401: failure('Wrong email or password', 'Authentication failed. Wrong password.'),
        403: failure(
          'Right password, but the account has a second factor and the coop allows no password-only sign-in here (sign in through the hosted pages)',
          'Two-factor authentication required.',
        ),
        429: refusals.signInLimited,
        503: refusals.busy,
      },
    },
    'POST /users/register': {
      summary: 'Register',
      requestBody: {
        schema: object({
          email: string(),
          password: string('8+ characters: upper, lower, digit'),
          'name?': string(),
        }),
      },
      responses: {
        201: json(
          'Registered (with `message` when the coop wants the address confirmed first)',
          object({ success: constant(true), uid: string(), 'message?': string() }),
        ),
        400: badPassword,
        403: failure('The coop closed sign-up', 'Sign-up is disabled.'),
        409: failure('Email taken', 'This email is already registered.'),
        429: refusals.limited,
        503: refusals.busyOrUncheckable,
      },
    },
    'GET /users/me': {
      summary: 'The current user',
      security: credentials,
      responses: {
        200: json(
          'The user',
          object({
            uid: string(),
            email: string(),
            name: nullable(string()),
            roles: arrayOf(string()),
            created_at: string('ISO-8601 UTC'),
            updated_at: string('ISO-8601 UTC'),
          }),
        ),
        401: failure('Malformed, expired or revoked token', 'Failed to authenticate token.'),
        403: failure('No token', 'No token provided.'),
      },
    },
  },
}
