import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

export function newId(): string {
  return randomUUID()
}

/** A secret for a client to hold, as lower-case hex (`bytes` of entropy). */
export function newSecretToken(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}

/**
 * Hash of a high-entropy secret for storage and look-up. A plain SHA-256 is enough here because the
 * secrets are random (256+ bits), so there is nothing to brute-force; passwords use Argon2 instead.
 */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}
