import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import type { Core } from '../../../core/core.ts'
import { AppError } from '../../../core/errors.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { defineRoute, type ErrorDoc } from '../../shared/define-route.ts'
import { clientOf } from '../../shared/rate-limit.ts'
import { refusalDocs } from '../../shared/refusal-docs.ts'
import { emptyDoc, openErrors, serverFault } from '../ampnet.contract.ts'
import { ampnetError, explained, frameworkError } from '../ampnet.errors.ts'
import { guardedRoute } from '../ampnet.guarded-route.ts'
import type { AmpnetDeps } from '../ampnet.wire.ts'
import { coopChangesOf, coopCreationOf, unreadable } from './ampnet.coop.params.ts'
import { coopPartLimits, readCoopParts } from './ampnet.coop.parts.ts'
import { coopBody, coopSchema, foundCoopBody } from './ampnet.coop.wire.ts'

// `/coop`: create a coop (public), and read or change the caller's own.

/** The multipart body, for the documents only: the parts are read by ampnet.coop.parts.ts. */
const coopParts = Type.Object({
  request: Type.String({
    description: 'JSON: {identifier ≤64, name ≤128, hostname?, config?, re_captcha_token?}',
  }),
  logo: Type.Optional(Type.String({ contentMediaType: 'application/octet-stream' })),
  banner: Type.Optional(Type.String({ contentMediaType: 'application/octet-stream' })),
})
const MULTIPART = ['multipart/form-data']

const notMultipart: ErrorDoc = {
  description: 'The body is not multipart/form-data',
  examples: [frameworkError(415)],
}
const unreadableParts = 'framework: the parts do not bind'
const invalid = new AppError('validation_failed', {
  problems: [{ field: 'logo', problem: 'is too large' }],
})

const create = defineRoute({
  method: 'POST',
  path: '/coop',
  auth: 'optional',
  limit: 'coopCreation',
  schema: { body: coopParts, consumes: MULTIPART, response: { 200: coopSchema('The coop') } },
  doc: {
    summary: 'Create a coop (reCAPTCHA-gated)',
    errors: openErrors({
      400: {
        description: `0110, 1002 or 0808 (0808 also an image over AMPNET_COOP_IMAGE_MAX_BYTES); ${unreadableParts}`,
        examples: [new AppError('captcha_failed'), new AppError('tenant_exists'), invalid, unreadable()],
      },
      403: {
        description: '1003: creation is off (AMPNET_COOP_CREATION)',
        examples: [new AppError('tenant_creation_disabled')],
      },
      415: notMultipart,
      429: refusalDocs.limited,
      500: {
        description: '0801; framework: a fault',
        examples: [
          ampnetError('0801', 'Could not upload document on cloud file storage', {}, 500),
          serverFault(),
        ],
      },
    }),
  },
  handler: async (request, _reply, { core, settings }: AmpnetDeps) => {
    const { maxImageBytes } = core.tenants.coops
    // Refused and counted before the body is read: each request may carry megabytes of images.
    await core.tenants.coops.admitPublicCreation(clientOf(request))
    const parts = await readCoopParts(request, maxImageBytes)
    const creation = coopCreationOf(parts.request)
    // As the original: after the parts are bound and validated, before anything else is looked at.
    await core.ops.captcha.verify(creation.reCaptchaToken)
    const coop = await explained(core.tenants.coops.create(creation, parts.images), {
      tenant_exists: `Coop with identifier: ${creation.identifier} already exists`,
    })
    return coopBody(coop, settings.publicBaseUrl)
  },
})

const update = guardedRoute({
  method: 'PUT',
  path: '/coop',
  config: { privilege: 'PWA_COOP' },
  schema: { body: coopParts, consumes: MULTIPART, response: { 200: coopSchema('The coop') } },
  summary: "Change the caller's coop (ADMIN)",
  errors: {
    400: { description: `0808; ${unreadableParts}`, examples: [invalid, unreadable()] },
    404: emptyDoc(404, 'The coop is gone'),
    415: notMultipart,
  },
  handler: async (request, _reply, { core, settings }: AmpnetDeps) => {
    const { user } = actorOf(request)
    const parts = await readCoopParts(request, core.tenants.coops.maxImageBytes)
    const coop = await core.tenants.coops.update(
      user.tenantId,
      coopChangesOf(parts.request),
      parts.images,
      user.id,
    )
    return foundCoopBody(coop, settings.publicBaseUrl)
  },
})

const read = guardedRoute({
  method: 'GET',
  path: '/coop',
  config: { privilege: 'PRA_COOP' },
  schema: { response: { 200: coopSchema('The coop') } },
  summary: "The caller's coop",
  errors: { 404: emptyDoc(404, 'The coop is gone') },
  handler: async (request, _reply, { core, settings }: AmpnetDeps) =>
    foundCoopBody(await core.tenants.coops.find(actorOf(request).user.tenantId), settings.publicBaseUrl),
})

export const coopRoutes = [read]
/** The routes taking multipart bodies, mounted in the scope of coopPartsScope. */
export const coopPartRoutes = [create, update]

/** Multipart parsing only where the original took it: the coop routes' own scope. */
export async function coopPartsScope(scope: FastifyInstance, core: Core): Promise<void> {
  await scope.register(multipart, { limits: coopPartLimits(core.tenants.coops.maxImageBytes) })
}
