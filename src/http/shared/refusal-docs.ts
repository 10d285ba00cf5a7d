import { AppError } from '../../core/errors.ts'
import {
  BUSY_OR_UNCHECKABLE_RETRY,
  CHECK_UNAVAILABLE,
  RATE_LIMITED,
  RATE_LIMITED_RETRY,
  SERVER_BUSY,
  SERVER_BUSY_RETRY,
  SIGN_IN_LIMITED,
} from '../docs/schemas.ts'
import type { ErrorDoc } from './define-route.ts'

// The refusals of docs/spec-decisions.md "Rate limits, lockout and the Argon2 cap" as route error
// docs; each surface's formatter renders their bodies.

const tooMany = new AppError('rate_limited', { retryAfterSeconds: 30 })
const busy = new AppError('server_busy', { retryAfterSeconds: 1 })

const limitedAs = (description: string): ErrorDoc => ({
  description,
  examples: [tooMany],
  retryAfter: { description: RATE_LIMITED_RETRY, always: true },
})

export const refusalDocs = {
  limited: limitedAs(RATE_LIMITED),
  signInLimited: limitedAs(SIGN_IN_LIMITED),
  limitedAs,
  busy: {
    description: SERVER_BUSY,
    examples: [busy],
    retryAfter: { description: SERVER_BUSY_RETRY, always: true },
  },
  busyOrUncheckable: {
    description: `${SERVER_BUSY}; or ${CHECK_UNAVAILABLE}`,
    examples: [busy, new AppError('password_check_unavailable')],
    retryAfter: { description: BUSY_OR_UNCHECKABLE_RETRY, always: false },
  },
} satisfies Record<string, ErrorDoc | ((description: string) => ErrorDoc)>

const MFA_REASON =
  'the account has a second factor and the coop allows no password-only sign-in here (sign in through the hosted pages)'
const MFA_REQUIRED = `Right password, but ${MFA_REASON}`

/** A password sign-in's refusals after its input was read: wrong password, second factor, limits. */
export function passwordSignInDocs(wrongPassword: string) {
  return {
    401: { description: wrongPassword, examples: [new AppError('invalid_credentials')] },
    403: { description: MFA_REQUIRED, examples: [new AppError('mfa_required')] },
    429: refusalDocs.signInLimited,
    503: refusalDocs.busy,
  } satisfies Record<number, ErrorDoc>
}

/** authheader's 403 also covers an expired password. */
export const PASSWORD_EXPIRED_OR_MFA = `Password expired (change it with POST /user/password); or right password, but ${MFA_REASON}`
