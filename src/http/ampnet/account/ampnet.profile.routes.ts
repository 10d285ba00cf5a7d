import type { FastifyInstance } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { bodyObject, requiredString } from '../ampnet.params.ts'
import { type AmpnetSettings, userResponse } from '../ampnet.wire.ts'

const meConstraintsOf = (settings: AmpnetSettings) =>
  settings.meConstraints === undefined ? {} : { constraints: settings.meConstraints }

/** The caller's own profile. */
export function profileRoutes(app: FastifyInstance, core: Core, settings: AmpnetSettings): void {
  app.get(
    '/me',
    { config: { auth: 'required', privilege: 'PRO_PROFILE' }, ...meConstraintsOf(settings) },
    async (request) => {
      const { user } = actorOf(request)
      return userResponse(core, user)
    },
  )

  const updateConfig = { auth: 'required', privilege: 'PWO_PROFILE', missingUser: 'missing_user' } as const
  app.put('/me/update', { config: updateConfig }, async (request) => {
    const { user } = actorOf(request)
    const language = requiredString(bodyObject(request.body), 'language')
    return userResponse(core, await core.profile.setLanguage(user.id, language))
  })
}
