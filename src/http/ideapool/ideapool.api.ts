import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { registerAccess } from '../shared/authenticate.ts'
import { ideapoolPlaces } from './ideapool.auth.ts'
import { ideapoolErrorHandler } from './ideapool.errors.ts'
import { accessTokenRoutes, ideaRoutes } from './ideapool.routes.ts'
import type { IdeapoolSettings } from './ideapool.wire.ts'

export interface IdeapoolOptions {
  readonly core: Core
  readonly settings: IdeapoolSettings
}

/** The Idea Pool API, as an encapsulated plugin mounted at its prefix. */
export async function ideapoolApi(app: FastifyInstance, { core, settings }: IdeapoolOptions): Promise<void> {
  app.setErrorHandler(ideapoolErrorHandler)
  registerAccess(app, core, ideapoolPlaces)
  accessTokenRoutes(app, core, settings)
  ideaRoutes(app, core)
}
