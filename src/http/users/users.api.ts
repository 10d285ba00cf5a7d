import { defineSurface } from '../shared/surface.ts'
import { usersPlaces } from './users.auth.ts'
import { usersContract } from './users.errors.ts'
import { usersRoutes } from './users.routes.ts'
import type { UsersSettings } from './users.wire.ts'

/** The users/login API with x-access-token, as an encapsulated plugin. */
export const { doc: usersDoc, plugin: usersApi } = defineSurface<UsersSettings>('usersApi', {
  title: 'Latchkey: users API',
  description: 'Login and `/users/me`. The JWT travels in `?token=` (wins) or in `x-access-token`.',
  contract: usersContract,
  places: usersPlaces,
  routes: usersRoutes,
})
