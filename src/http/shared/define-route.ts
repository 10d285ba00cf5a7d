import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Static, TSchema } from 'typebox'
import type { RateCategory } from '../../core/abuse/abuse-guard.ts'
import type { ErrorFormatter } from './error-handler.ts'
import { errorResponses } from './route-docs.ts'

// A route carries its own contract: method, path, who may call it, its rate category, its input
// and response schemas, its documentation and its handler. The OpenAPI document is generated from
// these (@fastify/swagger), and the response schemas serialize the bodies, failures included.
//
// Input is still bound by the surface's binder, not validated by Fastify: each surface documents
// its own refusal bytes for bad input (which fields, in which order, which words, the first only
// or all at once), and a schema validator's errors cannot be mapped onto all of them. The input
// schemas document the request; the users binder reads its field list from them, so the two
// cannot drift (docs/spec-decisions.md, "Route contracts").

export type RouteAuth = 'required' | 'optional' | 'none'

/** A documented failure status: the errors answered with it, rendered by the surface's formatter. */
export interface ErrorDoc {
  readonly description: string
  readonly examples: readonly [Error, ...Error[]]
  /** `Retry-After` with this status: what it says, and whether it is always sent. */
  readonly retryAfter?: { readonly description: string; readonly always: boolean }
}

export interface RouteDoc {
  readonly summary: string
  readonly description?: string
  /** Names of the surface's security schemes, any one of which is accepted; none: public. */
  readonly security?: readonly string[]
  /** A sign-in: counted by outcome in latchkey_sign_ins_total. */
  readonly signIn?: boolean
  readonly errors: Readonly<Record<number, ErrorDoc>>
}

export interface RouteSchema {
  readonly body?: TSchema
  readonly querystring?: TSchema
  readonly params?: TSchema
  readonly headers?: TSchema
  /** The successes by status; the failures come from `doc.errors`. */
  readonly response: Readonly<Record<number, TSchema>>
  /** The request's media types when not JSON (docs only: the binder reads the body). */
  readonly consumes?: readonly string[]
}

/** What the handler may answer: a body of one of the success schemas. */
type Success<S extends RouteSchema> = {
  [K in keyof S['response']]: S['response'][K] extends TSchema ? Static<S['response'][K]> : never
}[keyof S['response']]

type Handler<D, Body> = (
  request: FastifyRequest,
  reply: FastifyReply,
  deps: D,
) => Promise<Body | FastifyReply>

export interface RouteDefinition<D> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Relative to the surface's prefix, in Fastify's `:param` syntax. */
  readonly path: string
  /** Read by the shared auth hook from the route's `config.auth`. */
  readonly auth: RouteAuth
  /** An API key may stand in for the access token (`config.keys`, read by the shared auth hook). */
  readonly keys?: true
  /** The route's own rate category, when one applies (its 429 must then be documented). */
  readonly limit?: RateCategory
  /** The surface's own route config keys (e.g. a privilege), read by its hooks. */
  readonly config?: Omit<FastifyContextConfig, 'auth' | 'keys' | 'limit'>
  /** Checks of the input that must come before the preHandler hooks (e.g. the caller's checks). */
  readonly preValidation?: (request: FastifyRequest) => Promise<void>
  readonly schema: RouteSchema
  readonly doc: RouteDoc
  /** Router constraints from the surface's deps (the shared `GET /me`); undefined: none. */
  readonly constraints?: (deps: D) => Readonly<Record<string, string>> | undefined
  /** A success body (serialized by its schema) or the reply, when the handler sent it itself. */
  readonly handler: Handler<D, unknown>
}

/** A route definition whose handler must answer what its response schemas describe. */
export function defineRoute<D, const S extends RouteSchema>(
  definition: Omit<RouteDefinition<D>, 'schema' | 'handler'> & {
    readonly schema: S
    readonly handler: Handler<D, Success<S>>
  },
): RouteDefinition<D> {
  if (definition.limit !== undefined && definition.doc.errors[429] === undefined) {
    throw new Error(
      `${definition.method} ${definition.path}: limited by ${definition.limit}, 429 undocumented`,
    )
  }
  return definition
}

/** How a surface's failures look on the wire and in its documents. */
/** A signed-in route as its surface's family states it: its summary and own refusals, no `auth` or `doc`. */
export type SignedInRoute<D, S extends RouteSchema> = Omit<
  Parameters<typeof defineRoute<D, S>>[0],
  'auth' | 'doc'
> & {
  readonly summary: string
  readonly errors?: Readonly<Record<number, ErrorDoc>>
}

/**
 * The definer of a surface's routes for a signed-in caller (`auth: 'required'`): each is documented
 * with the surface's `security` schemes and its own refusals, to which `refusals` adds the family's.
 */
export function signedInRoutes<D>(
  security: readonly string[],
  refusals: (
    own: Readonly<Record<number, ErrorDoc>>,
    route: { config?: FastifyContextConfig },
  ) => RouteDoc['errors'],
) {
  return <const S extends RouteSchema>({ summary, errors = {}, ...route }: SignedInRoute<D, S>) =>
    defineRoute<D, S>({
      ...route,
      auth: 'required',
      doc: { summary, security, errors: refusals(errors, route) },
    })
}

export interface SurfaceContract {
  readonly errors: ErrorFormatter
  /**
   * The surface's error body; the documented examples are attached to it. A surface with several
   * error shapes gives the schema of a status: it must admit every body the surface answers with
   * that status, as it serializes them (a body it rejects would go out as Fastify's own 500).
   */
  readonly errorBody: TSchema | ((status: number) => TSchema)
}

/** `POST /users/login` → `postUsersLogin`, the operationId. */
export const operationIdOf = (method: string, path: string) =>
  `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`

// Fastify's validation would answer bad input with its own body; the binder answers instead.
const noValidation = () => () => true

/** Registers the definitions on the surface's scope, with their schemas for serialization and docs. */
export function mountRoutes<D>(
  app: FastifyInstance,
  definitions: readonly RouteDefinition<D>[],
  contract: SurfaceContract,
  deps: D,
): void {
  for (const definition of definitions) {
    const { method, path, auth, keys, limit, config, preValidation, schema, doc, handler } = definition
    const constraints = definition.constraints?.(deps)
    app.route({
      method,
      url: path,
      ...(constraints !== undefined && { constraints }),
      ...(preValidation !== undefined && { preValidation }),
      config: {
        ...config,
        ...(auth !== 'none' && { auth }),
        ...(keys !== undefined && { keys }),
        ...(limit !== undefined && { limit }),
      },
      validatorCompiler: noValidation,
      schema: {
        summary: doc.summary,
        ...(doc.description !== undefined && { description: doc.description }),
        operationId: operationIdOf(method, path),
        security: (doc.security ?? []).map((name) => ({ [name]: [] })),
        ...(schema.body !== undefined && { body: schema.body }),
        ...(schema.querystring !== undefined && { querystring: schema.querystring }),
        ...(schema.params !== undefined && { params: schema.params }),
        ...(schema.headers !== undefined && { headers: schema.headers }),
        ...(schema.consumes !== undefined && { consumes: schema.consumes }),
        response: { ...schema.response, ...errorResponses(definition, contract) },
      },
      handler: (request, reply) => handler(request, reply, deps),
    })
  }
}
