import type { Db } from '../../db/database.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import { createPollingWorker } from '../shared/polling-worker.ts'
import { newId } from '../shared/random.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import {
  claimDueWebhookDeliveries,
  type DeliveryRow,
  recordWebhookAttempt,
  releaseWebhookClaims,
} from './webhook-delivery.repository.ts'
import type { StoredWebhookEndpoint } from './webhook-endpoint.repository.ts'
import { findWebhookEndpoint } from './webhook-endpoint.repository.ts'
import type { WebhookSender } from './webhook-sender.ts'
import { signWebhook } from './webhook-signature.ts'

export interface RetryPolicy {
  /** Attempts in all, the first included; then the delivery is marked failed. */
  readonly maxAttempts: number
  readonly baseSeconds: number
  readonly maxSeconds: number
}

export interface WebhookDispatcherDeps {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  readonly secretBox: SecretBox
  readonly send: WebhookSender
  readonly retry: RetryPolicy
  readonly pollSeconds: number
  /** Longest wait for one receiver; a claim lasts this long and a margin more. */
  readonly timeoutMs: number
  readonly batchSize?: number
  /** In [0, 1); tests pass a constant. */
  readonly random?: () => number
}

/**
 * The wait before attempt `attempts + 1`: doubling from `baseSeconds`, capped at `maxSeconds`, of
 * which the upper half is random so that receivers coming back from an outage are not all hit at
 * the same moment by every instance's retries.
 */
export function webhookRetryDelayMs(attempts: number, retry: RetryPolicy, random: number): number {
  const ceilingMs = Math.min(retry.baseSeconds * 2 ** Math.min(attempts - 1, 30), retry.maxSeconds) * 1000
  return Math.round(ceilingMs / 2 + (ceilingMs / 2) * random)
}

export type DeliveryOutcome = 'delivered' | 'retried' | 'failed'

const CLAIM_MARGIN_MS = 30_000

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>

/** Delivers due webhook deliveries: signed POSTs, retried with backoff, claimed across instances. */
export function createWebhookDispatcher(deps: WebhookDispatcherDeps) {
  const { db, clock, log, secretBox, send, retry } = deps
  const workerId = newId()
  const batchSize = deps.batchSize ?? 20
  const random = deps.random ?? Math.random
  const outcomes: Record<DeliveryOutcome, number> = { delivered: 0, retried: 0, failed: 0 }

  async function attempt(
    row: DeliveryRow,
    endpoint: StoredWebhookEndpoint | undefined,
  ): Promise<DeliveryOutcome> {
    const record = (result: Parameters<typeof recordWebhookAttempt>[3]) =>
      recordWebhookAttempt(db, row.id, workerId, result)
    if (endpoint === undefined || !endpoint.enabled) {
      await record({ status: undefined, error: 'endpoint disabled', failedAt: clock.now() })
      return 'failed'
    }
    const at = clock.now()
    const headers = signWebhook(secretBox.open(endpoint.secretSealed), row.event_id, at, row.payload)
    let status: number | undefined
    let error: string | undefined
    try {
      status = await send(endpoint.url, headers, row.payload)
      if (status >= 200 && status < 300) {
        await record({ status, error: undefined, deliveredAt: clock.now() })
        return 'delivered'
      }
      error = `HTTP ${status}`
    } catch (cause) {
      error = (cause instanceof Error ? cause.message : String(cause)).slice(0, 500)
    }
    const attempts = row.attempts + 1
    log.warn(
      { webhookEventId: row.event_id, endpointId: row.endpoint_id, attempts, status, error },
      'webhook delivery failed',
    )
    if (attempts >= retry.maxAttempts) {
      await record({ status, error, failedAt: clock.now() })
      return 'failed'
    }
    const retryAt = new Date(clock.now().getTime() + webhookRetryDelayMs(attempts, retry, random()))
    await record({ status, error, retryAt })
    return 'retried'
  }

  async function pass(): Promise<number> {
    let delivered = 0
    const endpoints = new Map<string, Promise<StoredWebhookEndpoint | undefined>>()
    for (;;) {
      const now = clock.now()
      const lockedUntil = new Date(now.getTime() + deps.timeoutMs + CLAIM_MARGIN_MS)
      const batch = await claimDueWebhookDeliveries(db, { workerId, now, lockedUntil, limit: batchSize })
      // In parallel: one slow receiver must not hold up the others' deliveries.
      const results = await Promise.all(
        batch.map(async (row) => {
          let endpoint = endpoints.get(row.endpoint_id)
          if (endpoint === undefined) {
            endpoint = findWebhookEndpoint(db, row.endpoint_id)
            endpoints.set(row.endpoint_id, endpoint)
          }
          return attempt(row, await endpoint)
        }),
      )
      for (const outcome of results) outcomes[outcome]++
      delivered += results.filter((outcome) => outcome === 'delivered').length
      if (batch.length < batchSize) return delivered
    }
  }

  const worker = createPollingWorker('webhook dispatcher', deps, {
    pass,
    release: () => releaseWebhookClaims(db, workerId),
  })

  return {
    /** Attempts every due delivery now (after a pass under way). Returns how many arrived. */
    deliverDue: (): Promise<number> => worker.runNow(),
    start: (): void => worker.start(),
    stop: (): Promise<void> => worker.stop(),
    /** Attempts since start, by outcome (for metrics). */
    outcomes: outcomes as Readonly<Record<DeliveryOutcome, number>>,
  }
}
