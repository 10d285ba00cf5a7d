import { fieldProblems, plainContract } from '../shared/error-table.ts'
import { failureBody } from './authheader.wire.ts'

// authheader's error body is always {"message": "..."}, the shape of its documented success messages.

/** authheader's error bodies, by kind of failure. */
export const authheaderContract = plainContract({
  schema: failureBody,
  body: (message) => ({ message }),
  // The spec's one refusal; a wrong `old` on /user/password is told like a wrong password.
  refusals: ['Unauthorized', 'Incorrect credentials'],
  byCode: {
    // username is required; password must be a string
    validation_failed: fieldProblems('; '),
    password_expired: [403, 'Password expired'],
    email_taken: [409, 'Email already registered'],
    username_taken: [409, 'Username already taken'],
  },
})
