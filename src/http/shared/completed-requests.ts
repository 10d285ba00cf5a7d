import { type FastifyReply, type FastifyRequest, LogController } from 'fastify'

type Completion = (request: FastifyRequest, reply: FastifyReply) => void

/**
 * Fastify hands every finished (or failed) response to its log controller's `requestCompleted`,
 * whatever the route. The request log line and the request metrics are recorded there rather than
 * in an onResponse hook: the hook's run measured about a tenth of a `GET /me` (bench/levers.md).
 * Fastify's own request lines stay off; ours replaces them.
 */
export class CompletedRequests extends LogController {
  #listener: Completion | undefined

  constructor() {
    super({ disableRequestLogging: true })
  }

  /** Set once, when the metrics exist (observability.ts). */
  listen(listener: Completion): void {
    this.#listener = listener
  }

  override requestCompleted(
    _error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    this.#listener?.(request, reply)
  }
}
