import type { Static, TObject, TSchema } from 'typebox'
import type { SignedIn, TokenPolicy } from '../../core/auth/auth.ts'
import { defineRoute, type ErrorDoc, type RouteDefinition } from './define-route.ts'
import { clientOf } from './rate-limit.ts'
import { passwordSignInDocs } from './refusal-docs.ts'
import type { SurfaceOptions } from './surface.ts'

/** An email and password, or a login (the username, else the email) and password. */
export type PasswordCredentials =
  | { readonly email: string; readonly password: string }
  | { readonly login: string; readonly password: string }

export interface PasswordSignIn<S, T extends TSchema> {
  readonly path: string
  readonly summary: string
  readonly body: TObject
  /** How the surface binds the credentials from the body (its own refusals of bad input). */
  readonly credentials: (body: unknown) => PasswordCredentials
  /** The success status, and the body answered with it. */
  readonly status: 200 | 201
  readonly response: T
  readonly answer: (signedIn: SignedIn) => Static<T>
  readonly policy: (settings: S) => TokenPolicy
  /** The surface's refusal of an unknown account or a wrong password. */
  readonly wrongPassword: string
  /** The refusals of bad input (400) and any the surface words its own way. */
  readonly errors: Readonly<Record<number, ErrorDoc>>
}

/** A public password sign-in in the default tenant: the surface says where, how it reads, what it answers. */
export function passwordSignInRoute<S, T extends TSchema>(
  route: PasswordSignIn<S, T>,
): RouteDefinition<SurfaceOptions<S>> {
  return defineRoute({
    method: 'POST',
    path: route.path,
    auth: 'none',
    // Counted and locked out by core.identity.auth.signIn / signInWithLogin.
    limit: 'signIn',
    schema: { body: route.body, response: { [route.status]: route.response } },
    doc: {
      summary: route.summary,
      signIn: true,
      errors: { ...passwordSignInDocs(route.wrongPassword), ...route.errors },
    },
    handler: async (request, reply, { core, settings }: SurfaceOptions<S>) => {
      const credentials = route.credentials(request.body)
      const tenantId = core.tenants.tenants.defaultTenant().id
      const { auth } = core.identity
      const client = clientOf(request)
      const policy = route.policy(settings)
      const signedIn = await ('login' in credentials
        ? auth.signInWithLogin(client, { tenantId, ...credentials }, policy)
        : auth.signIn(client, { tenantId, ...credentials }, policy))
      return reply.code(route.status).send(route.answer(signedIn))
    },
  })
}
