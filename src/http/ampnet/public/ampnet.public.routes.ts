import type { FastifyInstance } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { emptyError, explained } from '../ampnet.errors.ts'
import type { AmpnetSettings } from '../ampnet.wire.ts'
import { coopBody } from '../coop/ampnet.coop.wire.ts'

// A stored image never changes under its id (a new upload gets a new id), so it may be cached for good.
const IMAGE_HEADERS = {
  'cache-control': 'public, max-age=31536000, immutable',
  // Defence in depth: only raster images are accepted, but nothing served here may run anything.
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'cross-origin',
}

/** `/public/**`: coop config, user counts and coop images, without a token. */
export function publicRoutes(app: FastifyInstance, core: Core, settings: AmpnetSettings): void {
  app.get<{ Params: { hostname: string } }>('/public/app/config/hostname/:hostname', async (request) => {
    const coop = await core.coops.findByHostname(request.params.hostname)
    if (coop === undefined) throw emptyError(404)
    return coopBody(coop, settings.publicBaseUrl)
  })

  app.get<{ Params: { identifier: string } }>(
    '/public/app/config/identifier/:identifier',
    async (request) => {
      const defaultIdentifier = core.tenants.defaultTenant().identifier
      const coop = await explained(core.coops.findByIdentifierOrDefault(request.params.identifier), {
        default_tenant_missing: `Missing default coop: ${defaultIdentifier} on platform`,
      })
      return coopBody(coop, settings.publicBaseUrl)
    },
  )

  app.get('/public/user/count', async (request) => {
    const { coop } = request.query as { coop?: unknown }
    const identifier = typeof coop === 'string' ? coop : core.tenants.defaultTenant().identifier
    return { registered: await core.userAdmin.countByTenantIdentifier(identifier) }
  })

  app.get<{ Params: { id: string; filename: string } }>(
    '/public/files/:id/:filename',
    async (request, reply) => {
      const file = await core.coops.file(request.params.id)
      if (file === undefined || file.filename !== request.params.filename) throw emptyError(404)
      return reply
        .headers({
          ...IMAGE_HEADERS,
          'content-type': file.contentType,
          'content-disposition': `inline; filename="${file.filename}"`,
        })
        .send(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength))
    },
  )
}
