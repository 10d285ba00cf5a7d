import type { ApiKey } from '../../core/api-key/api-key.ts'
import type { TokenPolicy } from '../../core/auth/auth.service.ts'
import type { User } from '../../core/user/user.ts'

export interface AuthheaderSettings {
  readonly accessTtlSeconds: number
  /** undefined: API keys never expire. */
  readonly apiKeyTtlSeconds: number | undefined
}

export function tokenPolicy(settings: AuthheaderSettings): TokenPolicy {
  // No refresh token is handed out here; the session lives until logout or a password change.
  return { surface: 'authheader', accessTtlSeconds: settings.accessTtlSeconds, refreshTtlSeconds: undefined }
}

// The seed's .NET-style "no value" date, used for "never expires".
const ZERO_DATE = '0001-01-01T00:00:00'

/** UTC, `YYYY-MM-DDTHH:mm:ss`, no zone suffix, as the seed's examples show. */
export function zonelessDate(date: Date | undefined): string {
  return date === undefined ? ZERO_DATE : date.toISOString().slice(0, 19)
}

/** The documented name a user goes by: the username, or the email when there is none. */
export function usernameOf(user: Pick<User, 'username' | 'email'>): string {
  return user.username ?? user.email
}

export function loginBody(user: User, token: string) {
  return {
    Id: user.id,
    Created: zonelessDate(user.createdAt),
    Username: usernameOf(user),
    Email: user.email,
    Firstname: user.givenName,
    Lastname: user.familyName,
    Token: token,
    PasswordExpiration: zonelessDate(user.passwordExpiresAt),
  }
}

export function apiKeyBody(key: ApiKey) {
  return { id: key.id, name: key.name, token: key.token, created: zonelessDate(key.createdAt) }
}
