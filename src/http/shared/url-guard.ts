import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { MalformedUrlError } from './framework-errors.ts'
import { applySecurityHeaders } from './security-headers.ts'

// PostgreSQL refuses U+0000 in text, so a NUL reaching a query would be a 500 on one database and
// a stored oddity on the other. No identifier, email or token needs one: refuse it at the door.
const hasNul = (url: string): boolean => url.includes('\u0000') || url.includes('%00')

/**
 * The refusal of a path or query carrying NUL (raw or `%00`): a 400 that the route's surface renders
 * in its own format. An unknown route keeps its plain 404.
 */
export function urlRefusal(request: FastifyRequest): MalformedUrlError | undefined {
  if (request.is404 || !hasNul(request.url)) return undefined
  return new MalformedUrlError('NUL in URL')
}

/**
 * Fastify's `frameworkErrors`: failures of the router itself, before any surface is chosen (a
 * path segment that does not decode, a parameter over `maxParamLength`). Answered in the root's
 * own format, as for an unknown route, instead of Fastify's internal codes.
 */
export function routerErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  applySecurityHeaders(reply)
  const path = request.url.split('?')[0]
  if (error.code === 'FST_ERR_BAD_URL') {
    reply.code(400).send({ error: 'bad_request', message: `Path ${path} is not a valid URL` })
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.code(414).send({ error: 'uri_too_long', message: 'A path segment is too long' })
  } else {
    request.log.error({ err: error }, 'router error')
    reply.code(500).send({ error: 'internal', message: `Internal server error (request ${request.id})` })
  }
}
