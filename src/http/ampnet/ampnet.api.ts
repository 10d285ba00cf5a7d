import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import type { SurfaceDoc } from '../docs/openapi.ts'
import { registerAccess } from '../shared/authenticate.ts'
import { mountRoutes } from '../shared/define-route.ts'
import { describedOperations, registerSurfaceDocs } from '../shared/route-docs.ts'
import { ampnetPlaces } from './ampnet.auth.ts'
import { ampnetContract } from './ampnet.contract.ts'
import { ampnetErrorHandler } from './ampnet.errors.ts'
import {
  ampnetMultipartRoutes,
  ampnetRoutes,
  ampnetWebhookRoutes,
  everyAmpnetRoute,
} from './ampnet.routes.ts'
import type { AmpnetSettings } from './ampnet.wire.ts'
import { coopPartsScope } from './coop/ampnet.coop.routes.ts'
import { rawBodyScope } from './kyc/ampnet.raw-body.ts'

// Routes register after the access hook, so that every route gets the original's token pipeline
// (in onRequest): a definition says `auth: 'required'` and its `config: { privilege }`, the
// handler reads the caller with `actorOf(request)`. Those taking multipart or raw bodies get
// scopes of their own, which inherit the hook and the error handler.

export interface AmpnetOptions {
  readonly core: Core
  readonly settings: AmpnetSettings
}

const securitySchemes = { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } as const

const title = 'Latchkey: AMPnet user service'
const description =
  '`Authorization: Bearer <jwt>`; any Bearer token sent is verified, on public routes too. Errors: ' +
  '`{description, err_code, message, errors}`, the JWT form without `errors`, a framework form, or an ' +
  'empty body. `GET /me` is shared with Idea Pool: this one answers requests without `X-Access-Token`.'

/** The surface as its route definitions describe it (what the metrics and the docs tests read). */
export const ampnetDoc: SurfaceDoc = {
  title,
  description,
  securitySchemes,
  operations: describedOperations(everyAmpnetRoute, ampnetContract),
}

/** The AMPnet user service API (docs/api/ampnet.md), as an encapsulated plugin at its prefix. */
export async function ampnetApi(app: FastifyInstance, { core, settings }: AmpnetOptions): Promise<void> {
  app.setErrorHandler(ampnetErrorHandler)
  await registerSurfaceDocs(app, { title, description, securitySchemes })
  registerAccess(app, core, ampnetPlaces)
  const deps = { core, settings }
  mountRoutes(app, ampnetRoutes, ampnetContract, deps)
  app.register(async (multipartScope) => {
    await coopPartsScope(multipartScope, core)
    mountRoutes(multipartScope, ampnetMultipartRoutes, ampnetContract, deps)
  })
  app.register(async (webhooks) => {
    rawBodyScope(webhooks, core)
    mountRoutes(webhooks, ampnetWebhookRoutes, ampnetContract, deps)
  })
}
