import { defineSurface } from '../shared/surface.ts'
import { authheaderPlaces } from './authheader.auth.ts'
import { authheaderContract } from './authheader.errors.ts'
import { authheaderRoutes } from './authheader.routes.ts'
import type { AuthheaderSettings } from './authheader.wire.ts'

/** The username-login and API-key API, as an encapsulated plugin mounted at its prefix. */
export const { doc: authheaderDoc, plugin: authheaderApi } = defineSurface<AuthheaderSettings>(
  'authheaderApi',
  {
    title: 'Latchkey: authheader API (username login and API keys)',
    description:
      'A JWT in `Authorization` (with or without `Bearer `), or an API key in `X-Authorization`, which stands ' +
      'in for the JWT everywhere except key management (`/authheader/*`) and the session routes ' +
      '(`/user/renew`, `/user/token`, `/user/logout`): a key opens no session.',
    contract: authheaderContract,
    places: authheaderPlaces,
    routes: authheaderRoutes,
  },
)
