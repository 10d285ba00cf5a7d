import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { SurfaceDoc } from '../docs/openapi.ts'
import { mountRoutes, type SurfaceContract } from '../shared/define-route.ts'
import { describedOperations, registerSurfaceDocs } from '../shared/route-docs.ts'
import { usersErrorHandler, usersErrors } from './users.errors.ts'
import { usersRoutes } from './users.routes.ts'
import { failureBody, type UsersSettings } from './users.wire.ts'

export interface UsersOptions {
  readonly core: Core
  readonly settings: UsersSettings
}

const contract: SurfaceContract = { errors: usersErrors, errorBody: failureBody }

const securitySchemes = {
  queryToken: { type: 'apiKey', in: 'query', name: 'token' },
  accessToken: { type: 'apiKey', in: 'header', name: 'x-access-token' },
} as const

const title = 'Latchkey: users API'
const description = 'Login and `/users/me`. The JWT travels in `?token=` (wins) or in `x-access-token`.'

/** The surface as its route definitions describe it (what the metrics and the docs tests read). */
export const usersDoc: SurfaceDoc = {
  title,
  description,
  securitySchemes,
  operations: describedOperations(usersRoutes, contract),
}

/** The users/login API with x-access-token, as an encapsulated plugin. */
export async function usersApi(app: FastifyInstance, { core, settings }: UsersOptions): Promise<void> {
  app.setErrorHandler(usersErrorHandler)
  await registerSurfaceDocs(app, { title, description, securitySchemes })
  mountRoutes(app, usersRoutes, contract, { core, settings })
}
