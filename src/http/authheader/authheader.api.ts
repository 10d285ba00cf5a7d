import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { registerAccess } from '../shared/authenticate.ts'
import { authheaderPlaces } from './authheader.auth.ts'
import { authheaderErrorHandler } from './authheader.errors.ts'
import { apiKeyRoutes, probeRoutes, userRoutes } from './authheader.routes.ts'
import type { AuthheaderSettings } from './authheader.wire.ts'

export interface AuthheaderOptions {
  readonly core: Core
  readonly settings: AuthheaderSettings
}

/**
 * The username-login and API-key API, as an encapsulated plugin
 * mounted at its prefix.
 */
export async function authheaderApi(
  app: FastifyInstance,
  { core, settings }: AuthheaderOptions,
): Promise<void> {
  app.setErrorHandler(authheaderErrorHandler)
  registerAccess(app, core, authheaderPlaces)
  userRoutes(app, core, settings)
  apiKeyRoutes(app, core, settings)
  probeRoutes(app)
}
