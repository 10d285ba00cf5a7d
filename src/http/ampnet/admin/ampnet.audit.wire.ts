import type { AuditEvent } from '../../../core/audit/audit.ts'

/** One audit event as `GET /admin/audit` shows it (snake_case, absent values as null). */
export function auditEventBody(event: AuditEvent) {
  return {
    id: event.id,
    type: event.type,
    actor_uuid: event.actorUserId ?? null,
    subject_uuid: event.subjectUserId ?? null,
    ip: event.ip ?? null,
    user_agent: event.userAgent ?? null,
    details: event.details,
    created_at: event.createdAt.toISOString(),
  }
}
