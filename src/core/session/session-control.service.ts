import type { AuthService } from '../auth/auth.service.ts'
import type { SignedIn, TokenPolicy } from '../auth/auth.ts'
import { AppError, validationError } from '../errors.ts'
import type { UserService } from '../user/user.service.ts'
import { credentialRefusal, type User } from '../user/user.ts'
import type { SessionService } from './session.service.ts'

/** The longest lifetime a caller may choose for a token (authheader `GET /user/token`). */
export const MAX_CHOSEN_TTL_SECONDS = 365 * 86_400
export const MIN_CHOSEN_TTL_SECONDS = 60

/**
 * Who asks: a session (signed in with a password) or an API key, which has no session. A key never
 * opens, renews or ends a session: a token minted from it would outlive the key, survive the
 * owner's password change and manage keys, all things the key itself cannot do.
 */
export interface SessionCaller {
  readonly userId: string
  readonly sessionId: string | undefined
}

export interface Renewed {
  readonly user: User
  readonly accessToken: string
  readonly expiresInSeconds: number
}

export interface SessionControlDeps {
  readonly auth: AuthService
  readonly sessions: SessionService
  readonly users: UserService
}

export type SessionControl = ReturnType<typeof createSessionControl>

/** What a signed-in caller may do with their own session: renew, re-issue, end. */
export function createSessionControl({ auth, sessions, users }: SessionControlDeps) {
  async function enabledUser(userId: string): Promise<User> {
    const user = await users.find(userId)
    // The surfaces' one rule, told as a dead token: the caller must sign in again, and cannot.
    if (user === undefined || credentialRefusal(user) !== undefined) throw new AppError('invalid_token')
    return user
  }

  /** The caller's session id; an API-key caller has none and gets nothing here. */
  function sessionOf(caller: SessionCaller): string {
    if (caller.sessionId === undefined) throw new AppError('invalid_token')
    return caller.sessionId
  }

  return {
    /**
     * A fresh access token for the caller's session, with the policy's full lifetime.
     * @throws {AppError} invalid_token for an API-key caller, or when the session ended meanwhile
     */
    async renew(caller: SessionCaller, policy: TokenPolicy): Promise<Renewed> {
      const sessionId = sessionOf(caller)
      const user = await enabledUser(caller.userId)
      // One read, on a rare call: the in-memory list may not yet know an end made elsewhere.
      if ((await sessions.findOpen(sessionId)) === undefined) throw new AppError('invalid_token')
      const accessToken = await auth.issueAccessToken(user, sessionId, policy)
      return { user, accessToken, expiresInSeconds: policy.accessTtlSeconds }
    },

    /**
     * A token with the lifetime the caller chose, in a new session; the caller's current session
     * ends, so the token they used stops working.
     * @throws {AppError} invalid_token (an API-key caller too), validation_failed
     */
    async reissue(caller: SessionCaller, ttlSeconds: number, policy: TokenPolicy): Promise<SignedIn> {
      const sessionId = sessionOf(caller)
      if (
        !Number.isInteger(ttlSeconds) ||
        ttlSeconds < MIN_CHOSEN_TTL_SECONDS ||
        ttlSeconds > MAX_CHOSEN_TTL_SECONDS
      ) {
        throw validationError([{ field: 'lifetime', problem: 'must be from 1 minute to 365 days' }])
      }
      const user = await enabledUser(caller.userId)
      if ((await sessions.findOpen(sessionId)) === undefined) throw new AppError('invalid_token')
      const signedIn = await auth.openSession(user, policy, ttlSeconds)
      await sessions.end(sessionId, 'reissued')
      return signedIn
    },

    /**
     * Ends the caller's session.
     * @throws {AppError} invalid_token for an API-key caller: it has no session to end (revoke the key)
     */
    async signOut(caller: SessionCaller): Promise<void> {
      await sessions.end(sessionOf(caller), 'logout')
    },

    /** Ends every session of the user (all their access tokens stop at once). */
    endAllOfUser: (user: { id: string; tenantId: string }): Promise<number> =>
      sessions.endAllOfUser(user, 'logout'),
  }
}
