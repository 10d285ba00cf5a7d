import { defineRoute, type ErrorDoc, type RouteSchema } from '../shared/define-route.ts'
import { guardedErrors } from './ampnet.contract.ts'
import type { AmpnetDeps } from './ampnet.wire.ts'

type RouteInput<S extends RouteSchema> = Parameters<typeof defineRoute<AmpnetDeps, S>>[0]

/**
 * A route for a signed-in caller (a Bearer JWT): besides its own refusals, the 400s of a bad or
 * missing token, the 409 of a disabled user and, when it asks for a privilege, the 403 of a role
 * without it.
 */
export function guardedRoute<const S extends RouteSchema>({
  summary,
  errors = {},
  ...route
}: Omit<RouteInput<S>, 'auth' | 'doc'> & {
  readonly summary: string
  readonly errors?: Readonly<Record<number, ErrorDoc>>
}) {
  const privileged = route.config?.privilege !== undefined
  return defineRoute<AmpnetDeps, S>({
    ...route,
    auth: 'required',
    doc: { summary, security: ['bearer'], errors: guardedErrors(errors, privileged) },
  })
}
