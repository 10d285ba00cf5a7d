import type { SurfaceDoc } from '../docs/openapi.ts'
import { empty, integer, object, query } from '../docs/schemas.ts'
import { describedOperations } from '../shared/route-docs.ts'
import { ampnetContract } from './ampnet.contract.ts'
import {
  ampnetError,
  coop,
  coopPart,
  guarded,
  notMultipart,
  ok,
  open,
  rateLimited,
} from './ampnet.openapi.shapes.ts'
import { ampnetRoutes, ampnetWebhookRoutes } from './ampnet.routes.ts'

// The AMPnet user service's endpoints, with the error bodies ampnet.errors.ts gives them.

// The routes not yet route definitions, described by hand.
const handWritten: SurfaceDoc = {
  title: 'Latchkey: AMPnet user service',
  description:
    '`Authorization: Bearer <jwt>`; any Bearer token sent is verified, on public routes too. Errors: ' +
    '`{description, err_code, message, errors}`, the JWT form without `errors`, a framework form, or an ' +
    'empty body. `GET /me` is shared with Idea Pool: this one answers requests without `X-Access-Token`.',
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  operations: {
    'POST /coop': open(
      { summary: 'Create a coop (reCAPTCHA-gated)', requestBody: coopPart },
      {
        200: ok('The coop', coop),
        400: ampnetError('0110, 1002 or 0808 (0808 also an image over AMPNET_COOP_IMAGE_MAX_BYTES)'),
        403: ampnetError('1003: creation is off (AMPNET_COOP_CREATION)'),
        415: notMultipart,
        429: rateLimited,
        500: ampnetError('0801'),
      },
    ),
    'PUT /coop': guarded(
      { summary: "Change the caller's coop (ADMIN)", requestBody: coopPart },
      { 200: ok('The coop', coop), 404: empty('The coop is gone'), 415: notMultipart },
    ),
    'GET /coop': guarded(
      { summary: "The caller's coop" },
      { 200: ok('The coop', coop), 404: empty('The coop is gone') },
    ),
    'GET /public/app/config/hostname/:hostname': open(
      { summary: 'The coop of a hostname' },
      { 200: ok('The coop', coop), 404: empty('No coop has this hostname') },
    ),
    'GET /public/app/config/identifier/:identifier': open(
      { summary: 'The coop of an identifier, else the default coop' },
      { 200: ok('The coop', coop), 500: ampnetError('1001 the default coop is missing') },
    ),
    'GET /public/user/count': open(
      {
        summary: "A coop's number of users",
        parameters: [query('coop', 'Coop identifier (default coop when absent)')],
      },
      { 200: ok('The count', object({ registered: integer() })) },
    ),
    'GET /public/files/:id/:filename': open(
      { summary: "A coop's logo or banner" },
      {
        200: {
          description: 'The image',
          contentType: 'image/*',
          schema: { type: 'string', contentMediaType: 'image/*' },
        },
        404: empty('No such file'),
      },
    ),
  },
}

export const ampnetDoc: SurfaceDoc = {
  ...handWritten,
  operations: {
    ...handWritten.operations,
    ...describedOperations([...ampnetRoutes, ...ampnetWebhookRoutes], ampnetContract),
  },
}
