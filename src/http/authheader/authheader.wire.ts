import Type from 'typebox'
import type { ApiKey } from '../../core/api-key/api-key.ts'
import type { TokenPolicy } from '../../core/auth/auth.ts'
import type { User } from '../../core/user/user.ts'
import type { SurfaceOptions } from '../shared/surface.ts'

export interface AuthheaderSettings {
  readonly accessTtlSeconds: number
  /** undefined: API keys never expire. */
  readonly apiKeyTtlSeconds: number | undefined
}

export type AuthheaderDeps = SurfaceOptions<AuthheaderSettings>

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

// Property order is wire order: the response schemas serialize the bodies.

export const loginBody = Type.Object({ username: Type.String(), password: Type.String() })

export const passwordChangeBody = Type.Object({
  username: Type.String(),
  old: Type.String(),
  new: Type.String(),
  confirm: Type.String(),
})

export const lifetimeQuery = Type.Object({
  m: Type.Optional(Type.Integer({ description: 'Lifetime in minutes (1 minute to 365 days)' })),
  d: Type.Optional(Type.Integer({ description: 'Lifetime in days (up to 365)' })),
})

export const addKeyBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 128 }) })

export const deleteKeyBody = Type.Object({ text: Type.String({ description: 'The key' }) })

const date = () =>
  Type.String({ description: 'UTC, YYYY-MM-DDTHH:mm:ss without zone; no expiry: 0001-01-01T00:00:00' })

const signedInProperties = {
  Id: Type.String(),
  Created: date(),
  Username: Type.String({ description: 'The username, or the email when there is none' }),
  Email: Type.String(),
  Firstname: Type.String(),
  Lastname: Type.String(),
  Token: Type.String({ description: 'JWT' }),
  PasswordExpiration: date(),
}

export const signedInSchema = (description: string) => Type.Object(signedInProperties, { description })

export const renewedSchema = Type.Object(
  {
    ...signedInProperties,
    access_token: Type.String(),
    expires_in: Type.Integer({ description: 'Seconds' }),
    token_type: Type.Literal('bearer'),
  },
  { description: 'Renewed' },
)

const apiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'The key, for X-Authorization' }),
  created: date(),
})

export const newKeySchema = Type.Object(apiKeySchema.properties, { description: 'The new key' })

export const keyListSchema = Type.Array(apiKeySchema, { description: 'The keys' })

/** A `{"message": …}` success, the shape of every error body too. */
export const messageSchema = (description: string, example: string) =>
  Type.Object({ message: Type.String({ examples: [example] }) }, { description })

/** The authheader surface's error body, whatever the failure. */
export const failureBody = Type.Object({ message: Type.String() })

export function signedInBody(user: User, token: string): Type.Static<ReturnType<typeof signedInSchema>> {
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

export function apiKeyBody(key: ApiKey): Type.Static<typeof apiKeySchema> {
  return { id: key.id, name: key.name, token: key.token, created: zonelessDate(key.createdAt) }
}
