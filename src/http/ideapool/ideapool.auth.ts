import type { FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import type { AccessClaims } from '../../core/token/token.service.ts'
import { singleHeader } from '../shared/credentials.ts'

/** The caller of an Idea Pool request: a JWT sent raw (no "Bearer") in X-Access-Token. */
export async function authenticate(core: Core, request: FastifyRequest): Promise<AccessClaims> {
  const token = singleHeader(request, 'x-access-token')
  if (token === undefined) throw new AppError('invalid_token')
  const claims = await core.tokens.verify(token)
  // A genuine token outlives its user's row: refuse it here, not as a foreign-key 500 deeper down.
  const user = await core.users.find(claims.userId)
  if (user?.tenantId !== claims.tenantId) throw new AppError('user_not_found')
  return claims
}
