import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { registerAccess } from '../shared/authenticate.ts'
import { mountRoutes } from '../shared/define-route.ts'
import { ampnetPlaces } from './ampnet.auth.ts'
import { ampnetContract } from './ampnet.contract.ts'
import { ampnetErrorHandler } from './ampnet.errors.ts'
import { ampnetRoutes, ampnetWebhookRoutes, coopPartRoutes } from './ampnet.routes.ts'
import type { AmpnetSettings } from './ampnet.wire.ts'
import { coopPartsScope } from './coop/ampnet.coop.routes.ts'
import { rawBodyScope } from './kyc/ampnet.raw-body.ts'

// Routes register after the access hook, so that every route gets the original's token pipeline
// (in onRequest): a definition says `auth: 'required'` and its `config: { privilege }`, the
// handler reads the caller with `actorOf(request)`. The route definitions are in ampnet.routes.ts;
// those taking multipart or raw bodies get scopes of their own.

export interface AmpnetOptions {
  readonly core: Core
  readonly settings: AmpnetSettings
}

/** The AMPnet user service API (docs/api/ampnet.md), as an encapsulated plugin at its prefix. */
export async function ampnetApi(app: FastifyInstance, { core, settings }: AmpnetOptions): Promise<void> {
  app.setErrorHandler(ampnetErrorHandler)
  registerAccess(app, core, ampnetPlaces)
  const deps = { core, settings }
  mountRoutes(app, ampnetRoutes, ampnetContract, deps)
  app.register(async (coopParts) => {
    await coopPartsScope(coopParts, core)
    mountRoutes(coopParts, coopPartRoutes, ampnetContract, deps)
  })
  app.register(async (webhooks) => {
    rawBodyScope(webhooks, core)
    mountRoutes(webhooks, ampnetWebhookRoutes, ampnetContract, deps)
  })
}
