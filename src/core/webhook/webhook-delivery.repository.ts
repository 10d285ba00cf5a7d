import { type Selectable, sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { findPage } from '../../db/page.ts'
import type { WebhookDeliveryTable } from '../../db/schema.ts'
import { claimDueRows, heldBy, releaseClaims, type WorkQueue } from '../../db/work-queue.ts'
import type { WebhookDelivery } from './webhook.ts'

export type DeliveryRow = Selectable<WebhookDeliveryTable>

const deliveryQueue: WorkQueue<'webhook_deliveries'> = {
  table: 'webhook_deliveries',
  doneColumns: ['delivered_at', 'failed_at'],
}

const dateOf = (ms: number | null) => (ms === null ? undefined : new Date(Number(ms)))

function toDelivery(row: DeliveryRow): WebhookDelivery {
  const done = row.delivered_at !== null || row.failed_at !== null
  return {
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    eventType: row.event_type,
    state: row.delivered_at !== null ? 'delivered' : row.failed_at !== null ? 'failed' : 'pending',
    attempts: row.attempts,
    lastStatus: row.last_status ?? undefined,
    lastError: row.last_error ?? undefined,
    nextAttemptAt: done ? undefined : dateOf(row.next_attempt_at),
    createdAt: new Date(Number(row.created_at)),
    deliveredAt: dateOf(row.delivered_at),
    failedAt: dateOf(row.failed_at),
    payload: row.payload,
  }
}

export async function insertWebhookDeliveries(
  db: Db,
  deliveries: readonly {
    endpointId: string
    tenantId: string
    eventId: string
    eventType: string
    payload: string
    at: Date
  }[],
): Promise<void> {
  if (deliveries.length === 0) return
  await db
    .insertInto('webhook_deliveries')
    .values(
      deliveries.map((delivery) => ({
        id: `${delivery.eventId}.${delivery.endpointId}`,
        tenant_id: delivery.tenantId,
        endpoint_id: delivery.endpointId,
        event_id: delivery.eventId,
        event_type: delivery.eventType,
        payload: delivery.payload,
        attempts: 0,
        next_attempt_at: delivery.at.getTime(),
        claimed_by: null,
        locked_until: null,
        last_status: null,
        last_error: null,
        created_at: delivery.at.getTime(),
        delivered_at: null,
        failed_at: null,
      })),
    )
    .execute()
}

/** Claims due deliveries for `workerId` until `lockedUntil`, oldest first (see claimDueRows). */
export function claimDueWebhookDeliveries(
  db: Db,
  claim: { workerId: string; now: Date; lockedUntil: Date; limit: number },
): Promise<DeliveryRow[]> {
  return claimDueRows(db, deliveryQueue, claim)
}

export function releaseWebhookClaims(db: Db, workerId: string): Promise<void> {
  return releaseClaims(db, deliveryQueue, workerId)
}

/**
 * Records an attempt of a delivery `workerId` holds: delivered (`deliveredAt`), to be retried
 * (`retryAt`) or given up (`failedAt`).
 */
export async function recordWebhookAttempt(
  db: Db,
  id: string,
  workerId: string,
  attempt: {
    status: number | undefined
    error: string | undefined
    deliveredAt?: Date
    retryAt?: Date
    failedAt?: Date
  },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_status: attempt.status ?? null,
      last_error: attempt.error ?? null,
      locked_until: null,
      ...(attempt.retryAt && { next_attempt_at: attempt.retryAt.getTime() }),
      ...(attempt.deliveredAt && { delivered_at: attempt.deliveredAt.getTime() }),
      ...(attempt.failedAt && { failed_at: attempt.failedAt.getTime() }),
    }))
    .where(heldBy(id, workerId))
    .execute()
}

/** One page of the tenant's deliveries (of one endpoint, if given), newest first, and the total. */
export async function findWebhookDeliveryPage(
  db: Db,
  tenantId: string,
  request: { endpointId: string | undefined; page: number; size: number },
): Promise<{ deliveries: WebhookDelivery[]; total: number }> {
  const scope = db
    .selectFrom('webhook_deliveries')
    .where('tenant_id', '=', tenantId)
    .$if(request.endpointId !== undefined, (query) =>
      query.where('endpoint_id', '=', request.endpointId ?? ''),
    )
  const { rows, total } = await findPage(
    scope,
    (query) => query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'),
    request,
  )
  return { deliveries: rows.map(toDelivery), total }
}

/**
 * Replaces an erased user's id by their pseudonym in the delivery log's bodies, as the audit log
 * does; a delivery still pending then sends the pseudonym. Ids are UUIDs: no LIKE wildcard in them.
 */
export async function pseudonymiseWebhookDeliveries(
  db: Db,
  userId: string,
  pseudonym: string,
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ payload: sql<string>`replace(payload, ${userId}, ${pseudonym})` })
    .where('payload', 'like', `%${userId}%`)
    .execute()
}

/**
 * Makes a failed delivery of the tenant due now: the dispatcher's next pass attempts it once more
 * (and marks it failed again if that attempt fails too). false when there is no such failed delivery.
 */
export async function retryFailedWebhookDelivery(
  db: Db,
  tenantId: string,
  delivery: { eventId: string; endpointId: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ failed_at: null, next_attempt_at: delivery.now.getTime(), locked_until: null })
    .where('id', '=', `${delivery.eventId}.${delivery.endpointId}`)
    .where('tenant_id', '=', tenantId)
    .where('failed_at', 'is not', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
