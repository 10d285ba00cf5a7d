import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TokenPolicy } from '../../core/auth/auth.ts'
import type { Core } from '../../core/core.ts'
import { canSignIn, type User } from '../../core/user/user.ts'
import { parseCookies } from './cookies.ts'

// The account pages' own sign-in (the security page): like the console's, a cookie holding the
// refresh token of a real core session (surface `account`), so a password reset, a disable or a
// sign-out ends it like any other. Short, and Strict: a link from another site arrives signed out.

export const ACCOUNT_SURFACE = 'account'
export const ACCOUNT_SESSION_SECONDS = 30 * 60

export const accountPolicy: TokenPolicy = {
  surface: ACCOUNT_SURFACE,
  // The pages never hand an access token out.
  accessTtlSeconds: 60,
  refreshTtlSeconds: ACCOUNT_SESSION_SECONDS,
}

export interface AccountHolder {
  readonly user: User
  readonly sessionId: string
}

const cookieName = (secure: boolean): string => (secure ? '__Host-lk_account' : 'lk_account')

export function accountCookie(secure: boolean, value: string, maxAgeSeconds: number): string {
  return [
    `${cookieName(secure)}=${value}`,
    'Path=/',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    secure && 'Secure',
  ]
    .filter(Boolean)
    .join('; ')
}

/** Adds a Set-Cookie to those the page kit may already have set on the reply. */
export function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie')
  const list = existing === undefined ? [] : [existing].flat().map(String)
  reply.header('set-cookie', [...list, cookie])
}

/** The signed-in user of the request, or undefined (no cookie, ended session, disabled). */
export async function accountHolderOf(
  core: Core,
  request: FastifyRequest,
  secure: boolean,
): Promise<AccountHolder | undefined> {
  const token = parseCookies(request.headers.cookie).get(cookieName(secure))
  if (token === undefined) return undefined
  const session = await core.sessions.findByRefreshToken(token)
  if (session === undefined || session.surface !== ACCOUNT_SURFACE) return undefined
  const user = await core.users.find(session.userId)
  if (user === undefined || !canSignIn(user)) return undefined
  return { user, sessionId: session.id }
}
