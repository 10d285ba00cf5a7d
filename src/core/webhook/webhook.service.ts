import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog, type RecordedAuditEvent } from '../audit/audit.service.ts'
import { type AuditEventType, auditEventTypes } from '../audit/audit.ts'
import { validationError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { assertPaging } from '../shared/paging.ts'
import { newId } from '../shared/random.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { type WebhookDeliveryPage, type WebhookEndpoint, webhookPayload } from './webhook.ts'
import {
  findWebhookDeliveryPage,
  insertWebhookDeliveries,
  retryFailedWebhookDelivery,
} from './webhook-delivery.repository.ts'
import {
  deleteWebhookEndpoint,
  findEnabledEndpointFilters,
  insertWebhookEndpoint,
  listWebhookEndpointsOfTenant,
  updateWebhookEndpointDisabled,
} from './webhook-endpoint.repository.ts'
import { newWebhookSecret } from './webhook-signature.ts'
import { type TargetPolicy, webhookUrlProblems } from './webhook-url.ts'

// Every audited change of a tenant fans out to its endpoints in the change's transaction: a bound
// on how much work one change can cause.
export const MAX_ENDPOINTS_PER_TENANT = 20

export interface WebhookServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly secretBox: SecretBox
  readonly targets: TargetPolicy
  /** Records endpoint changes; the audit log itself fans out to this service, so it comes late. */
  readonly audit?: AuditRecorder
}

export interface NewWebhookEndpoint {
  readonly tenantId: string
  readonly url: string
  /** Undefined or empty: every event type. */
  readonly eventTypes?: readonly string[] | undefined
  /** Who adds it (the console's ADMIN); undefined for an operator at the CLI. */
  readonly actorUserId?: string | undefined
}

export type WebhookService = ReturnType<typeof createWebhookService>

const notAnEndpoint = () =>
  validationError([{ field: 'id', problem: 'is not a webhook endpoint of this tenant' }])

function checkedEventTypes(types: readonly string[] | undefined): AuditEventType[] | undefined {
  if (types === undefined || types.length === 0) return undefined
  const known = new Set<string>(auditEventTypes)
  const unknown = types.filter((type) => !known.has(type))
  if (unknown.length > 0)
    throw validationError([
      { field: 'eventTypes', problem: `has unknown event types: ${unknown.join(', ')}` },
    ])
  return [...new Set(types)] as AuditEventType[]
}

/** A tenant's webhook endpoints, the delivery log, and the fan-out of audit events to them. */
export function createWebhookService({
  db,
  clock,
  secretBox,
  targets,
  audit = noAuditLog,
}: WebhookServiceDeps) {
  const recordChange = (
    type: 'webhook.added' | 'webhook.removed' | 'webhook.enabled' | 'webhook.disabled' | 'webhook.retried',
    change: { tenantId: string; actorUserId: string | undefined; endpointId: string; eventId?: string },
    executor?: Db,
  ) =>
    audit.record(
      {
        type,
        tenantId: change.tenantId,
        actorUserId: change.actorUserId,
        details: {
          endpoint_id: change.endpointId,
          ...(change.eventId !== undefined && { event_id: change.eventId }),
        },
      },
      executor,
    )

  return {
    /**
     * Adds an endpoint and returns it with its signing secret, which is shown this once.
     * @throws {AppError} validation_failed for a refused URL, unknown event types or too many endpoints
     */
    async add(input: NewWebhookEndpoint): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      const problems = webhookUrlProblems(input.url, targets)
      if (problems.length > 0) throw validationError(problems)
      const eventTypes = checkedEventTypes(input.eventTypes)
      const secret = newWebhookSecret()
      const endpoint: WebhookEndpoint = {
        id: newId(),
        tenantId: input.tenantId,
        url: input.url,
        eventTypes,
        enabled: true,
        createdAt: clock.now(),
      }
      await db.transaction().execute(async (trx) => {
        const existing = await listWebhookEndpointsOfTenant(trx, input.tenantId)
        if (existing.length >= MAX_ENDPOINTS_PER_TENANT)
          throw validationError([
            {
              field: 'url',
              problem: `cannot be added: a tenant has at most ${MAX_ENDPOINTS_PER_TENANT} endpoints`,
            },
          ])
        // Recorded first: the coop's other endpoints hear of the new one, the new one starts after.
        await recordChange(
          'webhook.added',
          { tenantId: input.tenantId, actorUserId: input.actorUserId, endpointId: endpoint.id },
          trx,
        )
        await insertWebhookEndpoint(trx, { ...endpoint, secretSealed: secretBox.seal(secret) })
      })
      return { endpoint, secret }
    },

    /** The tenant's endpoints, oldest first, without their secrets. */
    async list(tenantId: string): Promise<WebhookEndpoint[]> {
      const stored = await listWebhookEndpointsOfTenant(db, tenantId)
      return stored.map(({ secretSealed: _sealed, ...endpoint }) => endpoint)
    },

    /**
     * Removes the endpoint with its delivery log; pending deliveries to it are dropped.
     * @throws {AppError} validation_failed when it is not one of the tenant's endpoints
     */
    async remove(tenantId: string, endpointId: string, actorUserId?: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await deleteWebhookEndpoint(trx, tenantId, endpointId))) throw notAnEndpoint()
        await recordChange('webhook.removed', { tenantId, actorUserId, endpointId }, trx)
      })
    },

    /**
     * Switches an endpoint on or off: a disabled endpoint gets no new events, and its pending
     * deliveries fail at their next attempt.
     * @throws {AppError} validation_failed when it is not one of the tenant's endpoints
     */
    async setEnabled(
      tenantId: string,
      endpointId: string,
      enabled: boolean,
      actorUserId?: string,
    ): Promise<void> {
      const disabledAt = enabled ? undefined : clock.now()
      await db.transaction().execute(async (trx) => {
        if (!(await updateWebhookEndpointDisabled(trx, tenantId, endpointId, disabledAt)))
          throw notAnEndpoint()
        await recordChange(
          enabled ? 'webhook.enabled' : 'webhook.disabled',
          { tenantId, actorUserId, endpointId },
          trx,
        )
      })
    },

    /**
     * Sends a failed delivery again at the dispatcher's next pass: one more attempt, with the same
     * `webhook-id` and body (a receiver drops it if it had it after all).
     * @throws {AppError} validation_failed when it is not a failed delivery of the tenant
     */
    async retryNow(
      tenantId: string,
      delivery: { eventId: string; endpointId: string },
      actorUserId?: string,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const retried = await retryFailedWebhookDelivery(trx, tenantId, { ...delivery, now: clock.now() })
        if (!retried)
          throw validationError([{ field: 'id', problem: 'is not a failed delivery of this tenant' }])
        await recordChange('webhook.retried', { tenantId, actorUserId, ...delivery }, trx)
      })
    },

    /**
     * One page of the tenant's delivery log (of one endpoint, if given), newest first.
     * @throws {AppError} validation_failed for a page or size out of range
     */
    async deliveries(
      tenantId: string,
      request: { endpointId?: string | undefined; page: number; size: number },
    ): Promise<WebhookDeliveryPage> {
      assertPaging(request)
      const { deliveries, total } = await findWebhookDeliveryPage(db, tenantId, {
        endpointId: request.endpointId,
        page: request.page,
        size: request.size,
      })
      return { deliveries, page: request.page, totalPages: Math.ceil(total / request.size) }
    },

    /**
     * Writes one delivery per enabled endpoint that wants the event, with `executor`: the audited
     * change's transaction, so that the deliveries exist exactly when the change was committed.
     */
    async enqueue(executor: Db, event: RecordedAuditEvent): Promise<void> {
      if (event.tenantId === undefined) return
      const { tenantId } = event
      const endpoints = await findEnabledEndpointFilters(executor, tenantId)
      const wanting = endpoints.filter(
        ({ eventTypes }) => eventTypes === undefined || eventTypes.includes(event.type),
      )
      if (wanting.length === 0) return
      const eventId = newId()
      const payload = webhookPayload({ ...event, id: eventId, tenantId })
      await insertWebhookDeliveries(
        executor,
        wanting.map(({ id }) => ({
          endpointId: id,
          tenantId,
          eventId,
          eventType: event.type,
          payload,
          at: event.occurredAt,
        })),
      )
    },
  }
}
