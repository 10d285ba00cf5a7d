import { isImportableHash } from '../password/imported-hash.ts'
import type { PasswordRule } from '../password/password-rules.ts'
import { isRole, type Role } from '../role/role.ts'
import { isValidEmail, isValidUsername, splitName } from './user.ts'

/** One user to import, as read from a file: every field as given, checked here. */
export interface ImportCandidate {
  /** Where the row starts in its file, for the report. */
  readonly line: number
  readonly email: string
  /** The full name; split at its first space when the parts are not given. */
  readonly name?: string | undefined
  readonly givenName?: string | undefined
  readonly familyName?: string | undefined
  readonly username?: string | undefined
  /** A role name (default USER); a single-holder role is taken over from its current holder. */
  readonly role?: string | undefined
  /** The tenant's (coop's) identifier; default the default tenant. */
  readonly tenant?: string | undefined
  readonly password?: string | undefined
  /** bcrypt or Argon2 (PHC), stored as given and upgraded to Argon2id at the next sign-in. */
  readonly passwordHash?: string | undefined
}

export type ImportOutcome =
  | { readonly line: number; readonly status: 'imported'; readonly userId: string }
  | { readonly line: number; readonly status: 'skipped' | 'rejected'; readonly reason: string }

export interface CheckedCandidate {
  readonly line: number
  readonly email: string
  readonly displayName: string
  readonly givenName: string
  readonly familyName: string
  readonly username: string | undefined
  readonly role: Role
  readonly tenant: string | undefined
  readonly secret: { readonly password: string } | { readonly passwordHash: string }
}

const blankToUndefined = (value: string | undefined) => (value?.trim() ? value.trim() : undefined)

/** The candidate ready to store, or what is wrong with it (all problems, joined). */
export function checkCandidate(candidate: ImportCandidate, rule: PasswordRule): CheckedCandidate | string {
  // PostgreSQL cannot store U+0000 in text: refused here, it would fail the whole batch there.
  if (Object.values(candidate).some((value) => typeof value === 'string' && value.includes('\u0000'))) {
    return 'contains a NUL character (U+0000)'
  }
  const problems: string[] = []
  const email = candidate.email.trim()
  if (!isValidEmail(email)) problems.push(`email "${candidate.email}" is invalid`)
  const username = blankToUndefined(candidate.username)
  if (username !== undefined && !isValidUsername(username)) {
    problems.push('username must be 1-64 letters, digits, dots, dashes or underscores')
  }
  const role = blankToUndefined(candidate.role) ?? 'USER'
  if (!isRole(role)) problems.push(`role "${role}" is not one of ADMIN, USER, TOKEN_ISSUER, PLATFORM_MANAGER`)
  const password = candidate.password === '' ? undefined : candidate.password
  const passwordHash = blankToUndefined(candidate.passwordHash)
  if ((password === undefined) === (passwordHash === undefined)) {
    problems.push('give exactly one of password and password_hash')
  } else if (password !== undefined) {
    const problem = rule.check(password)
    if (problem !== undefined) problems.push(`password ${problem}`)
  } else if (passwordHash !== undefined && !isImportableHash(passwordHash)) {
    problems.push(
      'password_hash is not a bcrypt ($2a$/$2b$/$2y$, cost 04-14) or Argon2id/Argon2i hash (m ≤ 262144, t ≤ 10, p ≤ 16)',
    )
  }
  const name = blankToUndefined(candidate.name)
  const split = name === undefined ? { givenName: '', familyName: '' } : splitName(name)
  const givenName = blankToUndefined(candidate.givenName) ?? split.givenName
  const familyName = blankToUndefined(candidate.familyName) ?? split.familyName
  for (const [field, value] of [
    ['name', name],
    ['first_name', givenName],
    ['last_name', familyName],
  ] as const) {
    if (value !== undefined && value.length > 256) problems.push(`${field} is longer than 256 characters`)
  }
  if (problems.length > 0 || !isRole(role)) return problems.join('; ')
  return {
    line: candidate.line,
    email,
    displayName: name ?? [givenName, familyName].filter((part) => part !== '').join(' '),
    givenName,
    familyName,
    username,
    role,
    tenant: blankToUndefined(candidate.tenant),
    secret: password !== undefined ? { password } : { passwordHash: passwordHash ?? '' },
  }
}
