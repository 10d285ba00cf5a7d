import { fieldProblems, plainContract } from '../shared/error-table.ts'
import { failureBody } from './users.wire.ts'

// The users surface's error body is always {"success": false, "message": "..."} (the seed's wording).
const NO_TOKEN = 'No token provided.'

/** No credential at all: the seed's 403, apart from a credential that fails (401). */
export class NoTokenError extends Error {
  constructor() {
    super(NO_TOKEN)
    this.name = 'NoTokenError'
  }
}

/** The users surface's error bodies, by kind of failure (also what its OpenAPI document shows). */
export const usersContract = plainContract({
  schema: failureBody,
  body: (message) => ({ success: false as const, message }),
  // The seed ends its sentences with a full stop, the plain ones too.
  stop: '.',
  refusals: ['Failed to authenticate token.', 'Authentication failed. Wrong password.'],
  byCode: {
    // email is invalid, password is too short (…)
    validation_failed: fieldProblems(', '),
    // Told only after the right password; the seed's "401 and a message explaining why".
    password_expired: [401, 'Password expired.'],
    email_taken: [409, 'This email is already registered.'],
    username_taken: [409, 'This username is already taken.'],
  },
  own: (error) => (error instanceof NoTokenError ? [403, NO_TOKEN] : undefined),
})
