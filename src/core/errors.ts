// The one catalogue of failures the core reports. A surface maps every code to its own status and
// body (`<surface>.errors.ts` is typed `Record<ErrorCode, …>`), so a new code cannot ship unmapped.
export const errorCodes = [
  'validation_failed', // details.problems: what is wrong with which field
  'invalid_credentials', // unknown account or wrong password: deliberately the same code
  'invalid_token', // access token missing, malformed, expired, revoked or signed by a stranger
  'invalid_refresh_token', // unknown, expired or ended session
  'email_taken',
  'user_not_found',
  'account_disabled', // the credential is genuine, but its user is unconfirmed (enabled false) or disabled by an operator
  'tenant_not_found',
  'idea_not_found',
  'password_expired', // right password, but past its expiry: no session until it is changed
  'username_taken',
  'invalid_api_key', // unknown, malformed, expired or revoked API key
  'api_key_not_found', // not one of the caller's keys
  'sign_up_disabled', // the tenant (AMPnet coop) takes no sign-ups
  'password_not_used', // the account signs in through a social provider, so it has no password to change
  'wrong_old_password', // a signed-in user's password change with the wrong current password
  'confirmation_token_not_found', // unknown or already used mail-confirmation token
  'confirmation_token_expired',
  'reset_token_not_found', // unknown or already used password-reset token
  'reset_token_expired',
  'tenant_exists', // a tenant (AMPnet coop) with that identifier exists
  'tenant_creation_disabled', // configuration switched off creating tenants through a surface
  'default_tenant_missing', // the default tenant is gone from the database (someone deleted it)
  'role_not_assignable', // USER is not given directly: a user becomes USER when another takes their role
  'forbidden', // the caller is known, but their role does not allow the operation
  'invalid_bank_account', // BIC or IBAN fails its rules; details.problems[0].problem says which
  'kyc_provider_failed', // a KYC provider (Veriff, Identyum) did not answer, or answered nonsense
  'kyc_report_rejected', // a KYC webhook or report: wrong client, bad signature, unreadable payload
  'kyc_session_not_found', // a KYC provider's event names a session Latchkey never created
  'kyc_names_missing', // an approved verification without the person's first or last name
  'captcha_failed', // reCAPTCHA on, and the token missing, refused, too low or unverifiable; details.reason says which
  'social_login_failed', // Google or Facebook refused the token, failed, or shared no email; details.reason says which
  'login_method_mismatch', // the account signs in another way (a password, or another provider); details.reason says which
  'rate_limited', // too many requests from this client or for this account (also a sign-in lockout); details.retryAfterSeconds
  'server_busy', // too many password hashes waiting already; details.retryAfterSeconds
  'password_check_unavailable', // the breached-password service did not answer and the check fails closed
  'mfa_required', // right password, but the user has a second factor and the surface cannot ask for it
  'invalid_mfa_code', // a wrong, expired or replayed TOTP code, or an unknown or used recovery code
] as const

export type ErrorCode = (typeof errorCodes)[number]

export interface FieldProblem {
  /** The field as the core names it, e.g. `email`, `impact`. */
  readonly field: string
  /** A sentence fragment after the field name, e.g. `must be less than or equal to 10`. */
  readonly problem: string
}

export interface ErrorDetails {
  readonly problems?: readonly FieldProblem[]
  /** A sentence a surface may show as it is (e.g. why a reCAPTCHA check failed). */
  readonly reason?: string
  /** When the caller may try again (rate_limited, server_busy): the surfaces' `Retry-After`. */
  readonly retryAfterSeconds?: number
  /** The address concerned when the caller did not type it (a provider's, for email_taken). */
  readonly email?: string
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: ErrorDetails

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    // A refusal is an answer, not a bug: no stack trace. Capturing one was 8 % of the CPU of a
    // flood of refused requests (rate-limited refreshes); a cause, when there is one, keeps its own.
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(code, options)
    Error.stackTraceLimit = stackTraceLimit
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}

export function assertThat(condition: unknown, code: ErrorCode, details?: ErrorDetails): asserts condition {
  if (!condition) throw new AppError(code, details)
}

export function validationError(problems: readonly FieldProblem[]): AppError {
  return new AppError('validation_failed', { problems })
}
