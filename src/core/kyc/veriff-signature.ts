import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export interface VeriffSignatures {
  /** Veriff's original scheme: hex SHA-256 of the body followed by the shared secret. */
  readonly signature: string | undefined
  /** Veriff's current scheme: hex HMAC-SHA256 of the body, keyed with the shared secret. */
  readonly hmacSignature: string | undefined
}

/** The current scheme, as Latchkey signs what it sends to Veriff. */
export function hmacSignature(body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex')
}

export function legacySignature(body: Buffer | string, secret: string): string {
  return createHash('sha256').update(body).update(secret).digest('hex')
}

// Constant time: a webhook must not reveal, by how fast it fails, how much of a guess was right.
function sameHex(given: string, expected: string): boolean {
  const left = Buffer.from(given.trim().toLowerCase(), 'utf8')
  const right = Buffer.from(expected, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

/** True when at least one signature came and every one that came is right. */
export function signaturesMatch(body: Buffer, secret: string, given: VeriffSignatures): boolean {
  if (given.signature === undefined && given.hmacSignature === undefined) return false
  const legacyOk = given.signature === undefined || sameHex(given.signature, legacySignature(body, secret))
  const hmacOk =
    given.hmacSignature === undefined || sameHex(given.hmacSignature, hmacSignature(body, secret))
  return legacyOk && hmacOk
}

/** The API key check, in constant time as well. */
export function sameClient(given: string, apiKey: string): boolean {
  const left = createHash('sha256').update(given).digest()
  const right = createHash('sha256').update(apiKey).digest()
  return timingSafeEqual(left, right)
}
