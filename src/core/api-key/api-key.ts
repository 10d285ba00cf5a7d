import { randomBytes } from 'node:crypto'
import type { User } from '../user/user.ts'

/** Marks a Latchkey API key, so that it is recognisable in logs, configs and secret scanners. */
export const API_KEY_PREFIX = 'lk_'

// 32 random bytes (256 bits) as 43 base64url characters after the prefix.
const SECRET_BYTES = 32
const SHAPE = /^lk_[A-Za-z0-9_-]{43}$/

export interface ApiKey {
  readonly id: string
  readonly tenantId: string
  readonly userId: string
  readonly name: string
  /** The key itself (plaintext): shown to its owner on every list, stored only encrypted. */
  readonly token: string
  readonly createdAt: Date
  /** undefined: never expires. */
  readonly expiresAt: Date | undefined
}

/** Who a presented API key speaks for: its owner. */
export interface ApiKeyOwner {
  readonly keyId: string
  readonly userId: string
  readonly tenantId: string
  /** The owner as stored now, read with the key in the same query: no second look-up. */
  readonly user: User
}

export function newApiKeyToken(): string {
  return `${API_KEY_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`
}

/** The shape of a key we issue: anything else is refused without touching storage. */
export function looksLikeApiKey(token: string): boolean {
  return SHAPE.test(token)
}

export const API_KEY_NAME_MAX_CHARACTERS = 128

/** The problem with a key name, or undefined: 1 to 128 characters (code points), not blank. */
export function apiKeyNameProblem(name: string): string | undefined {
  const length = [...name].length
  if (name.trim() === '') return 'must not be blank'
  if (length > API_KEY_NAME_MAX_CHARACTERS) {
    return `is too long (maximum is ${API_KEY_NAME_MAX_CHARACTERS} characters)`
  }
  return undefined
}
