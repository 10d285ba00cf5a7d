import { createHmac, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto'

// Signed double-submit: the browser holds a random nonce in an HttpOnly cookie, and every form
// carries HMAC(key, nonce). A cross-site page can neither read the cookie nor compute the HMAC, and
// a cookie planted from a sibling subdomain is useless without the key.

export const CSRF_FIELD = '_csrf'

export function newCsrfNonce(): string {
  return randomBytes(32).toString('base64url')
}

export function csrfTokenOf(key: KeyObject, nonce: string): string {
  return createHmac('sha256', key).update(`csrf v1:${nonce}`).digest('base64url')
}

/** Whether `submitted` is the token of `nonce`, compared in constant time. */
export function isCsrfTokenOf(key: KeyObject, nonce: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false
  const expected = Buffer.from(csrfTokenOf(key, nonce))
  const given = Buffer.from(submitted)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** A refused form: no or the wrong token, or a cross-site submission. Rendered as a 403 page. */
export class CsrfError extends Error {
  readonly statusCode = 403
  readonly code = 'LK_CSRF'
}
