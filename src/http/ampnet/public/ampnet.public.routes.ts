import Type from 'typebox'
import type { Core } from '../../../core/core.ts'
import { AppError } from '../../../core/errors.ts'
import type { Coop } from '../../../core/tenant/coop.service.ts'
import { defineRoute, type RouteDoc } from '../../shared/define-route.ts'
import { emptyDoc, openErrors, serverFault } from '../ampnet.contract.ts'
import { emptyError, explained } from '../ampnet.errors.ts'
import type { AmpnetDeps } from '../ampnet.wire.ts'
import { coopSchema, foundCoopBody } from '../coop/ampnet.coop.wire.ts'

// `/public/**`: coop config, user counts and coop images, without a token.

// A stored image never changes under its id (a new upload gets a new id), so it may be cached for good.
const IMAGE_HEADERS = {
  'cache-control': 'public, max-age=31536000, immutable',
  // Defence in depth: only raster images are accepted, but nothing served here may run anything.
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'cross-origin',
}

/** `/public/app/config/<key>/:<key>`: the coop that `find` gives for the path's value. */
function configRoute<const K extends string>(
  key: K,
  doc: RouteDoc,
  find: (core: Core, value: string) => Promise<Coop | undefined>,
) {
  return defineRoute({
    method: 'GET',
    path: `/public/app/config/${key}/:${key}`,
    auth: 'optional',
    schema: { params: Type.Object({ [key]: Type.String() }), response: { 200: coopSchema('The coop') } },
    doc,
    handler: async (request, _reply, { core, settings }: AmpnetDeps) => {
      const params = request.params as Readonly<Record<K, string>>
      return foundCoopBody(await find(core, params[key]), settings.publicBaseUrl)
    },
  })
}

const byHostname = configRoute(
  'hostname',
  {
    summary: 'The coop of a hostname',
    errors: openErrors({ 404: emptyDoc(404, 'No coop has this hostname') }),
  },
  (core, hostname) => core.tenants.coops.findByHostname(hostname),
)

const byIdentifier = configRoute(
  'identifier',
  {
    summary: 'The coop of an identifier, else the default coop',
    errors: openErrors({
      500: {
        description: '1001 the default coop is missing; framework: a fault',
        examples: [new AppError('default_tenant_missing'), serverFault()],
      },
    }),
  },
  (core, identifier) => {
    const defaultIdentifier = core.tenants.tenants.defaultTenant().identifier
    return explained(core.tenants.coops.findByIdentifierOrDefault(identifier), {
      default_tenant_missing: `Missing default coop: ${defaultIdentifier} on platform`,
    })
  },
)

const userCount = defineRoute({
  method: 'GET',
  path: '/public/user/count',
  auth: 'optional',
  schema: {
    querystring: Type.Object({
      coop: Type.Optional(Type.String({ description: 'Coop identifier (default coop when absent)' })),
    }),
    response: { 200: Type.Object({ registered: Type.Integer() }, { description: 'The count' }) },
  },
  doc: { summary: "A coop's number of users", errors: openErrors({}) },
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const { coop } = request.query as { coop?: unknown }
    const identifier = typeof coop === 'string' ? coop : core.tenants.tenants.defaultTenant().identifier
    return { registered: await core.identity.userAdmin.countByTenantIdentifier(identifier) }
  },
})

// The image is sent as bytes: no schema serializes it.
const image = Type.Unsafe<never>({
  description: 'The image',
  content: { 'image/*': { schema: { type: 'string', contentMediaType: 'image/*' } } },
})

const file = defineRoute({
  method: 'GET',
  path: '/public/files/:id/:filename',
  auth: 'optional',
  schema: {
    params: Type.Object({ id: Type.String(), filename: Type.String() }),
    response: { 200: image },
  },
  doc: { summary: "A coop's logo or banner", errors: openErrors({ 404: emptyDoc(404, 'No such file') }) },
  handler: async (request, reply, { core }: AmpnetDeps) => {
    const { id, filename } = request.params as { id: string; filename: string }
    const stored = await core.tenants.coops.file(id)
    if (stored === undefined || stored.filename !== filename) throw emptyError(404)
    return reply
      .headers({
        ...IMAGE_HEADERS,
        'content-type': stored.contentType,
        'content-disposition': `inline; filename="${stored.filename}"`,
      })
      .send(Buffer.from(stored.data.buffer, stored.data.byteOffset, stored.data.byteLength))
  },
})

export const publicRoutes = [byHostname, byIdentifier, userCount, file]
