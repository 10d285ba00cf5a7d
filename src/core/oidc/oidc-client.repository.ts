import type { Db } from '../../db/database.ts'
import { deleteRows, findRow, listRows } from '../../db/rows.ts'
import type { OidcClientTable } from '../../db/schema.ts'
import type { OidcClient, OidcGrantType } from './oidc-client.ts'

interface StoredMetadata {
  redirectUris: string[]
  postLogoutRedirectUris: string[]
  grantTypes: OidcGrantType[]
  isPublic: boolean
  resources: string[]
  /** Absent in rows written before it existed: false. */
  skipConsent?: boolean
}

export interface StoredOidcClient extends OidcClient {
  readonly secretSealed: string | undefined
}

function toClient(row: OidcClientTable): StoredOidcClient {
  const metadata = JSON.parse(row.metadata) as StoredMetadata
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    ...metadata,
    skipConsent: metadata.skipConsent ?? false,
    createdAt: new Date(row.created_at),
    secretSealed: row.secret_sealed ?? undefined,
  }
}

export async function insertOidcClient(db: Db, client: StoredOidcClient): Promise<void> {
  const metadata: StoredMetadata = {
    redirectUris: [...client.redirectUris],
    postLogoutRedirectUris: [...client.postLogoutRedirectUris],
    grantTypes: [...client.grantTypes],
    isPublic: client.isPublic,
    resources: [...client.resources],
    skipConsent: client.skipConsent,
  }
  await db
    .insertInto('oidc_clients')
    .values({
      id: client.id,
      tenant_id: client.tenantId,
      name: client.name,
      metadata: JSON.stringify(metadata),
      secret_sealed: client.secretSealed ?? null,
      created_at: client.createdAt.getTime(),
    })
    .execute()
}

export async function findOidcClient(
  db: Db,
  tenantId: string,
  clientId: string,
): Promise<StoredOidcClient | undefined> {
  const row = await findRow(db, 'oidc_clients', { tenant_id: tenantId, id: clientId })
  return row && toClient(row)
}

export async function listOidcClients(db: Db, tenantId: string): Promise<StoredOidcClient[]> {
  return (await listRows(db, 'oidc_clients', { tenant_id: tenantId })).map(toClient)
}

/** Deletes the client; true when it existed in that tenant. */
export async function deleteOidcClient(db: Db, tenantId: string, clientId: string): Promise<boolean> {
  return (await deleteRows(db, 'oidc_clients', { tenant_id: tenantId, id: clientId })) > 0
}
