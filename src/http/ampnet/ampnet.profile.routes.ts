import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { authenticate } from './ampnet.auth.ts'
import { type AmpnetSettings, userResponse } from './ampnet.wire.ts'

export function profileRoutes(app: FastifyInstance, core: Core, settings: AmpnetSettings): void {
  app.get(
    '/me',
    settings.meConstraints === undefined ? {} : { constraints: settings.meConstraints },
    async (request) => {
      const { user } = authenticate(request, { privilege: 'PRO_PROFILE' })
      return userResponse(core, user)
    },
  )
}
