import type { FastifyReply, FastifyRequest } from 'fastify'
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
