import type { AuditEvent } from '../../../core/audit/audit.ts'
import { snakeOrNull } from '../../../core/shared/snake-case.ts'

/** One audit event as `GET /admin/audit` shows it (snake_case, absent values as null). */
export function auditEventBody(event: AuditEvent) {
  return {
    id: event.id,
    type: event.type,
    actor_uuid: event.actorUserId ?? null,
    subject_uuid: event.subjectUserId ?? null,
    ...snakeOrNull(event, ['ip', 'userAgent']),
    details: event.details,
    created_at: event.createdAt.toISOString(),
  }
}
