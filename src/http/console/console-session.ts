import type { FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import type { Role } from '../../core/role/role.ts'
import type { Tenant } from '../../core/tenant/tenant.ts'
import type { User } from '../../core/user/user.ts'
import { cookieSession } from '../pages/session-cookie.ts'
import { ConsoleSignInRequired } from './console-errors.ts'

// The console's session (session-cookie.ts), Strict: a console link followed from another site
// arrives signed out.

export const CONSOLE_SURFACE = 'console'
export const consoleSession = cookieSession('lk_console', CONSOLE_SURFACE, 8 * 3600)

/** Who may sign in to the console: AMPnet's administrators of a coop. */
export const consoleRoles: readonly Role[] = ['ADMIN', 'PLATFORM_MANAGER']

export interface ConsoleAdmin {
  readonly user: User
  readonly coop: Tenant
  readonly sessionId: string
  /** false: a PLATFORM_MANAGER, who views but does not change accounts. */
  readonly canChange: boolean
}

/** The signed-in administrator of the request, or undefined (no cookie, ended session, no longer admin). */
export async function consoleAdminOf(
  core: Core,
  request: FastifyRequest,
  secure: boolean,
): Promise<ConsoleAdmin | undefined> {
  const signedIn = await consoleSession.signedInOf(core, request, secure)
  if (signedIn === undefined || !consoleRoles.includes(signedIn.user.role)) return undefined
  const { user, sessionId } = signedIn
  const coop = await core.tenants.tenants.get(user.tenantId)
  return { user, coop, sessionId, canChange: user.role === 'ADMIN' }
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
