import type { TokenPolicy } from '../../core/auth/auth.service.ts'
import type { User } from '../../core/user/user.ts'

export interface UsersSettings {
  readonly accessTtlSeconds: number
}

export function tokenPolicy(settings: UsersSettings): TokenPolicy {
  // The seed has no refresh or logout: the token's own lifetime is the session's.
  return { surface: 'users', accessTtlSeconds: settings.accessTtlSeconds, refreshTtlSeconds: undefined }
}

/** The user without any secret; `name` is null when none was given. */
export function meBody(user: User) {
  return {
    uid: user.id,
    email: user.email,
    name: user.displayName === '' ? null : user.displayName,
    // The core has no roles yet; the list is the documented shape.
    roles: [] as string[],
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  }
}
