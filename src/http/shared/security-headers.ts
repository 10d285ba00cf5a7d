import type { FastifyInstance } from 'fastify'

const HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  // For HTTP/1.0 caches, as AMPnet's original sent them.
  pragma: 'no-cache',
  expires: '0',
}

const NAMES = Object.keys(HEADERS) as (keyof typeof HEADERS)[]

/** Every response, errors and 404s included (specs README, point 7). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise per request (measured, see bench/levers.md).
  app.addHook('onSend', (_request, reply, payload, done) => {
    for (const name of NAMES) {
      if (!reply.hasHeader(name)) reply.header(name, HEADERS[name])
    }
    done(null, payload)
  })
}
