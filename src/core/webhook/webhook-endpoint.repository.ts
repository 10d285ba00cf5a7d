import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { prepareQuery } from '../../db/prepared.ts'
import { date, rowMapper } from '../../db/row-mapping.ts'
import { deleteRows, findRow, listRows, updateRows } from '../../db/rows.ts'
import type { WebhookEndpointTable } from '../../db/schema.ts'
import type { AuditEventType } from '../audit/audit.ts'
import type { WebhookEndpoint } from './webhook.ts'

/** An endpoint as stored: its secret only sealed. */
export interface StoredWebhookEndpoint extends WebhookEndpoint {
  readonly secretSealed: string
}

const toStoredEndpoint = rowMapper<Selectable<WebhookEndpointTable>, StoredWebhookEndpoint>({
  id: 'id',
  tenantId: 'tenant_id',
  url: 'url',
  secretSealed: 'secret_sealed',
  eventTypes: (row) =>
    row.event_types === null ? undefined : (JSON.parse(row.event_types) as AuditEventType[]),
  enabled: (row) => row.disabled_at === null,
  createdAt: date('created_at'),
})

export async function insertWebhookEndpoint(db: Db, endpoint: StoredWebhookEndpoint): Promise<void> {
  await db
    .insertInto('webhook_endpoints')
    .values({
      id: endpoint.id,
      tenant_id: endpoint.tenantId,
      url: endpoint.url,
      secret_sealed: endpoint.secretSealed,
      event_types: endpoint.eventTypes === undefined ? null : JSON.stringify(endpoint.eventTypes),
      disabled_at: endpoint.enabled ? null : endpoint.createdAt.getTime(),
      created_at: endpoint.createdAt.getTime(),
    })
    .execute()
}

/** The tenant's endpoints, oldest first. */
export async function listWebhookEndpointsOfTenant(
  db: Db,
  tenantId: string,
): Promise<StoredWebhookEndpoint[]> {
  return (await listRows(db, 'webhook_endpoints', { tenant_id: tenantId })).map(toStoredEndpoint)
}

export async function findWebhookEndpoint(db: Db, id: string): Promise<StoredWebhookEndpoint | undefined> {
  const row = await findRow(db, 'webhook_endpoints', { id })
  return row && toStoredEndpoint(row)
}

/** Deletes the tenant's endpoint and its delivery log; true when there was one. */
export async function deleteWebhookEndpoint(db: Db, tenantId: string, id: string): Promise<boolean> {
  if ((await deleteRows(db, 'webhook_endpoints', { tenant_id: tenantId, id })) < 1) return false
  await deleteRows(db, 'webhook_deliveries', { endpoint_id: id })
  return true
}

/** Switches the tenant's endpoint on or off; true when there was one. */
export async function updateWebhookEndpointDisabled(
  db: Db,
  tenantId: string,
  id: string,
  disabledAt: Date | undefined,
): Promise<boolean> {
  const columns = { disabled_at: disabledAt?.getTime() ?? null }
  return (await updateRows(db, 'webhook_endpoints', { tenant_id: tenantId, id }, columns)) > 0
}

/** What fan-out needs of the tenant's enabled endpoints: on the path of every audited change. */
// Prepared: every audited change (each sign-in) asks it, in the change's transaction.
const selectEnabledEndpointFilters = prepareQuery(1, (db, tenantId: string) =>
  db
    .selectFrom('webhook_endpoints')
    .select(['id', 'event_types'])
    .where('tenant_id', '=', tenantId)
    .where('disabled_at', 'is', null),
)

export async function findEnabledEndpointFilters(
  db: Db,
  tenantId: string,
): Promise<{ id: string; eventTypes: readonly string[] | undefined }[]> {
  const rows = await selectEnabledEndpointFilters(db, tenantId)
  return rows.map((row) => ({
    id: row.id,
    eventTypes: row.event_types === null ? undefined : (JSON.parse(row.event_types) as string[]),
  }))
}
