import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { mountSurface, type Surface, surfaceDoc } from '../shared/surface.ts'
import { authheaderPlaces } from './authheader.auth.ts'
import { authheaderErrors } from './authheader.errors.ts'
import { authheaderRoutes } from './authheader.routes.ts'
import { type AuthheaderDeps, type AuthheaderSettings, failureBody } from './authheader.wire.ts'

export interface AuthheaderOptions {
  readonly core: Core
  readonly settings: AuthheaderSettings
}

const securitySchemes = {
  bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Authorization' },
} as const

const title = 'Latchkey: authheader API (username login and API keys)'
const description =
  'A JWT in `Authorization` (with or without `Bearer `), or an API key in `X-Authorization`, which stands ' +
  'in for the JWT everywhere except key management (`/authheader/*`) and the session routes ' +
  '(`/user/renew`, `/user/token`, `/user/logout`): a key opens no session.'

const surface: Surface<AuthheaderDeps> = {
  title,
  description,
  securitySchemes,
  contract: { errors: authheaderErrors, errorBody: failureBody },
  places: authheaderPlaces,
  routes: authheaderRoutes,
}

export const authheaderDoc = surfaceDoc(surface)

/** The username-login and API-key API, as an encapsulated plugin mounted at its prefix. */
export async function authheaderApi(
  app: FastifyInstance,
  { core, settings }: AuthheaderOptions,
): Promise<void> {
  await mountSurface(app, core, surface, { core, settings })
}
