import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { Session } from '../../core/session/session.ts'
import { canSignIn, type User } from '../../core/user/user.ts'
import { parseCookies, serializeCookie } from './cookies.ts'
import { pageOptionsOf } from './page-context.ts'

// The hosted account pages (passkeys) keep their own short sign-in: a core session whose refresh
// token lives in an HttpOnly cookie. It does not slide: after half an hour the person signs in again.
export const ACCOUNT_SESSION_SECONDS = 1800
// Removing a passkey within this long of signing in needs no password again.
export const FRESH_SIGN_IN_SECONDS = 300
const SURFACE = 'pages'

function cookieName(request: FastifyRequest): string {
  return pageOptionsOf(request).secureCookies ? '__Host-lk_account' : 'lk_account'
}

function setCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number) {
  const cookie = serializeCookie(cookieName(request), value, {
    maxAgeSeconds,
    secure: pageOptionsOf(request).secureCookies,
    httpOnly: true,
  })
  const existing = reply.getHeader('set-cookie')
  reply.header('set-cookie', [...(existing === undefined ? [] : [existing].flat().map(String)), cookie])
}

export interface AccountSignIn {
  readonly user: User
  readonly session: Session
}

/** Opens the account session of `user` and hands the browser its cookie. */
export async function startAccountSession(
  core: Core,
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
): Promise<void> {
  const { refreshToken } = await core.sessions.start({
    tenantId: user.tenantId,
    userId: user.id,
    surface: SURFACE,
    refreshTtlSeconds: ACCOUNT_SESSION_SECONDS,
  })
  setCookie(request, reply, refreshToken, ACCOUNT_SESSION_SECONDS)
}

/** Who the browser is signed in as on the account pages, or undefined. */
export async function accountSignInOf(
  core: Core,
  request: FastifyRequest,
): Promise<AccountSignIn | undefined> {
  const token = parseCookies(request.headers.cookie).get(cookieName(request))
  if (token === undefined) return undefined
  const session = await core.sessions.findByRefreshToken(token)
  if (session === undefined || session.surface !== SURFACE) return undefined
  const user = await core.users.find(session.userId)
  if (user === undefined || !canSignIn(user)) return undefined
  return { user, session }
}

/** Whether the sign-in is recent enough to remove a passkey without the password. */
export function isFreshSignIn(core: Core, signIn: AccountSignIn): boolean {
  return core.clock.now().getTime() - signIn.session.createdAt.getTime() <= FRESH_SIGN_IN_SECONDS * 1000
}

/** Ends the account session and clears the cookie. */
export async function endAccountSession(
  core: Core,
  request: FastifyRequest,
  reply: FastifyReply,
  signIn: AccountSignIn | undefined,
): Promise<void> {
  if (signIn !== undefined) await core.sessions.end(signIn.session.id, 'logout')
  setCookie(request, reply, 'signed-out', 0)
}
