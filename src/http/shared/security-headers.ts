import type { FastifyReply } from 'fastify'

const HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  // For HTTP/1.0 caches, as AMPnet's original sent them.
  pragma: 'no-cache',
  expires: '0',
} as const

/**
 * Every response's defaults, set as the request arrives (server.ts) and by the router's own error
 * answers, which come before any hook; a route that sets one of these headers replaces it.
 */
export function applySecurityHeaders(reply: FastifyReply): void {
  reply.headers(HEADERS)
}
