import { signedInRoutes } from '../shared/define-route.ts'
import { guardedErrors } from './ampnet.contract.ts'
import type { AmpnetDeps } from './ampnet.wire.ts'

/**
 * A route for a signed-in caller (a Bearer JWT): besides its own refusals, the 400s of a bad or
 * missing token, the 409 of a disabled user and, when it asks for a privilege, the 403 of a role
 * without it.
 */
export const guardedRoute = signedInRoutes<AmpnetDeps>(['bearer'], (own, route) =>
  guardedErrors(own, route.config?.privilege !== undefined),
)
