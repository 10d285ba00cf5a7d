import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import { can, type Privilege } from '../../core/role/role.ts'
import type { AccessClaims } from '../../core/token/token.service.ts'
import type { User } from '../../core/user/user.ts'
import { noteCaller } from '../shared/request-log.ts'
import { ampnetError, emptyError, frameworkError, jwtError } from './ampnet.errors.ts'

// The original's pipeline, in its order: a Bearer token is verified on every
// route, public ones included (400 0204); a protected route without one is 400 0206; a disabled
// (unconfirmed) user gets 409, public routes included; a role without the privilege gets a plain 403.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** AMPnet: the route serves an unconfirmed user's token (resend the mail, confirm, log out). */
    admitsUnconfirmed?: boolean
  }
}

/** The route option for the calls an unconfirmed user needs; the original refused them (409). */
export const ADMITS_UNCONFIRMED = { config: { admitsUnconfirmed: true } }

/** Who calls: the token's standard claims, and the user as the database has them now. */
export interface AmpnetCaller {
  readonly claims: AccessClaims
  /** undefined: the token is genuine but its user is gone. */
  readonly user: User | undefined
}

export interface AuthenticatedCaller {
  readonly claims: AccessClaims
  readonly user: User
}

export interface AuthOptions {
  readonly privilege?: Privilege
  /** When the token's user is gone: an empty 404 (default) or 400 0301. */
  readonly missingUser?: 'not_found' | 'missing_user'
}

const callers = new WeakMap<FastifyRequest, AmpnetCaller>()

/** The token after `Bearer ` (capital B, one space); any other Authorization value is anonymous. */
function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined
  const token = header.slice('Bearer '.length).trim()
  return token === '' ? undefined : token
}

/** Verifies any Bearer token before the route runs; add once per AMPnet plugin. */
export function registerBearerCheck(app: FastifyInstance, core: Core): void {
  app.addHook('onRequest', async (request) => {
    const token = bearerOf(request)
    if (token === undefined) return
    let claims: AccessClaims
    try {
      claims = await core.tokens.verify(token)
    } catch (error) {
      throw isAppError(error) ? jwtError('0204') : error
    }
    noteCaller(request, claims)
    callers.set(request, { claims, user: await userOf(core, request, claims) })
  })
}

/**
 * The token's user, judged by the core's one rule (role and enabled from the database, never from
 * another surface's custom claims). An unconfirmed or disabled user's `account_disabled` becomes the
 * 409 here, before the route and its body; a user who is gone is left for the route to answer.
 */
async function userOf(core: Core, request: FastifyRequest, claims: AccessClaims): Promise<User | undefined> {
  const admitsUnconfirmed = request.routeOptions.config?.admitsUnconfirmed === true
  try {
    return await core.users.getOfToken(claims, { admitsUnconfirmed })
  } catch (error) {
    if (isAppError(error) && error.code === 'user_not_found') return undefined
    throw error
  }
}

/** The caller on a public route, if a valid token came along. */
export function optionalCaller(request: FastifyRequest): AmpnetCaller | undefined {
  return callers.get(request)
}

/**
 * The caller of a protected route, or the error the original gave.
 * @throws {AmpnetReplyError} 400 0206, 403, 404 (or 400 0301); the 409 came before, from the hook
 */
export function authenticate(request: FastifyRequest, options: AuthOptions = {}): AuthenticatedCaller {
  const caller = callers.get(request)
  if (caller === undefined) throw jwtError('0206')
  const { claims, user } = caller
  if (user === undefined) {
    throw options.missingUser === 'missing_user'
      ? ampnetError('0301', `Missing user with uuid: ${claims.userId}`)
      : emptyError(404)
  }
  if (options.privilege !== undefined && !can(user.role, options.privilege)) throw frameworkError(403)
  return { claims, user }
}
