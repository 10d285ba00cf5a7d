import {
  commonEntries,
  fieldProblems,
  plainEntries,
  plainWireFailures,
  tableContract,
} from '../shared/error-table.ts'
import { failureBody } from './users.wire.ts'

// The users surface's error body is always {"success": false, "message": "..."} (the seed's wording).
const NO_TOKEN = 'No token provided.'
const BAD_TOKEN = 'Failed to authenticate token.'
const WRONG_PASSWORD = 'Authentication failed. Wrong password.'

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
    ...plainEntries('.'),
    // email is invalid, password is too short (…)
    validation_failed: fieldProblems(', '),
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
    wrong_old_password: [401, WRONG_PASSWORD],
    // Only the hosted pages and the console ask for a code; kept for completeness.
    invalid_mfa_code: [401, WRONG_PASSWORD],
  },
  byWireFailure: plainWireFailures('.'),
  own: (error) => (error instanceof NoTokenError ? [403, NO_TOKEN] : undefined),
})
