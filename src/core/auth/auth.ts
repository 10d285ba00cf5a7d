import type { FieldProblem } from '../errors.ts'
import type { PasswordRule } from '../password/password-rules.ts'
import type { Tenant } from '../tenant/tenant.ts'
import { isValidEmail, type User } from '../user/user.ts'

// The vocabulary of signing in, shared by the core's account services and the surfaces' policies.

export interface RegisterInput {
  readonly tenantId: string
  readonly email: string
  readonly displayName: string
  readonly givenName: string
  readonly familyName: string
  readonly password: string
  /** The signing-up surface's documented rule. */
  readonly passwordRule: PasswordRule
  readonly language?: string
  /** false: disabled until the address is confirmed (AMPnet e-mail sign-up). Default true. */
  readonly enabled?: boolean
}

/**
 * A surface's own claims, mapped from what the core reads: the user, and their tenant when
 * `withTenant` (AMPnet's name the coop; the others need no read). The surface maps data and calls
 * nothing back.
 */
export type ClaimMapper =
  | { readonly withTenant?: false; readonly map: (user: User) => Record<string, unknown> }
  | { readonly withTenant: true; readonly map: (user: User, tenant: Tenant) => Record<string, unknown> }

/** How a surface wants its tokens: lifetimes and its own extra claims. */
export interface TokenPolicy {
  readonly surface: string
  readonly accessTtlSeconds: number
  /** undefined: the refresh token never expires by time. */
  readonly refreshTtlSeconds: number | undefined
  /**
   * The `sub` the surface's clients expect (AMPnet: the email); default the user id. The core
   * always carries the user id in its own `uid` claim, so any surface can read any surface's token.
   */
  readonly subject?: (user: User) => string
  /** The surface's own claims. */
  readonly claims?: ClaimMapper
  /** false: a refresh leaves the refresh token's expiry where login set it (AMPnet). Default true. */
  readonly refreshSlides?: boolean
  /**
   * true: disabled (unconfirmed) users sign in and refresh, and the surface decides what they may
   * do (AMPnet lets them resend the confirmation mail). Default false.
   */
  readonly admitsDisabledUsers?: boolean
}

export interface Refreshed {
  readonly user: User
  readonly accessToken: string
  /** When the refresh token stops working; undefined: never by time. */
  readonly refreshExpiresAt: Date | undefined
}

/** A policy whose refresh tokens always expire, for surfaces that report the remaining lifetime. */
export interface ExpiringTokenPolicy extends TokenPolicy {
  readonly refreshTtlSeconds: number
}

/** A refresh under an ExpiringTokenPolicy: the session has an expiry by then. */
export interface ExpiringRefreshed extends Refreshed {
  readonly refreshExpiresAt: Date
}

export interface SignedIn {
  readonly user: User
  readonly accessToken: string
  readonly refreshToken: string
  readonly sessionId: string
}

/** What is wrong with a new account's email and password (nothing: an empty list). */
export function accountProblems(
  input: Pick<RegisterInput, 'email' | 'password' | 'passwordRule'>,
): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (!isValidEmail(input.email)) problems.push({ field: 'email', problem: 'is invalid' })
  const passwordProblem = input.passwordRule.check(input.password)
  if (passwordProblem !== undefined) problems.push({ field: 'password', problem: passwordProblem })
  return problems
}
