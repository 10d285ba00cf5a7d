import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { mountSurface, type Surface, surfaceDoc } from '../shared/surface.ts'
import { usersPlaces } from './users.auth.ts'
import { usersErrors } from './users.errors.ts'
import { type UsersDeps, usersRoutes } from './users.routes.ts'
import { failureBody, type UsersSettings } from './users.wire.ts'

export interface UsersOptions {
  readonly core: Core
  readonly settings: UsersSettings
}

const securitySchemes = {
  queryToken: { type: 'apiKey', in: 'query', name: 'token' },
  accessToken: { type: 'apiKey', in: 'header', name: 'x-access-token' },
} as const

const title = 'Latchkey: users API'
const description = 'Login and `/users/me`. The JWT travels in `?token=` (wins) or in `x-access-token`.'

const surface: Surface<UsersDeps> = {
  title,
  description,
  securitySchemes,
  contract: { errors: usersErrors, errorBody: failureBody },
  places: usersPlaces,
  routes: usersRoutes,
}

export const usersDoc = surfaceDoc(surface)

/** The users/login API with x-access-token, as an encapsulated plugin. */
export async function usersApi(app: FastifyInstance, { core, settings }: UsersOptions): Promise<void> {
  await mountSurface(app, core, surface, { core, settings })
}
