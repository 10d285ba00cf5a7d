import type { FastifyRequest } from 'fastify'

// Request-log fields for the root logger (server.ts): any surface's URL may carry a secret there.

/** A URL for the logs with every `token=` query value masked: the users surface takes its JWT there. */
export function redactQueryToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[Redacted]')
}

/** Fastify's default request log fields, with the URL passed through redactQueryToken. */
export function requestLogFields(request: FastifyRequest) {
  const remotePort = request.socket?.remotePort
  return {
    method: request.method,
    url: redactQueryToken(request.url),
    host: request.host,
    remoteAddress: request.ip,
    ...(remotePort !== undefined && { remotePort }),
  }
}
