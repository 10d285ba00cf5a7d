import Type from 'typebox'
import type { TokenPolicy } from '../../core/auth/auth.ts'
import type { User } from '../../core/user/user.ts'

export interface UsersSettings {
  readonly accessTtlSeconds: number
}

export function tokenPolicy(settings: UsersSettings): TokenPolicy {
  // The seed has no refresh or logout: the token's own lifetime is the session's.
  return { surface: 'users', accessTtlSeconds: settings.accessTtlSeconds, refreshTtlSeconds: undefined }
}

// Property order is wire order: the response schemas serialize the bodies.

export const credentialsBody = Type.Object({ email: Type.String(), password: Type.String() })

export const registerBody = Type.Object({
  email: Type.String(),
  password: Type.String({ description: '8+ characters: upper, lower, digit' }),
  name: Type.Optional(Type.String()),
})

export const signedInBody = Type.Object(
  { uid: Type.String(), token: Type.String({ description: 'JWT, 24 hours' }) },
  { description: 'Signed in' },
)

export const registeredBody = Type.Object(
  { success: Type.Literal(true), uid: Type.String(), message: Type.Optional(Type.String()) },
  { description: 'Registered (with `message` when the coop wants the address confirmed first)' },
)

export const meSchema = Type.Object(
  {
    uid: Type.String(),
    email: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    roles: Type.Array(Type.String()),
    created_at: Type.String({ description: 'ISO-8601 UTC' }),
    updated_at: Type.String({ description: 'ISO-8601 UTC' }),
  },
  { description: 'The user' },
)

/** The users surface's error body, whatever the failure. */
export const failureBody = Type.Object({ success: Type.Literal(false), message: Type.String() })

/** The user without any secret; `name` is null when none was given. */
export function meBody(user: User): Type.Static<typeof meSchema> {
  return {
    uid: user.id,
    email: user.email,
    name: user.displayName === '' ? null : user.displayName,
    // The core has no roles yet; the list is the documented shape.
    roles: [],
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  }
}
