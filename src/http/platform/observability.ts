import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config/config.ts'
import type { Core } from '../../core/core.ts'
import type { Clock } from '../../core/shared/clock.ts'
import { docsRoutes, SURFACE_DOCS } from '../docs/docs.routes.ts'
import { type RouteCollector, signInRoutesOf } from '../docs/openapi.ts'
import type { CompletedRequests } from '../shared/completed-requests.ts'
import { decorateLoggedCaller, logCompletedRequest } from '../shared/request-log.ts'
import { createHttpMetrics, type MetricsSources, metricsRoute } from './metrics.ts'

/** Getters the core may offer later (another change adds them); each becomes a metric when given. */
export type OptionalMetricsSources = Pick<
  MetricsSources,
  'argon2QueueDepth' | 'rateLimitRejections' | 'rateLimitStoreFailures'
>

export interface ObservabilityOptions {
  readonly core: Core
  readonly config: Config
  readonly collector: RouteCollector
  /** The server's log controller, which Fastify tells of every finished response. */
  readonly completed: CompletedRequests
  readonly sources?: OptionalMetricsSources
}

/** `read`, answered from its last result for `seconds` (a failed read is not kept). */
function remembered(read: () => Promise<number>, seconds: number, clock: Clock): () => Promise<number> {
  let last: { atMs: number; value: Promise<number> } | undefined
  return () => {
    const nowMs = clock.now().getTime()
    if (last === undefined || nowMs - last.atMs >= seconds * 1000) {
      const value = read()
      const entry = { atMs: nowMs, value }
      last = entry
      value.catch(() => {
        if (last === entry) last = undefined
      })
    }
    return last.value
  }
}

/**
 * The request log line and the request metrics (both told by the server's log controller, for
 * every response), `GET /metrics` and the API docs.
 */
export function registerObservability(
  app: FastifyInstance,
  { core, config, collector, completed, sources }: ObservabilityOptions,
): void {
  decorateLoggedCaller(app)
  const { metricsEnabled, metricsToken, docsEnabled, metricsGaugeSeconds } = config.observability
  // Each gauge is a COUNT over a table that grows with the installation: scrapes, or anyone who
  // can reach an open /metrics, reuse a recent answer instead of querying each time.
  const recent = (read: () => Promise<number>) => remembered(read, metricsGaugeSeconds, core.clock)
  let signIns: ReadonlyMap<string, string> | undefined
  const metrics = metricsEnabled
    ? createHttpMetrics(
        {
          activeSessions: recent(() => core.sessions.sessions.countOpen()),
          outboxBacklog: recent(() => core.mail.mailOutbox.backlog()),
          webhookDeliveries: () => core.ops.webhookDispatcher.outcomes,
          ...sources,
        },
        // Asked on a route's first request, when every surface has registered its routes.
        (route) => {
          signIns ??= signInRoutesOf(collector, SURFACE_DOCS)
          return signIns.get(route)
        },
      )
    : undefined
  completed.listen((request, reply) => {
    const route = metrics === undefined ? request.routeOptions.url : metrics.record(request, reply)
    logCompletedRequest(request, reply, route)
  })
  if (metrics !== undefined) metricsRoute(app, metrics, metricsToken)
  if (docsEnabled) app.register(docsRoutes, { collector })
}
