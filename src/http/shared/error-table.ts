import type { Static, TSchema } from 'typebox'
import type { AppError, ErrorCode } from '../../core/errors.ts'
import type { SurfaceContract } from './define-route.ts'
import type { ErrorFormatter } from './error-handler.ts'
import type { WireFailure } from './framework-errors.ts'
import { SERVER_BUSY_TEXT, tooManyRequestsText } from './rate-limit.ts'

// Idea Pool, authheader and users answer every failure with one text in a body of their own shape:
// each states a table of statuses and words, and this file turns it into the surface's formatter.

/** A status and the text of the error body. */
type Answer = readonly [status: number, text: string]
/** A function when the text reads the error. */
export type ErrorEntry = Answer | ((error: AppError) => Answer)

export interface ErrorTable<T extends TSchema> {
  /** The surface's one error body: its schema, and the body around a text. */
  readonly schema: T
  readonly body: (text: string) => Static<T>
  /** Every ErrorCode, so that a new code does not compile until the surface decides how to show it. */
  readonly byCode: Readonly<Record<ErrorCode, ErrorEntry>>
  readonly byWireFailure: Readonly<Record<WireFailure, string>>
  /** Errors the surface throws itself (e.g. a missing parameter); undefined when not one of them. */
  readonly own?: (error: Error) => Answer | undefined
}

/** The text as the core or the platform gave it, else the surface's fallback. */
const reasonOr =
  (status: number, fallback: string): ErrorEntry =>
  (error) => [status, error.details.reason ?? fallback]

/** A 400 naming each problem after its field ("email is invalid"), the problems joined by `separator`. */
export const fieldProblems =
  (separator: string): ErrorEntry =>
  (error) => [
    400,
    (error.details.problems ?? []).map(({ field, problem }) => `${field} ${problem}`).join(separator) ||
      'Bad request',
  ]

/**
 * The entries every one of these surfaces words alike: refusals of the platform (limits, the
 * password checks) and codes only other surfaces raise. `stop` ends the sentences that are ours.
 */
export const commonEntries = (stop = '') =>
  ({
    // Only AMPnet's sign-up and coop creation check reCAPTCHA; kept for completeness.
    captcha_failed: reasonOr(400, 'reCAPTCHA verification failed'),
    // Only AMPnet signs people in with Google or Facebook; kept for completeness.
    social_login_failed: reasonOr(502, 'Social login failed'),
    login_method_mismatch: reasonOr(400, 'This account signs in another way'),
    rate_limited: (error: AppError) => [429, `${tooManyRequestsText(error)}${stop}`],
    server_busy: [503, `${SERVER_BUSY_TEXT}${stop}`],
    password_check_unavailable: [503, `The password cannot be checked right now; try again later${stop}`],
    // Right password, but the account has a second factor these APIs cannot ask for: no token.
    mfa_required: [403, `Two-factor authentication required${stop}`],
    // A refusal, not a validation failure: the coop's operator closed sign-up.
    sign_up_disabled: [403, `Sign-up is disabled${stop}`],
    kyc_provider_failed: [502, `Identity verification is unavailable${stop}`],
    forbidden: [403, `Forbidden${stop}`],
  }) satisfies Partial<Record<ErrorCode, ErrorEntry>>

/**
 * The surface's one 401 for a refused credential, whatever was wrong with it (a deleted user's or a
 * disabled account's token too), and its one 401 for a wrong secret: neither says which
 * accounts exist.
 */
export function refusalEntries(refusedCredential: string, wrongSecret: string) {
  const refused: Answer = [401, refusedCredential]
  const wrong: Answer = [401, wrongSecret]
  return {
    invalid_token: refused,
    invalid_refresh_token: refused,
    invalid_api_key: refused,
    user_not_found: refused,
    account_disabled: refused,
    invalid_credentials: wrong,
    wrong_old_password: wrong,
    // Only the hosted pages and the console ask for a code; kept for completeness.
    invalid_mfa_code: wrong,
  } satisfies Partial<Record<ErrorCode, ErrorEntry>>
}

/**
 * The plain wording authheader and users share (users ends its sentences with a full stop): the
 * common entries, the codes of features neither of them offers but the key store, and Fastify's
 * refusals of a request.
 */
function plainEntries(stop = '') {
  const notFound: Answer = [404, `Not found${stop}`]
  const expired: Answer = [400, `Token expired${stop}`]
  return {
    ...commonEntries(stop),
    api_key_not_found: notFound,
    tenant_not_found: notFound,
    idea_not_found: notFound,
    confirmation_token_not_found: notFound,
    reset_token_not_found: notFound,
    kyc_session_not_found: notFound,
    confirmation_token_expired: expired,
    reset_token_expired: expired,
    password_not_used: [400, `This account has no password${stop}`],
    tenant_exists: [409, `Tenant already exists${stop}`],
    tenant_creation_disabled: [403, `Tenant creation is disabled${stop}`],
    default_tenant_missing: [500, `Default tenant is missing${stop}`],
    role_not_assignable: [400, `role cannot be USER${stop}`],
    invalid_bank_account: [400, `Invalid bank account${stop}`],
    kyc_report_rejected: [400, `Bad request${stop}`],
    kyc_names_missing: [500, `Verification lacks the person’s names${stop}`],
  } satisfies Partial<Record<ErrorCode, ErrorEntry>>
}

const plainWireFailures = (stop = ''): Record<WireFailure, string> => ({
  malformed_body: `Malformed JSON body${stop}`,
  malformed_url: `Malformed URL${stop}`,
  body_too_large: `Request body is too large${stop}`,
  unsupported_media_type: `Content-Type must be application/json${stop}`,
})

/** The codes a surface in the plain wording leaves to the common tables. */
type PlainCode = keyof ReturnType<typeof plainEntries> | keyof ReturnType<typeof refusalEntries>

/**
 * The contract of a surface in the plain wording (authheader, users): the plain entries and
 * Fastify's refusals, their sentences ended by `stop`, and its two 401s; the surface words the rest.
 */
export function plainContract<T extends TSchema>({
  stop = '',
  refusals: [refusedCredential, wrongSecret],
  byCode,
  ...table
}: Omit<ErrorTable<T>, 'byCode' | 'byWireFailure'> & {
  readonly stop?: string
  /** The texts of its 401 for a refused credential and for a wrong secret (refusalEntries). */
  readonly refusals: readonly [refusedCredential: string, wrongSecret: string]
  readonly byCode: Readonly<Record<Exclude<ErrorCode, PlainCode>, ErrorEntry>>
}): SurfaceContract {
  return tableContract({
    ...table,
    byCode: { ...plainEntries(stop), ...refusalEntries(refusedCredential, wrongSecret), ...byCode },
    byWireFailure: plainWireFailures(stop),
  })
}

/** The surface's formatter: its table's status, its body around the table's text. */
function tableFormatter<T extends TSchema>({
  byCode,
  byWireFailure,
  body,
  own,
}: ErrorTable<T>): ErrorFormatter {
  const rendered = ([status, text]: Answer) => ({ status, body: body(text) })
  return {
    appError: (error) => {
      const entry = byCode[error.code]
      return rendered(typeof entry === 'function' ? entry(error) : entry)
    },
    wireFailure: (failure, status) => rendered([status, byWireFailure[failure]]),
    unhandled: (request) => rendered([500, `Internal server error (request ${request.id})`]),
    ...(own !== undefined && {
      own: (error) => {
        const entry = own(error)
        return entry === undefined ? undefined : rendered(entry)
      },
    }),
  }
}

/** How the surface's failures look on the wire and in its documents, from its table. */
export const tableContract = <T extends TSchema>(table: ErrorTable<T>): SurfaceContract => ({
  errors: tableFormatter(table),
  errorBody: table.schema,
})
