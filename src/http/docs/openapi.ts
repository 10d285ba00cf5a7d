import type { FastifyInstance, RouteOptions } from 'fastify'

// OpenAPI 3.1 from two halves: each surface's description module (what the wire looks like, taken
// from its spec and *.errors.ts) and the routes Fastify actually registered. A surface whose routes
// are route definitions (shared/define-route.ts) has its document generated from them instead, by
// @fastify/swagger registered in its scope.

export const SURFACES = ['ideapool', 'authheader', 'users', 'ampnet'] as const
export type Surface = (typeof SURFACES)[number]

export type Schema = { readonly [keyword: string]: unknown }

export interface ParameterDoc {
  readonly name: string
  readonly in: 'query' | 'header' | 'path'
  readonly required?: boolean
  readonly description?: string
  readonly schema?: Schema
}

export interface HeaderDoc {
  readonly description: string
  /** Sent with every response of this status (default false). */
  readonly required?: boolean
  readonly schema?: Schema
}

export interface ResponseDoc {
  readonly description: string
  /** No schema: an empty body. */
  readonly schema?: Schema
  readonly contentType?: string
  /** Response headers worth documenting (e.g. `Retry-After`). */
  readonly headers?: Readonly<Record<string, HeaderDoc>>
}

export interface OperationDoc {
  readonly summary: string
  readonly description?: string
  /** Names of the surface's security schemes, any one of which is accepted; none: public. */
  readonly security?: readonly string[]
  readonly parameters?: readonly ParameterDoc[]
  readonly requestBody?: { readonly schema: Schema; readonly contentType?: string }
  /** Every documented status. */
  readonly responses: Readonly<Record<number, ResponseDoc>>
  /** A sign-in: counted by outcome in latchkey_sign_ins_total. */
  readonly signIn?: boolean
}

export interface SurfaceDoc {
  readonly title: string
  readonly description: string
  readonly securitySchemes: Readonly<Record<string, Schema>>
  /** Keyed `METHOD /path` with Fastify's `:param` syntax, relative to the surface's prefix. */
  readonly operations: Readonly<Record<string, OperationDoc>>
}

export interface RegisteredRoute {
  readonly method: string
  /** Relative to the surface's prefix, as the description module keys it. */
  readonly path: string
  /** As served, prefix included. */
  readonly url: string
}

type SurfacePlugin<O> = (app: FastifyInstance, options: O) => Promise<void>

/** Records the routes each surface registers, whatever its prefix (an onRoute hook per surface). */
export function createRouteCollector() {
  const bySurface = new Map<Surface, RegisteredRoute[]>()
  const generated = new Map<Surface, () => Record<string, unknown>>()
  return {
    /** The surface's plugin, recording its routes (nested scopes included) on the way. */
    collect<O>(surface: Surface, plugin: SurfacePlugin<O>): SurfacePlugin<O> {
      const collecting: SurfacePlugin<O> = async (app, options) => {
        const routes: RegisteredRoute[] = []
        bySurface.set(surface, routes)
        const prefix = app.prefix
        app.addHook('onRoute', (route: RouteOptions) => {
          for (const method of [route.method].flat()) {
            if (method === 'HEAD' || method === 'OPTIONS') continue
            routes.push({ method, path: route.url.slice(prefix.length) || '/', url: route.url })
          }
        })
        await plugin(app, options)
        // @fastify/swagger registered by the surface decorates its own scope only.
        if (app.hasDecorator('swagger')) {
          generated.set(surface, () => app.swagger() as unknown as Record<string, unknown>)
        }
      }
      // Fastify names the scope after its plugin function: keep the surface's name (ideapoolApi …).
      Object.defineProperty(collecting, 'name', { value: plugin.name })
      return collecting
    },
    routesOf(surface: Surface): readonly RegisteredRoute[] {
      return bySurface.get(surface) ?? []
    },
    /** The surface's document generated from its route definitions, if it has them. */
    generatedDocumentOf(surface: Surface): Record<string, unknown> | undefined {
      return generated.get(surface)?.()
    },
    surfaces(): readonly Surface[] {
      return SURFACES.filter((surface) => bySurface.has(surface))
    },
  }
}

export type RouteCollector = ReturnType<typeof createRouteCollector>

export const operationKey = (method: string, path: string) => `${method} ${path}`

/** `/ideas/:id` → `/ideas/{id}` */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

const pathParamsOf = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '')

function operationObject(route: RegisteredRoute, doc: OperationDoc): Record<string, unknown> {
  const described = doc.parameters ?? []
  const implicit = pathParamsOf(route.path)
    .filter((name) => !described.some((parameter) => parameter.in === 'path' && parameter.name === name))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))
  const parameters = [
    ...described.map((parameter) => ({
      ...parameter,
      required: parameter.in === 'path' || parameter.required === true,
      schema: parameter.schema ?? { type: 'string' },
    })),
    ...implicit,
  ]
  const responses = Object.fromEntries(
    Object.entries(doc.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.headers !== undefined && {
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, header]) => [
              name,
              {
                description: header.description,
                required: header.required === true,
                schema: header.schema ?? { type: 'string' },
              },
            ]),
          ),
        }),
        ...(response.schema !== undefined && {
          content: { [response.contentType ?? 'application/json']: { schema: response.schema } },
        }),
      },
    ]),
  )
  return {
    summary: doc.summary,
    ...(doc.description !== undefined && { description: doc.description }),
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    security: (doc.security ?? []).length === 0 ? [] : (doc.security ?? []).map((name) => ({ [name]: [] })),
    ...(parameters.length > 0 && { parameters }),
    ...(doc.requestBody !== undefined && {
      requestBody: {
        required: true,
        content: { [doc.requestBody.contentType ?? 'application/json']: { schema: doc.requestBody.schema } },
      },
    }),
    responses,
  }
}

/** The OpenAPI 3.1 document of one surface: its registered routes, each with its description. */
export function openApiDocument(
  doc: SurfaceDoc,
  routes: readonly RegisteredRoute[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const operation = doc.operations[operationKey(route.method, route.path)]
    const key = openApiPath(route.url)
    const item = paths[key] ?? {}
    paths[key] = item
    item[route.method.toLowerCase()] =
      operation === undefined
        ? { summary: 'Undocumented', 'x-undocumented': true, responses: {} }
        : operationObject(route, operation)
  }
  return {
    openapi: '3.1.0',
    info: { title: doc.title, version, description: doc.description },
    paths,
    components: { securitySchemes: doc.securitySchemes },
  }
}

/** Sign-in routes as served (`POST /token` → `ampnet`), for the sign-in metric. */
export function signInRoutesOf(
  collector: RouteCollector,
  docs: Readonly<Record<Surface, SurfaceDoc>>,
): Map<string, Surface> {
  const signIns = new Map<string, Surface>()
  for (const surface of collector.surfaces()) {
    for (const route of collector.routesOf(surface)) {
      if (docs[surface].operations[operationKey(route.method, route.path)]?.signIn === true) {
        signIns.set(operationKey(route.method, route.url), surface)
      }
    }
  }
  return signIns
}
