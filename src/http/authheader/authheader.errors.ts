import {
  commonEntries,
  fieldProblems,
  plainEntries,
  plainWireFailures,
  tableContract,
} from '../shared/error-table.ts'
import { failureBody } from './authheader.wire.ts'

// authheader's error body is always {"message": "..."}, the shape of its documented success messages.
const UNAUTHORIZED = 'Unauthorized'
const WRONG_CREDENTIALS = 'Incorrect credentials'

/** authheader's error bodies, by kind of failure. */
export const authheaderContract = tableContract({
  schema: failureBody,
  body: (message) => ({ message }),
  byCode: {
    ...commonEntries(),
    ...plainEntries(),
    // username is required; password must be a string
    validation_failed: fieldProblems('; '),
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
    wrong_old_password: [401, WRONG_CREDENTIALS],
    // Only the hosted pages and the console ask for a code; kept for completeness.
    invalid_mfa_code: [401, WRONG_CREDENTIALS],
  },
  byWireFailure: plainWireFailures(),
})
