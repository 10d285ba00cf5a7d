import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { SurfaceDoc } from '../docs/openapi.ts'
import { type CredentialPlaces, registerAccess } from './authenticate.ts'
import { mountRoutes, type RouteDefinition, type SurfaceContract } from './define-route.ts'
import { createErrorHandler } from './error-handler.ts'
import { describedOperations, registerSurfaceDocs, type SurfaceInfo } from './route-docs.ts'
import { securitySchemesOf } from './security-schemes.ts'

// A legacy API as one value: its wire contract (errors, credential places) and its route
// definitions. Mounting and documenting both read it, so the served routes and the document agree.

/** Routes mounted in a child scope of the surface's, prepared first (e.g. a body parser of its own). */
export interface SurfaceScope<D> {
  readonly prepare: (scope: FastifyInstance, core: Core) => Promise<void> | void
  readonly routes: readonly RouteDefinition<D>[]
}

export interface Surface<D> extends Omit<SurfaceInfo, 'securitySchemes'> {
  readonly contract: SurfaceContract
  /** Where its clients put their credentials: what the access hook reads and the document shows. */
  readonly places: CredentialPlaces
  readonly routes: readonly RouteDefinition<D>[]
  /** Routes in child scopes: they inherit the error handler and the access hook. */
  readonly scopes?: readonly SurfaceScope<D>[]
}

/** The surface as its route definitions describe it (what the metrics and the docs tests read). */
export function surfaceDoc<D>({
  title,
  description,
  places,
  routes,
  scopes = [],
  contract,
}: Surface<D>): SurfaceDoc {
  const every = [...routes, ...scopes.flatMap((scope) => scope.routes)]
  const securitySchemes = securitySchemesOf(places)
  return { title, description, securitySchemes, operations: describedOperations(every, contract) }
}

/** What a surface's plugin is registered with, and what its route handlers are given. */
export interface SurfaceOptions<S> {
  readonly core: Core
  readonly settings: S
}

/**
 * The surface's document and its plugin, from its one definition. Fastify names the plugin's scope
 * after the function (`ideapoolApi` …): the docs' route collector and the route catalogue read it.
 */
export function defineSurface<S>(pluginName: string, surface: Surface<SurfaceOptions<S>>) {
  const plugin = async (app: FastifyInstance, { core, settings }: SurfaceOptions<S>): Promise<void> =>
    mountSurface(app, core, surface, { core, settings })
  Object.defineProperty(plugin, 'name', { value: pluginName })
  return { doc: surfaceDoc(surface), plugin }
}

/** Its error handler, its document, its access hook and its routes, in the surface's own scope. */
export async function mountSurface<D>(app: FastifyInstance, core: Core, surface: Surface<D>, deps: D) {
  app.setErrorHandler(createErrorHandler(surface.contract.errors))
  await registerSurfaceDocs(app, { ...surface, securitySchemes: securitySchemesOf(surface.places) })
  registerAccess(app, core, surface.places)
  mountRoutes(app, surface.routes, surface.contract, deps)
  for (const { prepare, routes } of surface.scopes ?? []) {
    app.register(async (scope) => {
      await prepare(scope, core)
      mountRoutes(scope, routes, surface.contract, deps)
    })
  }
}
