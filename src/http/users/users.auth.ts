import type { FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import type { AccessClaims } from '../../core/token/token.service.ts'
import type { User } from '../../core/user/user.ts'
import { singleHeader } from '../shared/credentials.ts'
import { noteCaller } from '../shared/request-log.ts'
import { NoTokenError } from './users.errors.ts'

/** The token's claims and the user as the database has them now. */
export type UsersCaller = AccessClaims & { readonly user: User }

/**
 * The JWT from `?token=` or else the `x-access-token` header (the query wins when both are sent,
 * as the seed's reference does). Absent: 403; present but bad: 401.
 */
export async function authenticate(core: Core, request: FastifyRequest): Promise<UsersCaller> {
  const query = request.query as Record<string, unknown> | undefined
  const fromQuery = query?.token
  // `?token=a&token=b` arrives as an array: a credential was sent, and it is not a token.
  if (Array.isArray(fromQuery)) throw new AppError('invalid_token')
  const token =
    typeof fromQuery === 'string' && fromQuery.trim() !== ''
      ? fromQuery.trim()
      : singleHeader(request, 'x-access-token')
  if (token === undefined) throw new NoTokenError()
  const claims = await core.tokens.verify(token)
  // A user gone, unconfirmed or disabled is refused here, as on every surface.
  const user = await core.users.getOfToken(claims)
  noteCaller(request, claims)
  return { ...claims, user }
}
