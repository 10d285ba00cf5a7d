import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { usersErrorHandler } from './users.errors.ts'
import { usersRoutes } from './users.routes.ts'
import type { UsersSettings } from './users.wire.ts'

export interface UsersOptions {
  readonly core: Core
  readonly settings: UsersSettings
}

/** The users/login API with x-access-token, as an encapsulated plugin. */
export async function usersApi(app: FastifyInstance, { core, settings }: UsersOptions): Promise<void> {
  app.setErrorHandler(usersErrorHandler)
  usersRoutes(app, core, settings)
}
