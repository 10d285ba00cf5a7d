import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TokenPolicy } from '../../core/auth/auth.ts'
import type { Core } from '../../core/core.ts'
import type { Session } from '../../core/session/session.ts'
import { canSignIn, type User } from '../../core/user/user.ts'
import { parseCookies } from './cookies.ts'

// The signed-in pages (account, console, operator) each keep their session in a cookie of their
// own, all of one kind: Strict, so a link from another site arrives signed out; HttpOnly; and over
// HTTPS the __Host- prefix, which pins it to this origin and path.

export interface SessionCookie {
  name(secure: boolean): string
  serialize(secure: boolean, value: string, maxAgeSeconds: number): string
  /** The cookie's value on the request, if it holds one. */
  read(request: FastifyRequest, secure: boolean): string | undefined
}

export function sessionCookie(baseName: string): SessionCookie {
  const name = (secure: boolean): string => (secure ? `__Host-${baseName}` : baseName)
  return {
    name,
    serialize(secure, value, maxAgeSeconds) {
      return [
        `${name(secure)}=${value}`,
        'Path=/',
        'SameSite=Strict',
        `Max-Age=${maxAgeSeconds}`,
        'HttpOnly',
        secure && 'Secure',
      ]
        .filter(Boolean)
        .join('; ')
    },
    read(request, secure) {
      return parseCookies(request.headers.cookie).get(name(secure))
    },
  }
}

/**
 * The open core session of `surface` whose refresh token the cookie holds, and its user while that
 * user may still sign in (not disabled, erased or moved to another tenant since).
 */
export async function cookieSignInOf(
  core: Core,
  request: FastifyRequest,
  secure: boolean,
  cookie: SessionCookie,
  surface: string,
): Promise<{ session: Session; user: User } | undefined> {
  const token = cookie.read(request, secure)
  if (token === undefined) return undefined
  const session = await core.sessions.sessions.findByRefreshToken(token)
  if (session === undefined || session.surface !== surface) return undefined
  const user = await core.identity.userAdmin.find(session.tenantId, session.userId)
  return user !== undefined && canSignIn(user) ? { session, user } : undefined
}

/** Adds a Set-Cookie to those the page kit may already have set on the reply. */
export function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie')
  const list = existing === undefined ? [] : [existing].flat().map(String)
  reply.header('set-cookie', [...list, cookie])
}

/** The user of a cookie session, and that session. */
export interface SignedIn {
  readonly user: User
  readonly sessionId: string
}

/**
 * A signed-in page's session (the account pages', the console's): its cookie holds the refresh token
 * of a real core session of `surface`, so a sign-out, a revoke, a disable, an erasure or a password
 * reset ends it like any other session.
 */
export interface CookieSession {
  readonly surface: string
  /** The signed-in user of the request, or undefined (no cookie, ended session, may no longer sign in). */
  signedInOf(core: Core, request: FastifyRequest, secure: boolean): Promise<SignedIn | undefined>
  /** Opens the session of a user who completed a sign-in and hands the browser its cookie; its id. */
  start(core: Core, reply: FastifyReply, user: User, secure: boolean): Promise<string>
  /** Clears the cookie on the reply. */
  end(reply: FastifyReply, secure: boolean): void
}

export function cookieSession(cookieName: string, surface: string, lifetimeSeconds: number): CookieSession {
  const cookie = sessionCookie(cookieName)
  const policy: TokenPolicy = {
    surface,
    // The pages never hand an access token out; a short one is issued and dropped.
    accessTtlSeconds: 60,
    refreshTtlSeconds: lifetimeSeconds,
  }
  return {
    surface,
    async signedInOf(core, request, secure) {
      const signedIn = await cookieSignInOf(core, request, secure, cookie, surface)
      return signedIn && { user: signedIn.user, sessionId: signedIn.session.id }
    },
    async start(core, reply, user, secure) {
      const signedIn = await core.identity.auth.openSession(user, policy)
      appendSetCookie(reply, cookie.serialize(secure, signedIn.refreshToken, lifetimeSeconds))
      return signedIn.sessionId
    },
    end: (reply, secure) => appendSetCookie(reply, cookie.serialize(secure, '', 0)),
  }
}
