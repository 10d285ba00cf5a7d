import { isIPv6 } from 'node:net'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RateCategory } from '../../core/abuse/abuse-guard.ts'
import type { Core } from '../../core/core.ts'
import { type AppError, isAppError } from '../../core/errors.ts'

/** Expands an IPv6 address into its eight 16-bit groups (`::` filled, an embedded IPv4 as two). */
function ipv6Groups(address: string): number[] {
  const [head = '', tail] = address.split('::')
  const parse = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)]
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number)
          return [a * 256 + b, c * 256 + d]
        })
  const front = parse(head)
  const back = tail === undefined ? [] : parse(tail)
  return [...front, ...new Array<number>(Math.max(8 - front.length - back.length, 0)).fill(0), ...back]
}

/**
 * Who is counted: the client's IPv4 address, or its IPv6 /64 (one subscriber usually holds a whole
 * /64, so single addresses would cost an attacker nothing). `request.ip` follows TRUST_PROXY.
 */
export function clientKeyOf(ip: string): string {
  if (!ip.includes(':')) return ip
  const address = ip.split('%')[0] ?? ip
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1] !== undefined) return mapped[1]
  if (!isIPv6(address)) return ip
  const groups = ipv6Groups(address)
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`
}

export const clientOf = (request: FastifyRequest): string => clientKeyOf(request.ip)

/** The limits that guard a route rather than a use case: inbound webhooks, refused OIDC token requests. */
export type RouteLimit = Extract<RateCategory, 'webhook' | 'oidcTokenFailures'>

/**
 * Counts one request of a route-level limit from this client. The use cases (sign-in, sign-up,
 * refresh, reset...) take `clientOf(request)` and count themselves.
 * @throws {AppError} rate_limited
 */
export function limitRoute(core: Core, request: FastifyRequest, limit: RouteLimit): Promise<void> {
  return core.ops.abuse.limit(limit, clientOf(request))
}

/** The `Retry-After` of a refusal that says when to come back (rate_limited, server_busy). */
export function setRetryAfter(reply: FastifyReply, error: unknown): void {
  const seconds = isAppError(error) ? error.details.retryAfterSeconds : undefined
  if (seconds !== undefined) reply.header('retry-after', String(seconds))
}

/** The surfaces' sentences for the two refusals that carry a Retry-After. */
export function tooManyRequestsText(error: AppError): string {
  const seconds = error.details.retryAfterSeconds ?? 1
  return `Too many requests, try again in ${seconds} second${seconds === 1 ? '' : 's'}`
}
export const SERVER_BUSY_TEXT = 'Server is busy, try again shortly'
