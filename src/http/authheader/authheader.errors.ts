import type { FieldProblem } from '../../core/errors.ts'
import { commonEntries, tableContract } from '../shared/error-table.ts'
import { failureBody } from './authheader.wire.ts'

// authheader's error body is always {"message": "..."}, the shape of its documented success messages.
const UNAUTHORIZED = 'Unauthorized'
const NOT_FOUND = 'Not found'
const WRONG_CREDENTIALS = 'Incorrect credentials'

/** "username is required; password must be a string": each problem after its field name. */
function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map(({ field, problem }) => `${field} ${problem}`).join('; ') || 'Bad request'
}

/** authheader's error bodies, by kind of failure. */
export const authheaderContract = tableContract({
  schema: failureBody,
  body: (message) => ({ message }),
  byCode: {
    ...commonEntries(),
    validation_failed: (error) => [400, describeProblems(error.details.problems ?? [])],
    // One answer for an unknown user and a wrong password (and for a wrong `old` on /user/password).
    invalid_credentials: [401, WRONG_CREDENTIALS],
    password_expired: [403, 'Password expired'],
    invalid_token: [401, UNAUTHORIZED],
    invalid_refresh_token: [401, UNAUTHORIZED],
    invalid_api_key: [401, UNAUTHORIZED],
    // A valid token whose user has since been deleted.
    user_not_found: [401, UNAUTHORIZED],
    // As for a revoked credential (the spec's one refusal); sign-in refuses the account alike.
    account_disabled: [401, UNAUTHORIZED],
    email_taken: [409, 'Email already registered'],
    username_taken: [409, 'Username already taken'],
    api_key_not_found: [404, NOT_FOUND],
    tenant_not_found: [404, NOT_FOUND],
    idea_not_found: [404, NOT_FOUND],
    password_not_used: [400, 'This account has no password'],
    wrong_old_password: [401, WRONG_CREDENTIALS],
    confirmation_token_not_found: [404, NOT_FOUND],
    confirmation_token_expired: [400, 'Token expired'],
    reset_token_not_found: [404, NOT_FOUND],
    reset_token_expired: [400, 'Token expired'],
    tenant_exists: [409, 'Tenant already exists'],
    tenant_creation_disabled: [403, 'Tenant creation is disabled'],
    default_tenant_missing: [500, 'Default tenant is missing'],
    role_not_assignable: [400, 'role cannot be USER'],
    invalid_bank_account: [400, 'Invalid bank account'],
    kyc_report_rejected: [400, 'Bad request'],
    kyc_session_not_found: [404, NOT_FOUND],
    kyc_names_missing: [500, 'Verification lacks the person’s names'],
    // Only the hosted pages and the console ask for a code; kept for completeness.
    invalid_mfa_code: [401, WRONG_CREDENTIALS],
  },
  byWireFailure: {
    malformed_body: 'Malformed JSON body',
    malformed_url: 'Malformed URL',
    body_too_large: 'Request body is too large',
    unsupported_media_type: 'Content-Type must be application/json',
  },
})
