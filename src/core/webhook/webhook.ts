import type { AuditDetails, AuditEventType } from '../audit/audit.ts'

/** A tenant's receiver of webhook events. Its signing secret is shown once, when it is made. */
export interface WebhookEndpoint {
  readonly id: string
  readonly tenantId: string
  readonly url: string
  /** The event types sent; undefined: every event. */
  readonly eventTypes: readonly AuditEventType[] | undefined
  readonly enabled: boolean
  readonly createdAt: Date
}

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed'

/** One event on its way to one endpoint: a line of the delivery log. */
export interface WebhookDelivery {
  /** The receiver's `webhook-id`, the same for every endpoint of the event and every attempt. */
  readonly eventId: string
  readonly endpointId: string
  readonly eventType: string
  readonly state: WebhookDeliveryState
  readonly attempts: number
  /** The HTTP status of the last attempt; undefined when it got no answer. */
  readonly lastStatus: number | undefined
  readonly lastError: string | undefined
  /** When the next attempt is due; undefined once delivered or failed. */
  readonly nextAttemptAt: Date | undefined
  readonly createdAt: Date
  readonly deliveredAt: Date | undefined
  readonly failedAt: Date | undefined
  /** The JSON body sent to the receiver. */
  readonly payload: string
}

export interface WebhookDeliveryPage {
  readonly deliveries: readonly WebhookDelivery[]
  readonly page: number
  readonly totalPages: number
}

/** What an audit event becomes on the wire: ids and non-secret facts, no e-mail, IP or user agent. */
export interface WebhookEventInput {
  readonly id: string
  readonly type: AuditEventType
  readonly tenantId: string
  readonly actorUserId: string | undefined
  readonly subjectUserId: string | undefined
  readonly details: AuditDetails | undefined
  readonly occurredAt: Date
}

/** The body, in the Standard Webhooks shape: `type`, `timestamp`, `data`. */
export function webhookPayload(event: WebhookEventInput): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      tenant_id: event.tenantId,
      user_id: event.subjectUserId ?? event.actorUserId ?? null,
      actor_user_id: event.actorUserId ?? null,
      details: event.details ?? {},
    },
  })
}
