import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import { addTo, type Tally, tallyOf, tallyText } from './request-tally.ts'

/** Values computed on scrape, through the core; the optional ones plug in when the core has them. */
export interface MetricsSources {
  readonly activeSessions: () => Promise<number>
  readonly outboxBacklog: () => Promise<number>
  /** Password hashes waiting for an Argon2 worker. */
  readonly argon2QueueDepth?: () => number
  /** Requests refused by rate limiting since start (a counter). */
  readonly rateLimitRejections?: () => number
  /** Requests let through because the rate-limit store (Redis) failed, since start (a counter). */
  readonly rateLimitStoreFailures?: () => number
  /** Webhook delivery attempts since start, by outcome (counters). */
  readonly webhookDeliveries?: () => Readonly<Record<string, number>>
}

/** The series of one route and status, resolved once and reused by every later request. */
interface StatusSeries {
  readonly tally: Tally
  readonly signIn: Counter.Internal | undefined
}

interface RouteSeries {
  readonly method: string
  readonly route: string
  readonly signInSurface: string | undefined
  readonly byStatus: Map<number, StatusSeries>
}

const UNMATCHED = '(unmatched)'

/** A gauge whose value is read from its source on every scrape. */
function scrapedGauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | Promise<number>,
): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read())
    },
  })
}

/** A counter kept by its source (a total since start), copied on every scrape. */
function scrapedCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset()
      this.inc(read())
    },
  })
}

export type HttpMetrics = ReturnType<typeof createHttpMetrics>

/**
 * One registry per server (tests build many): request counts and latencies per route pattern and
 * status, sign-ins per surface, and gauges read on scrape.
 */
export function createHttpMetrics(
  sources: MetricsSources,
  /** `POST /token` → `ampnet`: the surface of a sign-in route (full path), asked once per route. */
  signInSurfaceOf: (methodAndUrl: string) => string | undefined,
) {
  const registry = new Registry()
  const signIns = new Counter({
    name: 'latchkey_sign_ins_total',
    help: 'Password and social sign-in attempts by surface and outcome (success, failure: any 4xx or 5xx)',
    labelNames: ['surface', 'outcome'] as const,
    registers: [registry],
  })
  const gauges = [
    ['latchkey_active_sessions', 'Sessions neither ended nor expired', sources.activeSessions],
    ['latchkey_mail_outbox_backlog', 'Mails in the outbox not yet sent', sources.outboxBacklog],
    ['latchkey_argon2_queue_depth', 'Password hashes waiting for an Argon2 worker', sources.argon2QueueDepth],
  ] as const
  for (const [name, help, read] of gauges) if (read !== undefined) scrapedGauge(registry, name, help, read)
  const counters = [
    [
      'latchkey_rate_limit_rejections_total',
      'Requests refused by rate limiting',
      sources.rateLimitRejections,
    ],
    [
      'latchkey_rate_limit_store_failures_total',
      'Requests let through unlimited because the rate-limit store (Redis) failed (fail-open)',
      sources.rateLimitStoreFailures,
    ],
  ] as const
  for (const [name, help, read] of counters)
    if (read !== undefined) scrapedCounter(registry, name, help, read)
  const { webhookDeliveries } = sources
  if (webhookDeliveries !== undefined) {
    new Counter({
      name: 'latchkey_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome (delivered, retried: will be tried again, failed: given up)',
      labelNames: ['outcome'] as const,
      registers: [registry],
      collect() {
        this.reset()
        for (const [outcome, count] of Object.entries(webhookDeliveries())) this.inc({ outcome }, count)
      },
    })
  }

  // Keyed by the route's own config object, which Fastify keeps for the route's lifetime.
  const routes = new WeakMap<object, RouteSeries>()
  const unmatched = new Map<string, RouteSeries>()
  const tallies: Tally[] = []

  function routeSeries(request: FastifyRequest): RouteSeries {
    const { config, url } = request.routeOptions
    const method = request.method
    if (url === undefined) {
      let series = unmatched.get(method)
      if (series === undefined) {
        series = { method, route: UNMATCHED, signInSurface: undefined, byStatus: new Map() }
        unmatched.set(method, series)
      }
      return series
    }
    let series = routes.get(config)
    if (series === undefined) {
      series = { method, route: url, signInSurface: signInSurfaceOf(`${method} ${url}`), byStatus: new Map() }
      routes.set(config, series)
    }
    return series
  }

  function statusSeries(route: RouteSeries, status: number): StatusSeries {
    let series = route.byStatus.get(status)
    if (series === undefined) {
      const outcome = status < 400 ? 'success' : 'failure'
      series = {
        tally: tallyOf(route.method, route.route, status),
        signIn:
          route.signInSurface === undefined
            ? undefined
            : signIns.labels({ surface: route.signInSurface, outcome }),
      }
      route.byStatus.set(status, series)
      tallies.push(series.tally)
    }
    return series
  }

  return {
    registry,
    /** The request counts and durations, in the text format (prom-client has the rest). */
    requestsText: () => tallyText(tallies),
    /** Records a finished request; returns its route pattern for the log line. */
    record(request: FastifyRequest, reply: FastifyReply): string {
      const route = routeSeries(request)
      const series = statusSeries(route, reply.statusCode)
      addTo(series.tally, reply.elapsedTime / 1000)
      series.signIn?.inc()
      return route.route
    },
  }
}

let processRegistry: Registry | undefined

/**
 * prom-client's process and Node.js metrics (CPU, memory, open handles, event-loop lag, GC): one set
 * per process, however many servers it builds, since each set starts its own event-loop monitor.
 */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

/** `GET /metrics`, behind `Authorization: Bearer <token>` when a token is configured. */
export function metricsRoute(app: FastifyInstance, metrics: HttpMetrics, token: string | undefined): void {
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`)
  app.get('/metrics', async (request, reply) => {
    if (expected !== undefined && !bearerMatches(request.headers.authorization, expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized' })
    }
    const text = `${metrics.requestsText()}\n${await Registry.merge([metrics.registry, processMetrics()]).metrics()}`
    return reply.type(metrics.registry.contentType).send(text)
  })
}

// Digests of equal length, so the comparison takes the same time whatever the header's length.
const digest = (text: string) => createHash('sha256').update(text).digest()

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  return typeof header === 'string' && timingSafeEqual(digest(header), expected)
}
