import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { findPage } from '../../db/page.ts'
import { prepareQuery } from '../../db/prepared.ts'
import { date, integer, optional, rowMapper } from '../../db/row-mapping.ts'
import type { AuditEventTable } from '../../db/schema.ts'
import type { AuditDetails, AuditEvent, AuditFilter, AuditPageRequest } from './audit.ts'

/** An event as written: the database numbers it; details may be left out. */
export type AuditRow = Omit<AuditEvent, 'id' | 'details'> & { readonly details: AuditDetails | undefined }

type Nullable = string | null
// Prepared: every sign-in and every change writes one.
const insertAuditRow = prepareQuery<
  never,
  [Nullable, Nullable, Nullable, string, Nullable, Nullable, Nullable, number]
>(8, (db, tenantId, actorUserId, subjectUserId, type, ip, userAgent, details, createdAt) =>
  db.insertInto('audit_events').values({
    tenant_id: tenantId,
    actor_user_id: actorUserId,
    subject_user_id: subjectUserId,
    type,
    ip,
    user_agent: userAgent,
    details,
    created_at: createdAt,
  }),
)

export async function insertAuditEvent(db: Db, row: AuditRow): Promise<void> {
  await insertAuditRow(
    db,
    row.tenantId ?? null,
    row.actorUserId ?? null,
    row.subjectUserId ?? null,
    row.type,
    row.ip ?? null,
    row.userAgent ?? null,
    row.details === undefined ? null : JSON.stringify(row.details),
    row.createdAt.getTime(),
  )
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

const toAuditEvent = rowMapper<Selectable<AuditEventTable>, AuditEvent>({
  id: integer('id'),
  tenantId: optional('tenant_id'),
  actorUserId: optional('actor_user_id'),
  subjectUserId: optional('subject_user_id'),
  type: 'type',
  ip: optional('ip'),
  userAgent: optional('user_agent'),
  details: (row) => parseDetails(row.details),
  createdAt: date('created_at'),
})

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
  const { rows, total } = await findPage(
    selectEvents(db, tenantId, filter),
    (query) => query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'),
    request,
  )
  return { events: rows.map(toAuditEvent), total }
}
