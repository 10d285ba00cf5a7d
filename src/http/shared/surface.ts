import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { SurfaceDoc } from '../docs/openapi.ts'
import { type CredentialPlaces, registerAccess } from './authenticate.ts'
import { mountRoutes, type RouteDefinition, type SurfaceContract } from './define-route.ts'
import { createErrorHandler } from './error-handler.ts'
import { describedOperations, registerSurfaceDocs, type SurfaceInfo } from './route-docs.ts'

// A legacy API as one value: its wire contract (errors, credential places) and its route
// definitions. Mounting and documenting both read it, so the served routes and the document agree.

export interface Surface<D> extends SurfaceInfo {
  /** Read by the docs served at /docs and by @fastify/swagger, so both of their types. */
  readonly securitySchemes: SurfaceInfo['securitySchemes'] & SurfaceDoc['securitySchemes']
  readonly contract: SurfaceContract
  readonly places: CredentialPlaces
  readonly routes: readonly RouteDefinition<D>[]
}

/** The surface as its route definitions describe it (what the metrics and the docs tests read). */
export function surfaceDoc<D>({
  title,
  description,
  securitySchemes,
  routes,
  contract,
}: Surface<D>): SurfaceDoc {
  return { title, description, securitySchemes, operations: describedOperations(routes, contract) }
}

/** Its error handler, its document, its access hook and its routes, in the surface's own scope. */
export async function mountSurface<D>(app: FastifyInstance, core: Core, surface: Surface<D>, deps: D) {
  app.setErrorHandler(createErrorHandler(surface.contract.errors))
  await registerSurfaceDocs(app, surface)
  registerAccess(app, core, surface.places)
  mountRoutes(app, surface.routes, surface.contract, deps)
}
