import type { OperationDoc, ParameterDoc, ResponseDoc } from '../docs/openapi.ts'
import {
  anyObject,
  arrayOf,
  BUSY_OR_UNCHECKABLE_RETRY,
  boolean,
  CHECK_UNAVAILABLE,
  integer,
  json,
  nullable,
  object,
  query,
  RATE_LIMITED,
  RATE_LIMITED_RETRY,
  SERVER_BUSY,
  SERVER_BUSY_RETRY,
  SIGN_IN_LIMITED,
  string,
  withRetryAfter,
} from '../docs/schemas.ts'

// The wire shapes and error forms of the AMPnet documentation (as ampnet.errors.ts renders them),
// used by ampnet.openapi.ts.

const ampnetErrorSchema = object({
  description: string(),
  err_code: string('4 digits'),
  message: string(),
  errors: { type: 'object' },
})
export const ampnetError = (description: string) => json(description, ampnetErrorSchema)
export const jwtError = json(
  '0204 Invalid JWT (a bad Bearer token, on any route) or 0206 (no token on a protected route)',
  object({ description: string(), err_code: string(), message: string() }),
)
const frameworkSchema = object({
  timestamp: string(),
  status: integer(),
  error: string(),
  message: string(),
  path: string(),
})
export const framework = (description: string) => json(description, frameworkSchema)

// AMPnet's catalogue has no code for a rate limit or a busy server: the framework body, as Spring's
// own 429/503 would be (ampnet.errors.ts).
const tooMany = 'framework body, status 429, "Too many requests, try again in <N> seconds"'
export const rateLimited = withRetryAfter(framework(`${RATE_LIMITED}: ${tooMany}`), RATE_LIMITED_RETRY)
export const signInLimited = withRetryAfter(framework(`${SIGN_IN_LIMITED}: ${tooMany}`), RATE_LIMITED_RETRY)
const busyText = 'framework body, status 503, "Server is busy, try again shortly"'
export const serverBusy = withRetryAfter(framework(`${SERVER_BUSY}: ${busyText}`), SERVER_BUSY_RETRY)
/** Where a password is set: Argon2 busy (framework body) or the breached-password check (0209). */
export const busyOrUncheckable = withRetryAfter(
  {
    description: `${SERVER_BUSY}: ${busyText}; or ${CHECK_UNAVAILABLE}: 0209`,
    schema: { anyOf: [frameworkSchema, ampnetErrorSchema] },
  },
  BUSY_OR_UNCHECKABLE_RETRY,
  false,
)

export const user = object({
  uuid: string(),
  email: string(),
  first_name: nullable(string()),
  last_name: nullable(string()),
  role: { enum: ['USER', 'ADMIN', 'TOKEN_ISSUER', 'PLATFORM_MANAGER'] },
  enabled: boolean,
  verified: boolean,
  coop: string(),
  language: nullable(string()),
})
export const coop = object({
  identifier: string(),
  name: string(),
  created_at: string(),
  hostname: nullable(string()),
  config: nullable(anyObject),
  logo: nullable(string()),
  banner: nullable(string()),
  need_user_verification: boolean,
  kyc_provider: { enum: ['VERIFF', 'IDENTYUM'] },
  disable_sign_up: boolean,
})
export const tokens = object({
  access_token: string(),
  expires_in: integer('Milliseconds'),
  refresh_token: string(),
  refresh_token_expires_in: integer('Milliseconds'),
})
export const userList = object({ users: arrayOf(user), page: integer(), total_pages: integer() })
export const auditList = object({
  events: arrayOf(
    object({
      id: integer(),
      type: string('sign_in.succeeded, sign_in.failed, sign_up, password.changed, password.reset, …'),
      actor_uuid: nullable(string()),
      subject_uuid: nullable(string()),
      ip: nullable(string()),
      user_agent: nullable(string()),
      details: anyObject,
      created_at: string('ISO 8601'),
    }),
  ),
  page: integer(),
  total_pages: integer(),
})
export const bankAccount = object({
  id: integer(),
  iban: string(),
  bank_code: string(),
  created_at: string(),
  alias: nullable(string()),
  bank_name: nullable(string()),
  bank_address: nullable(string()),
  beneficiary_name: nullable(string()),
  beneficiary_address: nullable(string()),
  beneficiary_city: nullable(string()),
  beneficiary_country: nullable(string()),
})
export const notMultipart = framework('The body is not multipart/form-data')
export const coopPart = {
  contentType: 'multipart/form-data',
  schema: object({
    request: string('JSON: {identifier ≤64, name ≤128, hostname?, config?, re_captcha_token?}'),
    'logo?': { type: 'string', contentMediaType: 'application/octet-stream' },
    'banner?': { type: 'string', contentMediaType: 'application/octet-stream' },
  }),
}
export const veriffHeaders: ParameterDoc[] = [
  { name: 'X-AUTH-CLIENT', in: 'header', required: true, description: 'Veriff integration API key' },
  { name: 'X-SIGNATURE', in: 'header', required: true, description: 'HMAC of the raw body' },
]
export const paging: ParameterDoc[] = [
  query('page', '0-based page (default 0)', false, { type: 'integer' }),
  query('size', 'Page size (default 20, at most 100)', false, { type: 'integer' }),
  query('sort', '<property>,<asc|desc>, may repeat'),
]

export const ok = (description: string, schema = user): ResponseDoc => json(description, schema)

/** Public: only a Bearer token that comes along can fail: invalid (0204), or its user disabled (409). */
export function open(
  operation: Omit<OperationDoc, 'responses'>,
  responses: OperationDoc['responses'],
): OperationDoc {
  return {
    ...operation,
    security: [],
    responses: { 400: jwtError, 409: framework('A token came along and its user is disabled'), ...responses },
  }
}

/** Needs a Bearer token: no token is 0206, a disabled user 409, a missing privilege 403. */
export function guarded(
  operation: Omit<OperationDoc, 'responses'>,
  responses: OperationDoc['responses'],
  privileged = true,
): OperationDoc {
  return {
    ...operation,
    security: ['bearer'],
    responses: {
      400: jwtError,
      409: framework('The user is disabled'),
      ...(privileged && { 403: framework('The role lacks the privilege') }),
      ...responses,
    },
  }
}

export const admin = (
  summary: string,
  responses: OperationDoc['responses'],
  parameters: ParameterDoc[] = [],
) =>
  guarded(
    { summary: `${summary} (ADMIN, PLATFORM_MANAGER, TOKEN_ISSUER; caller's coop)`, parameters },
    responses,
  )
