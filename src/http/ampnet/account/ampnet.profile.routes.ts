import type { FastifyInstance } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { authenticate } from '../ampnet.auth.ts'
import { bodyObject, requiredString } from '../ampnet.params.ts'
import { type AmpnetSettings, userResponse } from '../ampnet.wire.ts'

/** The caller's own profile. */
export function profileRoutes(app: FastifyInstance, core: Core, settings: AmpnetSettings): void {
  app.get(
    '/me',
    settings.meConstraints === undefined ? {} : { constraints: settings.meConstraints },
    async (request) => {
      const { user } = authenticate(request, { privilege: 'PRO_PROFILE' })
      return userResponse(core, user)
    },
  )

  app.put('/me/update', async (request) => {
    const { user } = authenticate(request, { privilege: 'PWO_PROFILE', missingUser: 'missing_user' })
    const language = requiredString(bodyObject(request.body), 'language')
    return userResponse(core, await core.profile.setLanguage(user.id, language))
  })
}
