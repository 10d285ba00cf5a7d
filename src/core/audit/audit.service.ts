import type { Db } from '../../db/database.ts'
import type { Clock } from '../shared/clock.ts'
import { assertPaging } from '../shared/paging.ts'
import { findAuditPage, insertAuditEvent } from './audit.repository.ts'
import type { AuditEventInput, AuditFilter, AuditPage, AuditPageRequest } from './audit.ts'
import { currentRequestContext } from './request-context.ts'

const MAX_USER_AGENT_CHARS = 512

/** An event as others hear of it once recorded (webhooks): no IP or user agent. */
export interface RecordedAuditEvent {
  readonly type: AuditEventInput['type']
  readonly tenantId: string | undefined
  readonly actorUserId: string | undefined
  readonly subjectUserId: string | undefined
  readonly details: AuditEventInput['details']
  readonly occurredAt: Date
}

export interface AuditLogDeps {
  readonly db: Db
  readonly clock: Clock
  /** Called with the same executor after each event is written, e.g. to enqueue its webhooks. */
  readonly onRecorded?: (executor: Db, event: RecordedAuditEvent) => Promise<void>
}

export type AuditLog = ReturnType<typeof createAuditLog>

/** Records who did what, when, from where (the current request's IP and user agent). */
export function createAuditLog({ db, clock, onRecorded }: AuditLogDeps) {
  const log = {
    /**
     * Writes one event through `executor`: pass the transaction that makes the change, so that the
     * change and its record exist together or not at all.
     */
    async record(event: AuditEventInput, executor: Db = db): Promise<void> {
      if (onRecorded !== undefined && !executor.isTransaction)
        return executor.transaction().execute((trx) => log.record(event, trx))
      const context = currentRequestContext()
      const createdAt = clock.now()
      const subjectUserId = event.subjectUserId === event.actorUserId ? undefined : event.subjectUserId
      await insertAuditEvent(executor, {
        tenantId: event.tenantId,
        actorUserId: event.actorUserId,
        subjectUserId,
        type: event.type,
        ip: context?.ip,
        userAgent: context?.userAgent?.slice(0, MAX_USER_AGENT_CHARS),
        details: event.details,
        createdAt,
      })
      await onRecorded?.(executor, {
        type: event.type,
        tenantId: event.tenantId,
        actorUserId: event.actorUserId,
        subjectUserId,
        details: event.details,
        occurredAt: createdAt,
      })
    },
    /**
     * One page of the tenant's events (those that pass `filter`), newest first.
     * @throws {AppError} validation_failed for a page or size out of range
     */
    async page(tenantId: string, request: AuditPageRequest, filter: AuditFilter = {}): Promise<AuditPage> {
      assertPaging(request)
      const { events, total } = await findAuditPage(db, tenantId, request, filter)
      return { events, page: request.page, totalPages: Math.ceil(total / request.size) }
    },
  }
  return log
}

/** What a service needs of the log to record its events. */
export type AuditRecorder = Pick<AuditLog, 'record'>

/** For services built without a log (unit tests of one service): records nothing. */
export const noAuditLog: AuditRecorder = { record: async () => {} }
