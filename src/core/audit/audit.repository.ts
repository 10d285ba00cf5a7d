import type { Db } from '../../db/database.ts'
import type { AuditDetails, AuditEvent, AuditFilter, AuditPageRequest } from './audit.ts'

/** An event as written: the database numbers it; details may be left out. */
export type AuditRow = Omit<AuditEvent, 'id' | 'details'> & { readonly details: AuditDetails | undefined }

export async function insertAuditEvent(db: Db, row: AuditRow): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      tenant_id: row.tenantId ?? null,
      actor_user_id: row.actorUserId ?? null,
      subject_user_id: row.subjectUserId ?? null,
      type: row.type,
      ip: row.ip ?? null,
      user_agent: row.userAgent ?? null,
      details: row.details === undefined ? null : JSON.stringify(row.details),
      created_at: row.createdAt.getTime(),
    })
    .execute()
}

function parseDetails(text: string | null): AuditDetails {
  if (text === null) return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null ? (parsed as AuditDetails) : {}
  } catch {
    return {}
  }
}

function selectEvents(db: Db, tenantId: string, filter: AuditFilter) {
  let query = db.selectFrom('audit_events').where('tenant_id', '=', tenantId)
  if (filter.type !== undefined) query = query.where('type', '=', filter.type)
  const { userId, from, to } = filter
  if (userId !== undefined) {
    query = query.where((eb) => eb.or([eb('actor_user_id', '=', userId), eb('subject_user_id', '=', userId)]))
  }
  if (from !== undefined) query = query.where('created_at', '>=', from.getTime())
  if (to !== undefined) query = query.where('created_at', '<', to.getTime())
  return query
}

/** One page of a tenant's events that pass `filter`, newest first, and how many pass in all. */
export async function findAuditPage(
  db: Db,
  tenantId: string,
  request: AuditPageRequest,
  filter: AuditFilter = {},
): Promise<{ events: AuditEvent[]; total: number }> {
  const rows = await selectEvents(db, tenantId, filter)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(request.size)
    .offset(request.page * request.size)
    .execute()
  const counted = await selectEvents(db, tenantId, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst()
  return {
    events: rows.map((row) => ({
      id: Number(row.id),
      tenantId: row.tenant_id ?? undefined,
      actorUserId: row.actor_user_id ?? undefined,
      subjectUserId: row.subject_user_id ?? undefined,
      type: row.type,
      ip: row.ip ?? undefined,
      userAgent: row.user_agent ?? undefined,
      details: parseDetails(row.details),
      createdAt: new Date(Number(row.created_at)),
    })),
    total: Number(counted?.n ?? 0),
  }
}
