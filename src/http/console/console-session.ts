import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TokenPolicy } from '../../core/auth/auth.ts'
import type { Core } from '../../core/core.ts'
import type { Role } from '../../core/role/role.ts'
import type { Tenant } from '../../core/tenant/tenant.ts'
import { canSignIn, type User } from '../../core/user/user.ts'
import { parseCookies } from '../pages/cookies.ts'
import { ConsoleSignInRequired } from './console-errors.ts'

// The console's cookie holds the refresh token of a real core session (surface `console`), so the
// console's sign-out, an administrator's revoke, a disable, an erasure and a password reset all end
// it like any other session. Strict: a console link followed from another site arrives signed out.

export const CONSOLE_SURFACE = 'console'
export const CONSOLE_SESSION_SECONDS = 8 * 3600

/** Who may sign in to the console: AMPnet's administrators of a coop. */
export const consoleRoles: readonly Role[] = ['ADMIN', 'PLATFORM_MANAGER']

export const consolePolicy: TokenPolicy = {
  surface: CONSOLE_SURFACE,
  // The console never hands its access token out; a short one is issued and dropped.
  accessTtlSeconds: 60,
  refreshTtlSeconds: CONSOLE_SESSION_SECONDS,
}

export interface ConsoleAdmin {
  readonly user: User
  readonly coop: Tenant
  readonly sessionId: string
  /** false: a PLATFORM_MANAGER, who views but does not change accounts. */
  readonly canChange: boolean
}

export const consoleCookieName = (secure: boolean): string => (secure ? '__Host-lk_console' : 'lk_console')

export function consoleCookie(secure: boolean, value: string, maxAgeSeconds: number): string {
  return [
    `${consoleCookieName(secure)}=${value}`,
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
export function appendCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie')
  const list = existing === undefined ? [] : [existing].flat().map(String)
  reply.header('set-cookie', [...list, cookie])
}

/** The signed-in administrator of the request, or undefined (no cookie, ended session, no longer admin). */
export async function consoleAdminOf(
  core: Core,
  request: FastifyRequest,
  secure: boolean,
): Promise<ConsoleAdmin | undefined> {
  const token = parseCookies(request.headers.cookie).get(consoleCookieName(secure))
  if (token === undefined) return undefined
  const session = await core.sessions.findByRefreshToken(token)
  if (session === undefined || session.surface !== CONSOLE_SURFACE) return undefined
  const user = await core.userAdmin.find(session.tenantId, session.userId)
  if (user === undefined || !canSignIn(user) || !consoleRoles.includes(user.role)) return undefined
  const coop = await core.tenants.get(user.tenantId)
  return { user, coop, sessionId: session.id, canChange: user.role === 'ADMIN' }
}

const admins = new WeakMap<FastifyRequest, ConsoleAdmin>()

export function rememberAdmin(request: FastifyRequest, admin: ConsoleAdmin): void {
  admins.set(request, admin)
}

/** The administrator the console's hook found for this request. */
export function adminOf(request: FastifyRequest): ConsoleAdmin {
  const admin = admins.get(request)
  if (admin === undefined) throw new ConsoleSignInRequired('no console session')
  return admin
}
