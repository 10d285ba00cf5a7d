import type { FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import type { User } from '../../core/user/user.ts'
import { singleHeader } from '../shared/credentials.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { noteCaller } from '../shared/request-log.ts'

/** Who calls: a JWT's session, or an API key's owner (no session). */
export interface Caller {
  readonly userId: string
  readonly tenantId: string
  readonly sessionId: string | undefined
  /** The user's names as authentication read them, so that a greeting needs no second look-up. */
  readonly names: Pick<User, 'email' | 'username'>
}

/** The JWT in `Authorization`, with or without the `Bearer` scheme (clients of the seed send both). */
function jwtOf(request: FastifyRequest): string | undefined {
  const header = singleHeader(request, 'authorization')
  if (header === undefined) return undefined
  const bearer = /^bearer\s+(\S+)$/i.exec(header)
  return bearer ? bearer[1] : header
}

/** JWT only: key management, where an API key must not be able to mint or list keys. */
export async function authenticateJwt(core: Core, request: FastifyRequest): Promise<Caller> {
  const token = jwtOf(request)
  if (token === undefined) throw new AppError('invalid_token')
  const claims = await core.tokens.verify(token)
  // A user gone (not a foreign-key 500 deeper down), unconfirmed or disabled is refused here.
  const user = await core.users.getOfToken(claims)
  noteCaller(request, claims)
  return { userId: claims.userId, tenantId: claims.tenantId, sessionId: claims.sessionId, names: user }
}

/**
 * A JWT in `Authorization` or an API key in `X-Authorization` (bare, no scheme). The key stands in
 * for the JWT rather than joining it, so when both are sent the JWT decides.
 */
export async function authenticateJwtOrKey(core: Core, request: FastifyRequest): Promise<Caller> {
  if (jwtOf(request) !== undefined) return authenticateJwt(core, request)
  const key = singleHeader(request, 'x-authorization')
  if (key === undefined) throw new AppError('invalid_token')
  // Only failed checks are counted, so a valid key costs no counter; a client over its budget of
  // failures is refused before its key is looked at.
  const client = clientOf(request)
  core.abuse.assertNotBlocked('apiKeyFailures', client)
  const owner = await core.apiKeys.authenticate(key).catch(async (error: unknown) => {
    await core.abuse.limit('apiKeyFailures', client)
    throw error
  })
  noteCaller(request, owner)
  return { userId: owner.userId, tenantId: owner.tenantId, sessionId: undefined, names: owner.names }
}

/** The caller's session when a valid JWT came along on an endpoint that needs none. */
export async function optionalSessionId(core: Core, request: FastifyRequest): Promise<string | undefined> {
  if (jwtOf(request) === undefined) return undefined
  try {
    return (await authenticateJwt(core, request)).sessionId
  } catch {
    return undefined
  }
}
