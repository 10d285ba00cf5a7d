import type { AppError, ErrorCode, FieldProblem } from '../../core/errors.ts'
import type { ErrorFormatter } from '../shared/error-handler.ts'
import type { WireFailure } from '../shared/framework-errors.ts'
import { SERVER_BUSY_TEXT, tooManyRequestsText } from '../shared/rate-limit.ts'

// Idea Pool's error body is always {"reason": "..."}; the texts follow the Rails reference.
export const NOT_AUTHENTICATED = 'you can not pass!'

export function validationReason(problems: readonly FieldProblem[]): string {
  const sentences = problems.map(
    ({ field, problem }) => `${field[0]?.toUpperCase()}${field.slice(1)} ${problem}`,
  )
  return `Validation failed: ${sentences.join(', ')}`
}

const byCode = {
  validation_failed: (error) => [422, validationReason(error.details.problems ?? [])],
  email_taken: () => [422, 'Validation failed: Email has already been taken'],
  invalid_credentials: () => [401, 'Either email or password is incorrect'],
  invalid_token: () => [401, NOT_AUTHENTICATED],
  // A client's refresh interceptor logs out on this exact text from the refresh URL.
  invalid_refresh_token: () => [401, NOT_AUTHENTICATED],
  user_not_found: () => [401, NOT_AUTHENTICATED],
  // As for a dead token: the client signs in again, which such an account cannot (issue #13).
  account_disabled: () => [401, NOT_AUTHENTICATED],
  tenant_not_found: () => [404, 'Not found'],
  idea_not_found: () => [404, "Couldn't find Idea"],
  // Idea Pool has no password-change call; the reason at least tells the user why.
  password_expired: () => [401, 'Password expired'],
  username_taken: () => [422, 'Validation failed: Username has already been taken'],
  invalid_api_key: () => [401, NOT_AUTHENTICATED],
  api_key_not_found: () => [404, 'Not found'],
  // A refusal, not a validation failure: the coop's operator closed sign-up (#13).
  sign_up_disabled: () => [403, 'Sign-up is disabled'],
  password_not_used: () => [422, 'Validation failed: Password is not used by this account'],
  wrong_old_password: () => [401, 'Either email or password is incorrect'],
  confirmation_token_not_found: () => [404, 'Not found'],
  confirmation_token_expired: () => [422, 'Token expired'],
  reset_token_not_found: () => [404, 'Not found'],
  reset_token_expired: () => [422, 'Token expired'],
  tenant_exists: () => [422, 'Validation failed: Identifier has already been taken'],
  tenant_creation_disabled: () => [403, 'Forbidden'],
  default_tenant_missing: () => [500, 'Internal server error'],
  role_not_assignable: () => [422, 'Validation failed: Role can not be USER'],
  forbidden: () => [403, 'Forbidden'],
  invalid_bank_account: () => [422, 'Validation failed: Bank account is invalid'],
  kyc_provider_failed: () => [502, 'Identity verification is unavailable'],
  kyc_report_rejected: () => [400, 'Bad request'],
  kyc_session_not_found: () => [404, 'Not found'],
  kyc_names_missing: () => [500, 'Internal server error'],
  // Only AMPnet's sign-up and coop creation check reCAPTCHA; kept for completeness.
  captcha_failed: (error) => [400, error.details.reason ?? 'reCAPTCHA verification failed'],
  // Only AMPnet signs people in with Google or Facebook; kept for completeness.
  social_login_failed: (error) => [502, error.details.reason ?? 'Social login failed'],
  login_method_mismatch: (error) => [400, error.details.reason ?? 'This account signs in another way'],
  rate_limited: (error) => [429, tooManyRequestsText(error)],
  server_busy: () => [503, SERVER_BUSY_TEXT],
  password_check_unavailable: () => [503, 'The password cannot be checked right now; try again later'],
  // Right password, but the account has a second factor this API cannot ask for: no tokens.
  mfa_required: () => [403, 'Two-factor authentication required'],
  // Only the hosted pages and the console ask for a code; kept for completeness.
  invalid_mfa_code: () => [401, 'Either email or password is incorrect'],
} satisfies Record<ErrorCode, (error: AppError) => [number, string]>

const byWireFailure: Record<WireFailure, string> = {
  malformed_body: 'There was a problem in the JSON you submitted',
  malformed_url: 'The URL is not valid',
  body_too_large: 'Request body is too large',
  unsupported_media_type: 'Content-Type must be application/json',
}

/** A 400 for a required parameter that is missing or blank (Rails' ParameterMissing). */
export class MissingParamError extends Error {
  readonly param: string
  constructor(param: string) {
    super(`missing ${param}`)
    this.param = param
  }
}

/** Idea Pool's error bodies, by kind of failure. */
export const ideapoolErrors: ErrorFormatter = {
  appError: (error) => {
    const [status, reason] = byCode[error.code](error)
    return { status, body: { reason } }
  },
  own: (error) =>
    error instanceof MissingParamError
      ? { status: 400, body: { reason: `param is missing or the value is empty: ${error.param}` } }
      : undefined,
  wireFailure: (failure, status) => ({ status, body: { reason: byWireFailure[failure] } }),
  unhandled: (request) => ({
    status: 500,
    body: { reason: `Internal server error (request ${request.id})` },
  }),
}
