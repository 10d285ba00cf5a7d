export interface User {
  readonly id: string
  readonly tenantId: string
  /** As the user typed it (trimmed); uniqueness uses the lower-cased form. */
  readonly email: string
  readonly displayName: string
  readonly givenName: string
  readonly familyName: string
  readonly hasPassword: boolean
  readonly emailConfirmed: boolean
  readonly enabled: boolean
  readonly createdAt: Date
  readonly updatedAt: Date
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

// Deliberately loose (one @, a dot in the domain, no spaces): the mailbox is what proves an address.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function isValidEmail(email: string): boolean {
  const trimmed = email.trim()
  return trimmed.length <= 254 && EMAIL_SHAPE.test(trimmed)
}

/** Splits a single `name` at its first space into given and family names (specs README, point 9). */
export function splitName(name: string): { givenName: string; familyName: string } {
  const trimmed = name.trim()
  const space = trimmed.indexOf(' ')
  if (space < 0) return { givenName: trimmed, familyName: '' }
  return { givenName: trimmed.slice(0, space), familyName: trimmed.slice(space + 1).trim() }
}
