import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type AppError, isAppError } from '../../core/errors.ts'
import { classifyWireFailure, type WireFailure, wireFailureStatus } from './framework-errors.ts'
import { setRetryAfter } from './rate-limit.ts'

/** A status and the body sent with it; no body is an empty response. */
export interface Rendered {
  readonly status: number
  readonly body?: unknown
}

/** What a formatter may read of the request (the docs render examples with a made-up one). */
export type RequestInfo = Pick<FastifyRequest, 'id' | 'url'>

/** How one surface shows each kind of failure; the skeleton around it is shared. */
export interface ErrorFormatter {
  /** A core failure, from the surface's table keyed by every ErrorCode. */
  readonly appError: (error: AppError, request: RequestInfo) => Rendered
  /** A request Fastify refused before any handler ran; the status is the failure's own. */
  readonly wireFailure: (failure: WireFailure, status: number, request: RequestInfo) => Rendered
  /** Anything else is a bug: a 500 naming the request id, the cause only logged. */
  readonly unhandled: (request: RequestInfo) => Rendered
  /** Errors the surface throws itself (e.g. a missing parameter); undefined when not one of them. */
  readonly own?: (error: Error, request: RequestInfo) => Rendered | undefined
}

/** The surface's answer to an expected failure; undefined for a bug. */
export function renderError(
  formatter: ErrorFormatter,
  error: Error,
  request: RequestInfo,
): Rendered | undefined {
  const own = formatter.own?.(error, request)
  if (own !== undefined) return own
  if (isAppError(error)) return formatter.appError(error, request)
  const failure = classifyWireFailure(error)
  return failure === undefined
    ? undefined
    : formatter.wireFailure(failure, wireFailureStatus[failure], request)
}

const send = (reply: FastifyReply, { status, body }: Rendered) =>
  body === undefined ? reply.code(status).send() : reply.code(status).send(body)

/** The surface's Fastify error handler. */
export function createErrorHandler(formatter: ErrorFormatter) {
  return function surfaceErrorHandler(
    error: FastifyError | Error,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const rendered = renderError(formatter, error, request)
    if (rendered !== undefined) {
      setRetryAfter(reply, error)
      return send(reply, rendered)
    }
    request.log.error({ err: error }, 'unhandled error')
    return send(reply, formatter.unhandled(request))
  }
}
