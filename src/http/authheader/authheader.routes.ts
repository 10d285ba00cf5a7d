import { actorOf } from '../shared/authenticate.ts'
import { defineRoute } from '../shared/define-route.ts'
import { refusalDocs } from '../shared/refusal-docs.ts'
import { unauthorized } from './authheader.docs.ts'
import { apiKeyRoutes } from './authheader.keys.routes.ts'
import { sessionRoutes } from './authheader.session.routes.ts'
import { messageSchema, usernameOf } from './authheader.wire.ts'

// `/test/*`: probes for checking a credential.

const unsecure = defineRoute({
  method: 'GET',
  path: '/test/unsecure',
  auth: 'none',
  schema: { response: { 200: messageSchema('Always', 'Hi anonymous') } },
  doc: { summary: 'Probe without a credential', errors: {} },
  handler: async () => ({ message: 'Hi anonymous' }),
})

const secure = defineRoute({
  method: 'GET',
  path: '/test/secure',
  auth: 'required',
  keys: true,
  // Failed API-key checks are counted per client by core.identity.access; past the budget every key (even a
  // valid one) is refused.
  limit: 'apiKeyFailures',
  schema: { response: { 200: messageSchema('The caller', 'Hi <username>') } },
  doc: {
    summary: 'Probe with a credential',
    security: ['bearer', 'apiKey'],
    errors: {
      401: unauthorized,
      429: refusalDocs.limitedAs('Too many failed API-key checks from this client (X-Authorization only)'),
    },
  },
  handler: async (request) => ({ message: `Hi ${usernameOf(actorOf(request).user)}` }),
})

/** Every authheader route, in the order they are registered and documented. */
export const authheaderRoutes = [...sessionRoutes, ...apiKeyRoutes, unsecure, secure]
