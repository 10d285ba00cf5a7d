import type { SurfaceDoc } from '../docs/openapi.ts'
import {
  arrayOf,
  BREACHED,
  BUSY_OR_UNCHECKABLE_RETRY,
  CHECK_UNAVAILABLE,
  constant,
  json,
  nullable,
  object,
  RATE_LIMITED,
  RATE_LIMITED_RETRY,
  SERVER_BUSY,
  SERVER_BUSY_RETRY,
  SIGN_IN_LIMITED,
  string,
  withRetryAfter,
} from '../docs/schemas.ts'

// The users/login API as specs/users.md and users.errors.ts define it.

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
const tooMany = 'Too many requests, try again in <N> seconds.'
const busyText = 'Server is busy, try again shortly.'
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
        429: withRetryAfter(failure(SIGN_IN_LIMITED, tooMany), RATE_LIMITED_RETRY),
        503: withRetryAfter(failure(SERVER_BUSY, busyText), SERVER_BUSY_RETRY),
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
        201: json('Registered', object({ success: constant(true), uid: string() })),
        400: badPassword,
        409: failure('Email taken', 'This email is already registered.'),
        429: withRetryAfter(failure(RATE_LIMITED, tooMany), RATE_LIMITED_RETRY),
        503: withRetryAfter(
          failure(
            `${SERVER_BUSY}; or ${CHECK_UNAVAILABLE}`,
            busyText,
            'The password cannot be checked right now; try again later.',
          ),
          BUSY_OR_UNCHECKABLE_RETRY,
          false,
        ),
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
