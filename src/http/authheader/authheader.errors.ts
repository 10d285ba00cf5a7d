import { AppError, type ErrorCode, type FieldProblem } from '../../core/errors.ts'
import type { ErrorDoc } from '../shared/define-route.ts'
import type { ErrorFormatter } from '../shared/error-handler.ts'
import type { WireFailure } from '../shared/framework-errors.ts'
import { SERVER_BUSY_TEXT, tooManyRequestsText } from '../shared/rate-limit.ts'

// authheader's error body is always {"message": "..."}, the shape of its documented success messages.
export const UNAUTHORIZED = 'Unauthorized'
const NOT_FOUND = 'Not found'

/** "username is required; password must be a string": each problem after its field name. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map(({ field, problem }) => `${field} ${problem}`).join('; ') || 'Bad request'
}

const byCode = {
  validation_failed: (error) => [400, describeProblems(error.details.problems ?? [])],
  // One answer for an unknown user and a wrong password (and for a wrong `old` on /user/password).
  invalid_credentials: () => [401, 'Incorrect credentials'],
  password_expired: () => [403, 'Password expired'],
  invalid_token: () => [401, UNAUTHORIZED],
  invalid_refresh_token: () => [401, UNAUTHORIZED],
  invalid_api_key: () => [401, UNAUTHORIZED],
  // A valid token whose user has since been deleted.
  user_not_found: () => [401, UNAUTHORIZED],
  // As for a revoked credential (the spec's one refusal); sign-in refuses the account alike.
  account_disabled: () => [401, UNAUTHORIZED],
  email_taken: () => [409, 'Email already registered'],
  username_taken: () => [409, 'Username already taken'],
  api_key_not_found: () => [404, NOT_FOUND],
  tenant_not_found: () => [404, NOT_FOUND],
  idea_not_found: () => [404, NOT_FOUND],
  sign_up_disabled: () => [403, 'Sign-up is disabled'],
  password_not_used: () => [400, 'This account has no password'],
  wrong_old_password: () => [401, 'Incorrect credentials'],
  confirmation_token_not_found: () => [404, NOT_FOUND],
  confirmation_token_expired: () => [400, 'Token expired'],
  reset_token_not_found: () => [404, NOT_FOUND],
  reset_token_expired: () => [400, 'Token expired'],
  tenant_exists: () => [409, 'Tenant already exists'],
  tenant_creation_disabled: () => [403, 'Tenant creation is disabled'],
  default_tenant_missing: () => [500, 'Default tenant is missing'],
  role_not_assignable: () => [400, 'role cannot be USER'],
  forbidden: () => [403, 'Forbidden'],
  invalid_bank_account: () => [400, 'Invalid bank account'],
  kyc_provider_failed: () => [502, 'Identity verification is unavailable'],
  kyc_report_rejected: () => [400, 'Bad request'],
  kyc_session_not_found: () => [404, NOT_FOUND],
  kyc_names_missing: () => [500, 'Verification lacks the person’s names'],
  // Only AMPnet's sign-up and coop creation check reCAPTCHA; kept for completeness.
  captcha_failed: (error) => [400, error.details.reason ?? 'reCAPTCHA verification failed'],
  // Only AMPnet signs people in with Google or Facebook; kept for completeness.
  social_login_failed: (error) => [502, error.details.reason ?? 'Social login failed'],
  login_method_mismatch: (error) => [400, error.details.reason ?? 'This account signs in another way'],
  rate_limited: (error) => [429, tooManyRequestsText(error)],
  server_busy: () => [503, SERVER_BUSY_TEXT],
  password_check_unavailable: () => [503, 'The password cannot be checked right now; try again later'],
  // Right password, but the account has a second factor this API cannot ask for: no token.
  mfa_required: () => [403, 'Two-factor authentication required'],
  // Only the hosted pages and the console ask for a code; kept for completeness.
  invalid_mfa_code: () => [401, 'Incorrect credentials'],
} satisfies Record<ErrorCode, (error: AppError) => [number, string]>

const byWireFailure: Record<WireFailure, string> = {
  malformed_body: 'Malformed JSON body',
  malformed_url: 'Malformed URL',
  body_too_large: 'Request body is too large',
  unsupported_media_type: 'Content-Type must be application/json',
}

/** authheader's error bodies, by kind of failure. */
export const authheaderErrors: ErrorFormatter = {
  appError: (error) => {
    const [status, message] = byCode[error.code](error)
    return { status, body: { message } }
  },
  wireFailure: (failure, status) => ({ status, body: { message: byWireFailure[failure] } }),
  unhandled: (request) => ({
    status: 500,
    body: { message: `Internal server error (request ${request.id})` },
  }),
}

/** The one refusal of a credential, whatever was wrong with it. */
export const unauthorizedDoc: ErrorDoc = {
  description: 'Missing, invalid, expired or revoked credential',
  examples: [new AppError('invalid_token')],
}
