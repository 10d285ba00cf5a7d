import type { FastifyRequest } from 'fastify'
import { RefusedHolderError } from '../../core/access/access.service.ts'
import { can, type Privilege } from '../../core/role/role.ts'
import { type CredentialPlaces, type Judgement, optionalActorOf, refusalOf } from '../shared/authenticate.ts'
import { ampnetError, emptyError, frameworkError, jwtError } from './ampnet.errors.ts'

// The original's pipeline, in its order: a Bearer token is verified on every route, public ones
// included (400 0204); a disabled (unconfirmed) user gets 409 there too, before the body is read;
// on a protected route, no token is 400 0206, a user gone is the route's 404 or 0301, and a role
// without the privilege a plain 403.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** AMPnet: the route serves an unconfirmed user's token (resend the mail, confirm, log out). */
    admitsUnconfirmed?: boolean
    /** AMPnet: what the caller's role must allow on a required route. */
    privilege?: Privilege
    /**
     * AMPnet: when the token's user is gone, an empty 404 (default), 400 0301, or `route`: the
     * route reads its body first and answers itself (`tokenUserIdOf`).
     */
    missingUser?: 'not_found' | 'missing_user' | 'route'
  }
}

function admit(request: FastifyRequest, judgement: Judgement): void {
  const { missingUser, privilege } = request.routeOptions.config
  if ('refusal' in judgement) {
    const { refusal } = judgement
    if (missingUser === 'route') return
    if (missingUser === 'missing_user' && refusal instanceof RefusedHolderError) {
      throw ampnetError('0301', `Missing user with uuid: ${refusal.holder.userId}`)
    }
    throw emptyError(404)
  }
  if (privilege !== undefined && !can(judgement.actor.user.role, privilege)) throw frameworkError(403)
}

export const ampnetPlaces: CredentialPlaces = {
  phase: 'onRequest',
  token: [{ header: 'authorization', scheme: 'Bearer' }],
  missing: () => jwtError('0206'),
  unmarked: 'optional',
  badOptional: 'refuse',
  defers: (refusal) => refusal.code === 'user_not_found',
  options: (request) => ({ admitsUnconfirmed: request.routeOptions.config?.admitsUnconfirmed === true }),
  admit,
}

/** The token's user id on a `missingUser: 'route'` route, whether or not that user still exists. */
export function tokenUserIdOf(request: FastifyRequest): string {
  const actor = optionalActorOf(request)
  if (actor !== undefined) return actor.user.id
  const refusal = refusalOf(request)
  if (refusal instanceof RefusedHolderError) return refusal.holder.userId
  throw new Error(`no token user on ${request.routeOptions.url}`)
}
