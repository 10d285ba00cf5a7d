import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { SurfaceDoc } from '../docs/openapi.ts'
import { registerAccess } from '../shared/authenticate.ts'
import { mountRoutes, type SurfaceContract } from '../shared/define-route.ts'
import { describedOperations, registerSurfaceDocs } from '../shared/route-docs.ts'
import { authheaderPlaces } from './authheader.auth.ts'
import { authheaderErrorHandler, authheaderErrors } from './authheader.errors.ts'
import { authheaderRoutes } from './authheader.routes.ts'
import { type AuthheaderSettings, failureBody } from './authheader.wire.ts'

export interface AuthheaderOptions {
  readonly core: Core
  readonly settings: AuthheaderSettings
}

const contract: SurfaceContract = { errors: authheaderErrors, errorBody: failureBody }

const securitySchemes = {
  bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Authorization' },
} as const

const title = 'Latchkey: authheader API (username login and API keys)'
const description =
  'A JWT in `Authorization` (with or without `Bearer `), or an API key in `X-Authorization`, which stands ' +
  'in for the JWT everywhere except key management (`/authheader/*`) and the session routes ' +
  '(`/user/renew`, `/user/token`, `/user/logout`): a key opens no session.'

/** The surface as its route definitions describe it (what the metrics and the docs tests read). */
export const authheaderDoc: SurfaceDoc = {
  title,
  description,
  securitySchemes,
  operations: describedOperations(authheaderRoutes, contract),
}

/** The username-login and API-key API, as an encapsulated plugin mounted at its prefix. */
export async function authheaderApi(
  app: FastifyInstance,
  { core, settings }: AuthheaderOptions,
): Promise<void> {
  app.setErrorHandler(authheaderErrorHandler)
  registerAccess(app, core, authheaderPlaces)
  await registerSurfaceDocs(app, { title, description, securitySchemes })
  mountRoutes(app, authheaderRoutes, contract, { core, settings })
}
