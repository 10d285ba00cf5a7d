import type { FastifyReply, FastifyRequest } from 'fastify'

export interface CorsPolicy {
  /** `*`, or the origins whose scripts may read responses. */
  readonly origins: '*' | readonly string[]
  /** The request headers and methods a preflight allows. */
  readonly allowedHeaders: readonly string[]
  readonly methods: readonly string[]
}

/**
 * CORS as @fastify/cors answered it for Latchkey's settings (no credentials, no exposed headers,
 * strict preflights answered 204 before any route), as a function for the request's first hook.
 * The plugin's own hook rebuilt its options and the route's options on every request: about a
 * tenth of a `GET /me` (bench/levers.md). Returns true when it answered (a preflight).
 */
export function corsOf(policy: CorsPolicy): (request: FastifyRequest, reply: FastifyReply) => boolean {
  const listed = policy.origins === '*' ? undefined : new Set(policy.origins)
  const allowedHeaders = policy.allowedHeaders.join(', ')
  const methods = policy.methods.join(', ')
  return (request, reply) => {
    const { origin } = request.headers
    if (listed === undefined) reply.header('access-control-allow-origin', '*')
    else {
      // The answer depends on the Origin: a cache must keep one per origin.
      reply.header('vary', 'Origin')
      if (origin !== undefined && listed.has(origin)) reply.header('access-control-allow-origin', origin)
    }
    if (request.raw.method !== 'OPTIONS') return false
    if (!origin || !request.headers['access-control-request-method']) {
      reply.code(400).type('text/plain').send('Invalid Preflight Request')
      return true
    }
    reply
      .header('access-control-allow-methods', methods)
      .header('access-control-allow-headers', allowedHeaders)
      .code(204)
      .header('content-length', '0')
      .send()
    return true
  }
}
