import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { clientOf } from '../../shared/rate-limit.ts'
import { emptyError, explained } from '../ampnet.errors.ts'
import type { AmpnetSettings } from '../ampnet.wire.ts'
import { coopChangesOf, coopCreationOf } from './ampnet.coop.params.ts'
import { coopPartLimits, readCoopParts } from './ampnet.coop.parts.ts'
import { coopBody } from './ampnet.coop.wire.ts'

/** `/coop`: create a coop (public), and read or change the caller's own. */
export function coopRoutes(app: FastifyInstance, core: Core, settings: AmpnetSettings): void {
  // Multipart parsing only where the original took it; registered in a child scope for that reason.
  app.register(async (scope) => {
    const { maxImageBytes } = core.coops
    await scope.register(multipart, { limits: coopPartLimits(maxImageBytes) })

    scope.post('/coop', async (request) => {
      // Refused and counted before the body is read: each request may carry megabytes of images.
      await core.coops.admitPublicCreation(clientOf(request))
      const parts = await readCoopParts(request, maxImageBytes)
      const creation = coopCreationOf(parts.request)
      // As the original: after the parts are bound and validated, before anything else is looked at.
      await core.captcha.verify(creation.reCaptchaToken)
      const coop = await explained(core.coops.create(creation, { logo: parts.logo, banner: parts.banner }), {
        tenant_exists: `Coop with identifier: ${creation.identifier} already exists`,
      })
      return coopBody(coop, settings.publicBaseUrl)
    })

    scope.put('/coop', { config: { auth: 'required', privilege: 'PWA_COOP' } }, async (request) => {
      const { user } = actorOf(request)
      const parts = await readCoopParts(request, maxImageBytes)
      const coop = await core.coops.update(
        user.tenantId,
        coopChangesOf(parts.request),
        { logo: parts.logo, banner: parts.banner },
        user.id,
      )
      if (coop === undefined) throw emptyError(404)
      return coopBody(coop, settings.publicBaseUrl)
    })
  })

  app.get('/coop', { config: { auth: 'required', privilege: 'PRA_COOP' } }, async (request) => {
    const { user } = actorOf(request)
    const coop = await core.coops.find(user.tenantId)
    if (coop === undefined) throw emptyError(404)
    return coopBody(coop, settings.publicBaseUrl)
  })
}
