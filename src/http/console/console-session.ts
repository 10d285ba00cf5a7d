import type { FastifyRequest } from 'fastify'
import type { TokenPolicy } from '../../core/auth/auth.ts'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import type { Role } from '../../core/role/role.ts'
import type { Tenant } from '../../core/tenant/tenant.ts'
import type { User } from '../../core/user/user.ts'
import { cookieSignInOf, sessionCookie } from '../pages/session-cookie.ts'
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

const cookie = sessionCookie('lk_console')
export const consoleCookie = cookie.serialize

/** The signed-in administrator of the request, or undefined (no cookie, ended session, no longer admin). */
export async function consoleAdminOf(
  core: Core,
  request: FastifyRequest,
  secure: boolean,
): Promise<ConsoleAdmin | undefined> {
  const signedIn = await cookieSignInOf(core, request, secure, cookie, CONSOLE_SURFACE)
  if (signedIn === undefined || !consoleRoles.includes(signedIn.user.role)) return undefined
  const { user, session } = signedIn
  const coop = await core.tenants.tenants.get(user.tenantId)
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

/** The administrator of the request, who must be one who changes: a PLATFORM_MANAGER only views. */
export function changingAdminOf(request: FastifyRequest): ConsoleAdmin {
  const admin = adminOf(request)
  if (!admin.canChange) throw new AppError('forbidden')
  return admin
}
