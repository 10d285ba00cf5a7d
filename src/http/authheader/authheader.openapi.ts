import type { SurfaceDoc } from '../docs/openapi.ts'
import {
  arrayOf,
  BREACHED,
  constant,
  integer,
  json,
  object,
  query,
  refusalsOf,
  string,
} from '../docs/schemas.ts'

// The username-login and API-key API as its contract and authheader.errors.ts define it.

const message = (description: string, example: string, ...more: string[]) =>
  json(description, object({ message: { type: 'string', examples: [example, ...more] } }))

const badInput = message('Missing or invalid fields', 'username is required')
const unauthorized = message('Missing, invalid, expired or revoked credential', 'Unauthorized')
const refusals = refusalsOf(message)
// Failed API-key checks are counted per client; past the budget every key (even a valid one) is refused.
const keyLimited = refusals.limitedAs(
  'Too many failed API-key checks from this client (X-Authorization only)',
)
const date = string('UTC, YYYY-MM-DDTHH:mm:ss without zone; no expiry: 0001-01-01T00:00:00')
const loginProperties = {
  Id: string(),
  Created: date,
  Username: string('The username, or the email when there is none'),
  Email: string(),
  Firstname: string(),
  Lastname: string(),
  Token: string('JWT'),
  PasswordExpiration: date,
}
const login = object(loginProperties)
const apiKey = object({
  id: string(),
  name: string(),
  token: string('The key, for X-Authorization'),
  created: date,
})
const jwtOrKey = ['bearer', 'apiKey']
const jwtOnly = ['bearer']

export const authheaderDoc: SurfaceDoc = {
  title: 'Latchkey: authheader API (username login and API keys)',
  description:
    'A JWT in `Authorization` (with or without `Bearer `), or an API key in `X-Authorization`, which stands ' +
    'in for the JWT everywhere except key management (`/authheader/*`) and the session routes ' +
    '(`/user/renew`, `/user/token`, `/user/logout`): a key opens no session.',
  securitySchemes: {
    bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    apiKey: { type: 'apiKey', in: 'header', name: 'X-Authorization' },
  },
  operations: {
    'POST /user/login': {
      summary: 'Log in by username or email',
      signIn: true,
      requestBody: { schema: object({ username: string(), password: string() }) },
      responses: {
        200: json('Signed in', login),
        400: badInput,
        401: message('Unknown user or wrong password', 'Incorrect credentials'),
        403: message(
          'Password expired (change it with POST /user/password); or right password, but the account has a second factor and the coop allows no password-only sign-in here (sign in through the hosted pages)',
          'Password expired',
          'Two-factor authentication required',
        ),
        429: refusals.signInLimited,
        503: refusals.busy,
      },
    },
    'GET /user/renew': {
      summary: 'A fresh JWT for the same session',
      security: jwtOnly,
      responses: {
        200: json(
          'Renewed',
          object({
            ...loginProperties,
            access_token: string(),
            expires_in: integer('Seconds'),
            token_type: constant('bearer'),
          }),
        ),
        401: unauthorized,
      },
    },
    'GET /user/token': {
      summary: 'A JWT with a chosen lifetime (invalidates the current one)',
      security: jwtOnly,
      parameters: [
        query('m', 'Lifetime in minutes (1 minute to 365 days)', false, { type: 'integer' }),
        query('d', 'Lifetime in days (up to 365)', false, { type: 'integer' }),
      ],
      responses: { 200: json('Reissued', login), 400: badInput, 401: unauthorized },
    },
    'GET /user/logout': {
      summary: "End the caller's session",
      security: jwtOnly,
      responses: { 200: message('Logged out', 'User logged out'), 401: unauthorized },
    },
    'POST /user/password': {
      summary: 'Change a password (no token needed)',
      requestBody: {
        schema: object({ username: string(), old: string(), new: string(), confirm: string() }),
      },
      responses: {
        200: message('Changed; other sessions end', 'Password changed'),
        400: message(
          `Missing or invalid fields; a breached password: new ${BREACHED}`,
          'username is required',
          `new ${BREACHED}`,
        ),
        401: message('Wrong old password', 'Incorrect credentials'),
        403: message(
          'Right old password, but the account has a second factor: without a token a password alone cannot change it',
          'Two-factor authentication required',
        ),
        429: refusals.signInLimited,
        503: refusals.busyOrUncheckable,
      },
    },
    'POST /authheader/add': {
      summary: 'Create an API key',
      security: jwtOnly,
      requestBody: { schema: object({ name: { type: 'string', minLength: 1, maxLength: 128 } }) },
      responses: { 200: json('The new key', apiKey), 400: badInput, 401: unauthorized },
    },
    'GET /authheader/list': {
      summary: "The caller's API keys, oldest first",
      security: jwtOnly,
      responses: { 200: json('The keys', arrayOf(apiKey)), 401: unauthorized },
    },
    'POST /authheader/delete': {
      summary: 'Revoke an API key by its value',
      security: jwtOnly,
      requestBody: { schema: object({ text: string('The key') }) },
      responses: {
        200: message('Revoked', 'Success'),
        400: badInput,
        401: unauthorized,
        404: message("Not one of the caller's keys", 'Not found'),
      },
    },
    'GET /test/unsecure': {
      summary: 'Probe without a credential',
      responses: { 200: message('Always', 'Hi anonymous') },
    },
    'GET /test/secure': {
      summary: 'Probe with a credential',
      security: jwtOrKey,
      responses: { 200: message('The caller', 'Hi <username>'), 401: unauthorized, 429: keyLimited },
    },
  },
}
