import type { FieldProblem } from '../../core/errors.ts'
import { commonEntries, refusalEntries, tableContract } from '../shared/error-table.ts'
import { failureBody } from './ideapool.wire.ts'

// Idea Pool's error body is always {"reason": "..."}; the texts follow the Rails reference.
const NOT_AUTHENTICATED = 'you can not pass!'

function validationReason(problems: readonly FieldProblem[]): string {
  const sentences = problems.map(
    ({ field, problem }) => `${field[0]?.toUpperCase()}${field.slice(1)} ${problem}`,
  )
  return `Validation failed: ${sentences.join(', ')}`
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
export const ideapoolContract = tableContract({
  schema: failureBody,
  body: (reason) => ({ reason }),
  byCode: {
    ...commonEntries(),
    // A client's refresh interceptor logs out on this exact text from the refresh URL; a disabled
    // account's client signs in again, which such an account cannot.
    ...refusalEntries(NOT_AUTHENTICATED, 'Either email or password is incorrect'),
    validation_failed: (error) => [422, validationReason(error.details.problems ?? [])],
    email_taken: [422, 'Validation failed: Email has already been taken'],
    tenant_not_found: [404, 'Not found'],
    idea_not_found: [404, "Couldn't find Idea"],
    // Idea Pool has no password-change call; the reason at least tells the user why.
    password_expired: [401, 'Password expired'],
    username_taken: [422, 'Validation failed: Username has already been taken'],
    api_key_not_found: [404, 'Not found'],
    password_not_used: [422, 'Validation failed: Password is not used by this account'],
    confirmation_token_not_found: [404, 'Not found'],
    confirmation_token_expired: [422, 'Token expired'],
    reset_token_not_found: [404, 'Not found'],
    reset_token_expired: [422, 'Token expired'],
    tenant_exists: [422, 'Validation failed: Identifier has already been taken'],
    tenant_creation_disabled: [403, 'Forbidden'],
    default_tenant_missing: [500, 'Internal server error'],
    role_not_assignable: [422, 'Validation failed: Role can not be USER'],
    invalid_bank_account: [422, 'Validation failed: Bank account is invalid'],
    kyc_report_rejected: [400, 'Bad request'],
    kyc_session_not_found: [404, 'Not found'],
    kyc_names_missing: [500, 'Internal server error'],
  },
  byWireFailure: {
    malformed_body: 'There was a problem in the JSON you submitted',
    malformed_url: 'The URL is not valid',
    body_too_large: 'Request body is too large',
    unsupported_media_type: 'Content-Type must be application/json',
  },
  own: (error) =>
    error instanceof MissingParamError
      ? [400, `param is missing or the value is empty: ${error.param}`]
      : undefined,
})
