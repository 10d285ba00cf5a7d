import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { mountSurface, type Surface, surfaceDoc } from '../shared/surface.ts'
import { ideapoolPlaces } from './ideapool.auth.ts'
import { ideapoolErrors } from './ideapool.errors.ts'
import { type IdeapoolDeps, ideapoolRoutes } from './ideapool.routes.ts'
import { failureBody, type IdeapoolSettings, tokenPolicy } from './ideapool.wire.ts'

export interface IdeapoolOptions {
  readonly core: Core
  readonly settings: IdeapoolSettings
}

const securitySchemes = { accessToken: { type: 'apiKey', in: 'header', name: 'X-Access-Token' } } as const

const title = 'Latchkey: Idea Pool API'
const description =
  'Sign-up, JWT + refresh tokens, `/me` and ideas. The access token travels raw in `X-Access-Token`. ' +
  '`GET /me` is shared with AMPnet: this one answers when the request carries `X-Access-Token`.'

const surface: Surface<IdeapoolDeps> = {
  title,
  description,
  securitySchemes,
  contract: { errors: ideapoolErrors, errorBody: failureBody },
  places: ideapoolPlaces,
  routes: ideapoolRoutes,
}

export const ideapoolDoc = surfaceDoc(surface)

/** The Idea Pool API, as an encapsulated plugin mounted at its prefix. */
export async function ideapoolApi(app: FastifyInstance, { core, settings }: IdeapoolOptions): Promise<void> {
  await mountSurface(app, core, surface, { core, settings, policy: tokenPolicy(settings) })
}
