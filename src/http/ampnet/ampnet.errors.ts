import { type AppError, type ErrorCode, type FieldProblem, isAppError } from '../../core/errors.ts'
import { BREACHED_PROBLEM } from '../../core/password/breached-password.ts'
import type { ErrorFormatter, Rendered, RequestInfo } from '../shared/error-handler.ts'
import { SERVER_BUSY_TEXT, tooManyRequestsText } from '../shared/rate-limit.ts'

// AMPnet answers in four shapes: its own error body, the JWT library's
// body (no `errors` key), a Spring-Boot-like framework body, and handler-chosen empty responses.

const descriptions = {
  '0101': 'Invalid signup data',
  '0103': 'Email already used',
  '0104': 'Failed Email confirmation, invalid token format',
  '0105': 'Failed Email confirmation, token expired',
  '0106': 'Social exception',
  '0108': 'Identyum exception: failed to get token',
  '0110': 'reCAPTCHA verification failed',
  '0111': 'Missing Veriff session',
  '0112': 'Signup for coop is disabled',
  '0201': 'Invalid login method',
  '0202': 'Missing forgot password token',
  '0203': 'Forgot password token expired',
  '0204': 'Invalid JWT',
  '0206': 'Failed to register JWT',
  '0207': 'Invalid username or password',
  '0208': 'Invalid refresh token',
  '0209': 'Password check unavailable',
  '0210': 'Two-factor authentication required',
  '0301': 'Missing user defined in JWT',
  '0302': 'Invalid bank account data',
  '0303': 'Invalid old password',
  '0801': 'Could not upload document on cloud file storage',
  '0807': 'Database exception',
  '0808': 'Invalid controller request exception',
  '1001': 'Missing coop',
  '1002': 'Coop already exists',
  '1003': 'Coop creating disabled',
} as const

export type AmpnetCode = keyof typeof descriptions

const statusTexts: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/**
 * A response the AMPnet surface decided on: `body` undefined is an empty response, `framework` a
 * Boot-like `{timestamp, status, error, message, path}` built when sent (it needs the path).
 */
export class AmpnetReplyError extends Error {
  readonly status: number
  readonly body: Readonly<Record<string, unknown>> | undefined
  readonly framework: boolean

  constructor(status: number, body?: Record<string, unknown>, framework = false) {
    super(`ampnet ${status}`)
    this.name = 'AmpnetReplyError'
    this.status = status
    this.body = body
    this.framework = framework
  }
}

/** The AMPnet error body; `message` is situation-specific ("Error not defined" when there is none). */
export function ampnetError(
  code: AmpnetCode,
  message = 'Error not defined',
  errors: Record<string, string> = {},
  status = 400,
): AmpnetReplyError {
  return new AmpnetReplyError(status, { description: descriptions[code], err_code: code, message, errors })
}

/** The JWT library's entry-point errors: always 400, and no `errors` key. */
export function jwtError(code: '0204' | '0206'): AmpnetReplyError {
  const message = code === '0204' ? 'Invalid JWT' : 'Full authentication is required to access this resource'
  return new AmpnetReplyError(400, { description: descriptions[code], err_code: code, message })
}

export const emptyError = (status: number) => new AmpnetReplyError(status)

/** The original's 409 for a token whose user is disabled (unconfirmed), on any route. */
export const DISABLED_PROFILE = 'Your profile has been disabled. Please contact support.'

export const frameworkError = (status: number, message = '') =>
  new AmpnetReplyError(status, { message }, true)

// The texts the original's validators used for the fields the core validates.
const problemTexts: Record<string, string> = {
  email: 'Invalid email format',
  password: 'Invalid Password',
  newPassword: 'Invalid Password',
}

/** 400 0808: `errors` keyed by field, `message` "{field} {text}. " for each. */
export function validationError(problems: readonly FieldProblem[]): AmpnetReplyError {
  const errors: Record<string, string> = {}
  // A breached password is told as such: "Invalid Password" would leave the user guessing why.
  for (const { field, problem } of problems)
    errors[field] = problem === BREACHED_PROBLEM ? problem : (problemTexts[field] ?? problem)
  const message = Object.entries(errors)
    .map(([field, text]) => `${field} ${text}. `)
    .join('')
  return ampnetError('0808', message, errors)
}

const byCode = {
  validation_failed: (error) => validationError(error.details.problems ?? []),
  // One message for an unknown email and a wrong password (the original's told them apart).
  invalid_credentials: () => ampnetError('0207', 'Invalid username or password'),
  password_expired: () => ampnetError('0207', 'Password expired'),
  invalid_token: () => jwtError('0204'),
  invalid_api_key: () => jwtError('0204'),
  invalid_refresh_token: () => ampnetError('0208', 'Non existing or expired refresh token'),
  email_taken: () => ampnetError('0103', 'Trying to create user with email that already exists'),
  username_taken: () => ampnetError('0807', 'Username already taken'),
  user_not_found: () => ampnetError('0301', 'Missing user defined in JWT'),
  account_disabled: () => frameworkError(409, DISABLED_PROFILE),
  tenant_not_found: () => ampnetError('1001', 'Missing coop'),
  idea_not_found: () => emptyError(404),
  api_key_not_found: () => emptyError(404),
  sign_up_disabled: () => ampnetError('0112', 'Signup is disabled for coop'),
  password_not_used: () => ampnetError('0201', 'Cannot change password'),
  wrong_old_password: () => ampnetError('0303', 'Invalid old password'),
  confirmation_token_not_found: () => emptyError(404),
  confirmation_token_expired: () => ampnetError('0105', 'User is trying to confirm mail with expired token'),
  reset_token_not_found: () => ampnetError('0202', 'Missing forgot token'),
  reset_token_expired: () => ampnetError('0203', 'Expired token'),
  tenant_exists: () => ampnetError('1002', 'Coop already exists'),
  // A refusal by configuration, off by default: 403, not the original's 500, which would count
  // every anonymous probe as a server fault.
  tenant_creation_disabled: () => ampnetError('1003', 'Creating new coop is disabled!', {}, 403),
  default_tenant_missing: () => ampnetError('1001', 'Missing default coop on platform', {}, 500),
  role_not_assignable: () =>
    validationError([
      { field: 'role', problem: 'cannot be USER: a user becomes USER when another takes their role' },
    ]),
  // A missing privilege: the plain 403 of the Decisions table.
  forbidden: () => frameworkError(403),
  invalid_bank_account: (error) =>
    ampnetError('0302', error.details.problems?.[0]?.problem ?? 'Invalid bank account data'),
  // The Veriff routes answer their own empty 502; this is Identyum's documented failure.
  kyc_provider_failed: () => ampnetError('0108', 'Could not get Identyum token', {}, 502),
  kyc_report_rejected: () => emptyError(400),
  kyc_session_not_found: () => emptyError(404),
  kyc_names_missing: () => ampnetError('0111', 'Missing first or last name from veriff', {}, 500),
  captcha_failed: (error) => ampnetError('0110', error.details.reason ?? 'reCAPTCHA verification failed'),
  social_login_failed: (error) => ampnetError('0106', error.details.reason ?? 'Social exception', {}, 502),
  login_method_mismatch: (error) => ampnetError('0201', error.details.reason ?? 'Invalid login method'),
  // AMPnet's catalogue has no code for these: the framework body, as Spring's own 429/503 would be.
  rate_limited: (error) => frameworkError(429, tooManyRequestsText(error)),
  server_busy: () => frameworkError(503, SERVER_BUSY_TEXT),
  // Breached-password check failing closed (no AMPnet original): a retryable 503.
  password_check_unavailable: () =>
    ampnetError('0209', 'Password cannot be checked right now, try again later', {}, 503),
  // Right password, but the account has a second factor AMPnet cannot ask for: no tokens. A new
  // code in the 02xx (authentication) series.
  mfa_required: () =>
    ampnetError('0210', 'Sign in through the hosted pages to use two-factor authentication', {}, 403),
  // Only the hosted pages and the console ask for a code; kept for completeness.
  invalid_mfa_code: () => ampnetError('0207', 'Invalid username or password'),
} satisfies Record<ErrorCode, (error: AppError) => AmpnetReplyError>

export function replyFor(error: AppError): AmpnetReplyError {
  return byCode[error.code](error)
}

/**
 * Runs `work`; a core failure listed in `messages` gets that situation-specific message in its
 * AMPnet body (the original named the email, coop or token concerned).
 */
export async function explained<T>(
  work: Promise<T>,
  messages: Partial<Record<ErrorCode, string>>,
): Promise<T> {
  try {
    return await work
  } catch (error) {
    const message = isAppError(error) ? messages[error.code] : undefined
    if (message === undefined || !isAppError(error)) throw error
    const reply = replyFor(error)
    throw new AmpnetReplyError(reply.status, reply.body && { ...reply.body, message })
  }
}

/** The body of a decided response; a framework body is built here, as it needs the path. */
function rendered(request: RequestInfo, error: AmpnetReplyError): Rendered {
  if (error.body === undefined) return { status: error.status }
  if (!error.framework) return { status: error.status, body: error.body }
  return {
    status: error.status,
    body: {
      timestamp: new Date().toISOString(),
      status: error.status,
      error: statusTexts[error.status] ?? 'Error',
      message: error.body.message,
      // Without the query: /mail-confirmation carries a live token there.
      path: request.url.split('?')[0],
    },
  }
}

/** AMPnet's error bodies, by kind of failure. */
export const ampnetErrors: ErrorFormatter = {
  appError: (error, request) => rendered(request, replyFor(error)),
  own: (error, request) => (error instanceof AmpnetReplyError ? rendered(request, error) : undefined),
  wireFailure: (_failure, status, request) => rendered(request, frameworkError(status)),
  unhandled: (request) =>
    rendered(request, frameworkError(500, `Internal server error (request ${request.id})`)),
}
