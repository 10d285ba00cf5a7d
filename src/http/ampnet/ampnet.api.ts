import { defineSurface } from '../shared/surface.ts'
import { ampnetPlaces } from './ampnet.auth.ts'
import { ampnetContract } from './ampnet.contract.ts'
import { ampnetMultipartRoutes, ampnetRoutes, ampnetWebhookRoutes } from './ampnet.routes.ts'
import type { AmpnetSettings } from './ampnet.wire.ts'
import { coopPartsScope } from './coop/ampnet.coop.routes.ts'
import { rawBodyScope } from './kyc/ampnet.raw-body.ts'

// The access hook judges the Bearer token in onRequest, before anything else (the original's
// order); the routes taking multipart or raw bodies get child scopes of their own.

/** The AMPnet user service API (docs/api/ampnet.md), as an encapsulated plugin at its prefix. */
export const { doc: ampnetDoc, plugin: ampnetApi } = defineSurface<AmpnetSettings>('ampnetApi', {
  title: 'Latchkey: AMPnet user service',
  description:
    '`Authorization: Bearer <jwt>`; any Bearer token sent is verified, on public routes too. Errors: ' +
    '`{description, err_code, message, errors}`, the JWT form without `errors`, a framework form, or an ' +
    'empty body. `GET /me` is shared with Idea Pool: this one answers requests without `X-Access-Token`.',
  contract: ampnetContract,
  places: ampnetPlaces,
  routes: ampnetRoutes,
  scopes: [
    { prepare: coopPartsScope, routes: ampnetMultipartRoutes },
    { prepare: rawBodyScope, routes: ampnetWebhookRoutes },
  ],
})
