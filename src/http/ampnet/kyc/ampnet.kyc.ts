import type { Static, TSchema } from 'typebox'
import type { Core } from '../../../core/core.ts'
import type { User } from '../../../core/user/user.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { defineRoute, type ErrorDoc } from '../../shared/define-route.ts'
import { guardedErrors, userGoneDoc } from '../ampnet.contract.ts'
import type { AmpnetDeps } from '../ampnet.wire.ts'

/**
 * A KYC provider's session for the signed-in user (Veriff's, Identyum's), open to any role: a user
 * gone since the token was issued is 0301, and the provider's own failure is `failed`, a 502.
 */
export function kycSessionRoute<const R extends TSchema>(route: {
  readonly path: string
  readonly summary: string
  readonly response: R
  readonly failed: ErrorDoc
  readonly session: (core: Core, user: User) => Promise<Static<R>>
}) {
  return defineRoute({
    method: 'GET',
    path: route.path,
    auth: 'required',
    config: { missingUser: 'missing_user' },
    schema: { response: { 200: route.response } },
    doc: {
      summary: route.summary,
      security: ['bearer'],
      errors: guardedErrors({ 400: userGoneDoc, 502: route.failed }, false),
    },
    handler: (request, _reply, { core }: AmpnetDeps) => route.session(core, actorOf(request).user),
  })
}
