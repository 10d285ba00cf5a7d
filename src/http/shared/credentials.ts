import type { FastifyRequest } from 'fastify'

/** One header's value, or undefined when absent, empty or sent more than once. */
export function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}
