import type { FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import type { AccessClaims } from '../../core/token/token.service.ts'
import type { User } from '../../core/user/user.ts'
import { singleHeader } from '../shared/credentials.ts'
import { noteCaller } from '../shared/request-log.ts'

/** The token's claims and the user as the database has them now. */
export type IdeapoolCaller = AccessClaims & { readonly user: User }

/** The caller of an Idea Pool request: a JWT sent raw (no "Bearer") in X-Access-Token. */
export async function authenticate(core: Core, request: FastifyRequest): Promise<IdeapoolCaller> {
  const token = singleHeader(request, 'x-access-token')
  if (token === undefined) throw new AppError('invalid_token')
  const claims = await core.tokens.verify(token)
  // A user gone (not a foreign-key 500 deeper down), unconfirmed or disabled is refused here.
  const user = await core.users.getOfToken(claims)
  noteCaller(request, claims)
  return { ...claims, user }
}
