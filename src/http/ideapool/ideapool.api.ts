import { defineSurface } from '../shared/surface.ts'
import { ideapoolPlaces } from './ideapool.auth.ts'
import { ideapoolContract } from './ideapool.errors.ts'
import { ideapoolRoutes } from './ideapool.routes.ts'
import type { IdeapoolSettings } from './ideapool.wire.ts'

/** The Idea Pool API, as an encapsulated plugin mounted at its prefix. */
export const { doc: ideapoolDoc, plugin: ideapoolApi } = defineSurface<IdeapoolSettings>('ideapoolApi', {
  title: 'Latchkey: Idea Pool API',
  description:
    'Sign-up, JWT + refresh tokens, `/me` and ideas. The access token travels raw in `X-Access-Token`. ' +
    '`GET /me` is shared with AMPnet: this one answers when the request carries `X-Access-Token`.',
  contract: ideapoolContract,
  places: ideapoolPlaces,
  routes: ideapoolRoutes,
})
