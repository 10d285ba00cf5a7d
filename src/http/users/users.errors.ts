import type { AppError, ErrorCode, FieldProblem } from '../../core/errors.ts'
import type { ErrorFormatter } from '../shared/error-handler.ts'
import type { WireFailure } from '../shared/framework-errors.ts'
import { SERVER_BUSY_TEXT, tooManyRequestsText } from '../shared/rate-limit.ts'

// The users surface's error body is always {"success": false, "message": "..."} (the seed's wording).
export const NO_TOKEN = 'No token provided.'
export const BAD_TOKEN = 'Failed to authenticate token.'
const WRONG_PASSWORD = 'Authentication failed. Wrong password.'

/** "email is invalid, password is too short (…)": each problem after its field name. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map(({ field, problem }) => `${field} ${problem}`).join(', ') || 'Bad request'
}

const byCode = {
  validation_failed: (error) => [400, describeProblems(error.details.problems ?? [])],
  // One answer for an unknown email and a wrong password: the endpoint reveals no accounts.
  invalid_credentials: () => [401, WRONG_PASSWORD],
  // Told only after the right password; the seed's "401 and a message explaining why".
  password_expired: () => [401, 'Password expired.'],
  invalid_token: () => [401, BAD_TOKEN],
  invalid_refresh_token: () => [401, BAD_TOKEN],
  invalid_api_key: () => [401, BAD_TOKEN],
  // A valid token whose user has since been deleted.
  user_not_found: () => [401, BAD_TOKEN],
  // A genuine token of an unconfirmed or disabled account: refused like a revoked one (issue #13).
  account_disabled: () => [401, BAD_TOKEN],
  email_taken: () => [409, 'This email is already registered.'],
  username_taken: () => [409, 'This username is already taken.'],
  api_key_not_found: () => [404, 'Not found.'],
  tenant_not_found: () => [404, 'Not found.'],
  idea_not_found: () => [404, 'Not found.'],
  sign_up_disabled: () => [403, 'Sign-up is disabled.'],
  password_not_used: () => [400, 'This account has no password.'],
  wrong_old_password: () => [401, WRONG_PASSWORD],
  confirmation_token_not_found: () => [404, 'Not found.'],
  confirmation_token_expired: () => [400, 'Token expired.'],
  reset_token_not_found: () => [404, 'Not found.'],
  reset_token_expired: () => [400, 'Token expired.'],
  tenant_exists: () => [409, 'Tenant already exists.'],
  tenant_creation_disabled: () => [403, 'Tenant creation is disabled.'],
  default_tenant_missing: () => [500, 'Default tenant is missing.'],
  role_not_assignable: () => [400, 'role cannot be USER.'],
  forbidden: () => [403, 'Forbidden.'],
  invalid_bank_account: () => [400, 'Invalid bank account.'],
  kyc_provider_failed: () => [502, 'Identity verification is unavailable.'],
  kyc_report_rejected: () => [400, 'Bad request.'],
  kyc_session_not_found: () => [404, 'Not found.'],
  kyc_names_missing: () => [500, 'Verification lacks the person’s names.'],
  // Only AMPnet's sign-up and coop creation check reCAPTCHA; kept for completeness.
  captcha_failed: (error) => [400, error.details.reason ?? 'reCAPTCHA verification failed'],
  // Only AMPnet signs people in with Google or Facebook; kept for completeness.
  social_login_failed: (error) => [502, error.details.reason ?? 'Social login failed'],
  login_method_mismatch: (error) => [400, error.details.reason ?? 'This account signs in another way'],
  rate_limited: (error) => [429, `${tooManyRequestsText(error)}.`],
  server_busy: () => [503, `${SERVER_BUSY_TEXT}.`],
  password_check_unavailable: () => [503, 'The password cannot be checked right now; try again later.'],
  // Right password, but the account has a second factor this API cannot ask for: no token.
  mfa_required: () => [403, 'Two-factor authentication required.'],
  // Only the hosted pages and the console ask for a code; kept for completeness.
  invalid_mfa_code: () => [401, WRONG_PASSWORD],
} satisfies Record<ErrorCode, (error: AppError) => [number, string]>

const byWireFailure: Record<WireFailure, string> = {
  malformed_body: 'Malformed JSON body.',
  malformed_url: 'Malformed URL.',
  body_too_large: 'Request body is too large.',
  unsupported_media_type: 'Content-Type must be application/json.',
}

/** No credential at all: the seed's 403, apart from a credential that fails (401). */
export class NoTokenError extends Error {
  constructor() {
    super(NO_TOKEN)
    this.name = 'NoTokenError'
  }
}

const body = (message: string) => ({ success: false, message })

/** The users surface's error bodies, by kind of failure (also what its OpenAPI document shows). */
export const usersErrors: ErrorFormatter = {
  appError: (error) => {
    const [status, message] = byCode[error.code](error)
    return { status, body: body(message) }
  },
  own: (error) => (error instanceof NoTokenError ? { status: 403, body: body(NO_TOKEN) } : undefined),
  wireFailure: (failure, status) => ({ status, body: body(byWireFailure[failure]) }),
  unhandled: (request) => ({ status: 500, body: body(`Internal server error (request ${request.id})`) }),
}
