import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type AppError, isAppError } from '../../core/errors.ts'
import { classifyWireFailure, type WireFailure, wireFailureStatus } from './framework-errors.ts'
import { setRetryAfter } from './rate-limit.ts'

/** A status and the body sent with it; no body is an empty response. */
export interface Rendered {
  readonly status: number
  readonly body?: unknown
}

/** How one surface shows each kind of failure; the skeleton around it is shared. */
export interface ErrorFormatter {
  /** A core failure, from the surface's table keyed by every ErrorCode. */
  readonly appError: (error: AppError, request: FastifyRequest) => Rendered
  /** A request Fastify refused before any handler ran; the status is the failure's own. */
  readonly wireFailure: (failure: WireFailure, status: number, request: FastifyRequest) => Rendered
  /** Anything else is a bug: a 500 naming the request id, the cause only logged. */
  readonly unhandled: (request: FastifyRequest) => Rendered
  /** Errors the surface throws itself (e.g. a missing parameter); undefined when not one of them. */
  readonly own?: (error: Error, request: FastifyRequest) => Rendered | undefined
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
    const own = formatter.own?.(error, request)
    if (own !== undefined) return send(reply, own)
    if (isAppError(error)) {
      setRetryAfter(reply, error)
      return send(reply, formatter.appError(error, request))
    }
    const failure = classifyWireFailure(error)
    if (failure !== undefined) {
      return send(reply, formatter.wireFailure(failure, wireFailureStatus[failure], request))
    }
    request.log.error({ err: error }, 'unhandled error')
    return send(reply, formatter.unhandled(request))
  }
}
