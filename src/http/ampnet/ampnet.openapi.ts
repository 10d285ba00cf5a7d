import type { SurfaceDoc } from '../docs/openapi.ts'
import { describedOperations } from '../shared/route-docs.ts'
import { ampnetContract } from './ampnet.contract.ts'
import { ampnetRoutes, ampnetWebhookRoutes, coopPartRoutes } from './ampnet.routes.ts'

// The AMPnet user service's endpoints, with the error bodies ampnet.errors.ts gives them.

// The routes not yet route definitions, described by hand.
const handWritten: SurfaceDoc = {
  title: 'Latchkey: AMPnet user service',
  description:
    '`Authorization: Bearer <jwt>`; any Bearer token sent is verified, on public routes too. Errors: ' +
    '`{description, err_code, message, errors}`, the JWT form without `errors`, a framework form, or an ' +
    'empty body. `GET /me` is shared with Idea Pool: this one answers requests without `X-Access-Token`.',
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  operations: {},
}

export const ampnetDoc: SurfaceDoc = {
  ...handWritten,
  operations: {
    ...handWritten.operations,
    ...describedOperations([...ampnetRoutes, ...coopPartRoutes, ...ampnetWebhookRoutes], ampnetContract),
  },
}
