import type { FastifyReply } from 'fastify'
import type { TObject } from 'typebox'
import type { SignedUp } from '../../core/auth/sign-up.service.ts'
import { AppError } from '../../core/errors.ts'
import type { PasswordRule } from '../../core/password/password-rules.ts'
import { splitName } from '../../core/user/user.ts'
import { defineRoute, type ErrorDoc, type RouteDefinition, type RouteSchema } from './define-route.ts'
import { clientOf } from './rate-limit.ts'
import { refusalDocs } from './refusal-docs.ts'
import type { SurfaceOptions } from './surface.ts'

/** The account a sign-up asks for, as the surface binds it from the body. */
export interface NewAccount {
  readonly email: string
  readonly password: string
  readonly name: string
  /** Bad input the surface tells only once the request is counted against the sign-up limit. */
  readonly refusal?: Error | undefined
}

export interface PasswordSignUp<S> {
  readonly path: string
  readonly summary: string
  readonly body: TObject
  readonly response: RouteSchema['response']
  /** How the surface binds the account from the body (its own refusals of bad input). */
  readonly account: (body: unknown) => NewAccount
  readonly passwordRule: PasswordRule
  /** What the surface answers once the account exists (a session, or only its id). */
  readonly answer: (
    reply: FastifyReply,
    options: SurfaceOptions<S>,
    signedUp: SignedUp,
  ) => Promise<FastifyReply>
  /** The refusals of bad input and of a taken address, in the surface's own words. */
  readonly errors: Readonly<Record<number, ErrorDoc>>
}

/** A public sign-up with a password in the default tenant: the surface says where, how it reads, what it answers. */
export function passwordSignUpRoute<S>(route: PasswordSignUp<S>): RouteDefinition<SurfaceOptions<S>> {
  return defineRoute({
    method: 'POST',
    path: route.path,
    auth: 'none',
    limit: 'signUp',
    schema: { body: route.body, response: route.response },
    doc: {
      summary: route.summary,
      errors: {
        403: { description: 'The coop closed sign-up', examples: [new AppError('sign_up_disabled')] },
        429: refusalDocs.limited,
        503: refusalDocs.busyOrUncheckable,
        ...route.errors,
      },
    },
    handler: async (request, reply, options: SurfaceOptions<S>) => {
      const { email, password, name, refusal } = route.account(request.body)
      const signedUp = await options.core.identity.signUp.withPassword(
        { client: clientOf(request), ...(refusal && { refusal }) },
        { email, password, displayName: name, ...splitName(name), passwordRule: route.passwordRule },
      )
      return route.answer(reply, options, signedUp)
    },
  })
}
