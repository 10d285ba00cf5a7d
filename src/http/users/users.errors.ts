import type { FieldProblem } from '../../core/errors.ts'
import { commonEntries, tableContract } from '../shared/error-table.ts'
import { failureBody } from './users.wire.ts'

// The users surface's error body is always {"success": false, "message": "..."} (the seed's wording).
const NO_TOKEN = 'No token provided.'
const BAD_TOKEN = 'Failed to authenticate token.'
const NOT_FOUND = 'Not found.'
const WRONG_PASSWORD = 'Authentication failed. Wrong password.'

/** "email is invalid, password is too short (…)": each problem after its field name. */
function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map(({ field, problem }) => `${field} ${problem}`).join(', ') || 'Bad request'
}

/** No credential at all: the seed's 403, apart from a credential that fails (401). */
export class NoTokenError extends Error {
  constructor() {
    super(NO_TOKEN)
    this.name = 'NoTokenError'
  }
}

/** The users surface's error bodies, by kind of failure (also what its OpenAPI document shows). */
export const usersContract = tableContract({
  schema: failureBody,
  body: (message) => ({ success: false as const, message }),
  byCode: {
    ...commonEntries('.'),
    validation_failed: (error) => [400, describeProblems(error.details.problems ?? [])],
    // One answer for an unknown email and a wrong password: the endpoint reveals no accounts.
    invalid_credentials: [401, WRONG_PASSWORD],
    // Told only after the right password; the seed's "401 and a message explaining why".
    password_expired: [401, 'Password expired.'],
    invalid_token: [401, BAD_TOKEN],
    invalid_refresh_token: [401, BAD_TOKEN],
    invalid_api_key: [401, BAD_TOKEN],
    // A valid token whose user has since been deleted.
    user_not_found: [401, BAD_TOKEN],
    // A genuine token of an unconfirmed or disabled account: refused like a revoked one (issue #13).
    account_disabled: [401, BAD_TOKEN],
    email_taken: [409, 'This email is already registered.'],
    username_taken: [409, 'This username is already taken.'],
    api_key_not_found: [404, NOT_FOUND],
    tenant_not_found: [404, NOT_FOUND],
    idea_not_found: [404, NOT_FOUND],
    password_not_used: [400, 'This account has no password.'],
    wrong_old_password: [401, WRONG_PASSWORD],
    confirmation_token_not_found: [404, NOT_FOUND],
    confirmation_token_expired: [400, 'Token expired.'],
    reset_token_not_found: [404, NOT_FOUND],
    reset_token_expired: [400, 'Token expired.'],
    tenant_exists: [409, 'Tenant already exists.'],
    tenant_creation_disabled: [403, 'Tenant creation is disabled.'],
    default_tenant_missing: [500, 'Default tenant is missing.'],
    role_not_assignable: [400, 'role cannot be USER.'],
    invalid_bank_account: [400, 'Invalid bank account.'],
    kyc_report_rejected: [400, 'Bad request.'],
    kyc_session_not_found: [404, NOT_FOUND],
    kyc_names_missing: [500, 'Verification lacks the person’s names.'],
    // Only the hosted pages and the console ask for a code; kept for completeness.
    invalid_mfa_code: [401, WRONG_PASSWORD],
  },
  byWireFailure: {
    malformed_body: 'Malformed JSON body.',
    malformed_url: 'Malformed URL.',
    body_too_large: 'Request body is too large.',
    unsupported_media_type: 'Content-Type must be application/json.',
  },
  own: (error) => (error instanceof NoTokenError ? [403, NO_TOKEN] : undefined),
})
