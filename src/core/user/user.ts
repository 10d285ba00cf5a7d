import type { Role } from '../role/role.ts'

export type AuthMethod = 'EMAIL' | 'GOOGLE' | 'FACEBOOK'

export interface User {
  readonly id: string
  readonly tenantId: string
  /** As the user typed it (trimmed); uniqueness uses the lower-cased form. */
  readonly email: string
  /** Optional sign-in name, unique per tenant ignoring case; undefined: sign in by email only. */
  readonly username: string | undefined
  readonly displayName: string
  readonly givenName: string
  readonly familyName: string
  readonly hasPassword: boolean
  /** When the password stops opening sessions (tenant policy); undefined: never. */
  readonly passwordExpiresAt: Date | undefined
  readonly emailConfirmed: boolean
  /** false while an AMPnet sign-up awaits its confirmation, and once an operator disabled the account. */
  readonly enabled: boolean
  /** When an operator disabled the account: no sign-in, refresh or API key on any surface. */
  readonly disabledAt: Date | undefined
  readonly role: Role
  /** Preferred language (AMPnet profile), e.g. for mails; undefined: English. */
  readonly language: string | undefined
  /** How the account proves who it is: a password (EMAIL) or a social provider. */
  readonly authMethod: AuthMethod
  /** An identity check (KYC) is linked to the user: AMPnet's `verified`. */
  readonly kycVerified: boolean
  readonly createdAt: Date
  readonly updatedAt: Date
}

/**
 * Whether the user may open or refresh a session. A surface that admits disabled users (AMPnet's
 * unconfirmed sign-ups) still never admits one an operator disabled.
 */
export function canSignIn(user: User, admitsDisabled = false): boolean {
  return credentialRefusal(user, admitsDisabled) === undefined
}

/**
 * Why the holder of a genuine credential (access token or API key) may not act as this user now, or
 * undefined when they may: the one rule every surface and the API-key check apply. A user gone from
 * the database is `user_not_found`; one an operator disabled, or whose AMPnet sign-up is not
 * confirmed yet (enabled false), is `account_disabled`. `admitsUnconfirmed` is for the few AMPnet
 * calls an unconfirmed user needs (resend the mail, confirm, log out); it never admits an operator's
 * disable.
 */
export function credentialRefusal(
  user: Pick<User, 'enabled' | 'disabledAt'> | undefined,
  admitsUnconfirmed = false,
): 'user_not_found' | 'account_disabled' | undefined {
  if (user === undefined) return 'user_not_found'
  if (user.disabledAt !== undefined) return 'account_disabled'
  return user.enabled || admitsUnconfirmed ? undefined : 'account_disabled'
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase()
}

// No `@`, so that a username can never be mistaken for somebody's email at sign-in.
const USERNAME_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export function isValidUsername(username: string): boolean {
  return USERNAME_SHAPE.test(username.trim())
}

// Deliberately loose (one @, a dot in the domain, no spaces): the mailbox is what proves an address.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function isValidEmail(email: string): boolean {
  const trimmed = email.trim()
  return trimmed.length <= 254 && EMAIL_SHAPE.test(trimmed)
}

/** Splits a single `name` at its first space into given and family names. */
export function splitName(name: string): { givenName: string; familyName: string } {
  const trimmed = name.trim()
  const space = trimmed.indexOf(' ')
  if (space < 0) return { givenName: trimmed, familyName: '' }
  return { givenName: trimmed.slice(0, space), familyName: trimmed.slice(space + 1).trim() }
}

/** What every way of creating an account names; the rest starts as a plain, enabled USER's. */
export type NewUserFields = Pick<
  User,
  'id' | 'tenantId' | 'email' | 'displayName' | 'givenName' | 'familyName' | 'hasPassword' | 'emailConfirmed'
> &
  Partial<Pick<User, 'username' | 'passwordExpiresAt' | 'enabled' | 'language' | 'authMethod'>>

/** A user about to be inserted: no username, KYC or disabling yet, created and updated `now`. */
export function newUser(fields: NewUserFields, now: Date): User {
  return {
    username: undefined,
    passwordExpiresAt: undefined,
    enabled: true,
    disabledAt: undefined,
    role: 'USER',
    language: undefined,
    authMethod: 'EMAIL',
    kycVerified: false,
    ...fields,
    createdAt: now,
    updatedAt: now,
  }
}
