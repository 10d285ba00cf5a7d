import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { SurfaceDoc } from '../docs/openapi.ts'
import { registerAccess } from '../shared/authenticate.ts'
import { mountRoutes, type SurfaceContract } from '../shared/define-route.ts'
import { describedOperations, registerSurfaceDocs } from '../shared/route-docs.ts'
import { ideapoolPlaces } from './ideapool.auth.ts'
import { ideapoolErrorHandler, ideapoolErrors } from './ideapool.errors.ts'
import { ideapoolRoutes } from './ideapool.routes.ts'
import { failureBody, type IdeapoolSettings, tokenPolicy } from './ideapool.wire.ts'

export interface IdeapoolOptions {
  readonly core: Core
  readonly settings: IdeapoolSettings
}

const contract: SurfaceContract = { errors: ideapoolErrors, errorBody: failureBody }

const securitySchemes = { accessToken: { type: 'apiKey', in: 'header', name: 'X-Access-Token' } } as const

const title = 'Latchkey: Idea Pool API'
const description =
  'Sign-up, JWT + refresh tokens, `/me` and ideas. The access token travels raw in `X-Access-Token`. ' +
  '`GET /me` is shared with AMPnet: this one answers when the request carries `X-Access-Token`.'

/** The surface as its route definitions describe it (what the metrics and the docs tests read). */
export const ideapoolDoc: SurfaceDoc = {
  title,
  description,
  securitySchemes,
  operations: describedOperations(ideapoolRoutes, contract),
}

/** The Idea Pool API, as an encapsulated plugin mounted at its prefix. */
export async function ideapoolApi(app: FastifyInstance, { core, settings }: IdeapoolOptions): Promise<void> {
  app.setErrorHandler(ideapoolErrorHandler)
  await registerSurfaceDocs(app, { title, description, securitySchemes })
  registerAccess(app, core, ideapoolPlaces)
  mountRoutes(app, ideapoolRoutes, contract, { core, settings, policy: tokenPolicy(settings) })
}
