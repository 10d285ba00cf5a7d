import type { Db } from '../../db/database.ts'
import { deleteRows, updateRows } from '../../db/rows.ts'

// The OpenID Connect provider's stored models (one table for all), per tenant.

export interface StoredPayload {
  readonly payload: string
  readonly consumedAt: Date | undefined
}

export interface NewPayload {
  readonly tenantId: string
  readonly model: string
  readonly id: string
  readonly payload: string
  readonly grantId: string | undefined
  readonly uid: string | undefined
  readonly userCode: string | undefined
  readonly expiresAt: Date | undefined
}

export async function upsertOidcPayload(db: Db, row: NewPayload): Promise<void> {
  const values = {
    payload: row.payload,
    grant_id: row.grantId ?? null,
    uid: row.uid ?? null,
    user_code: row.userCode ?? null,
    expires_at: row.expiresAt?.getTime() ?? null,
    consumed_at: null,
  }
  await db
    .insertInto('oidc_payloads')
    .values({ tenant_id: row.tenantId, model: row.model, id: row.id, ...values })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'model', 'id']).doUpdateSet(values))
    .execute()
}

type Key = 'id' | 'uid' | 'user_code'

/** The live (unexpired) payload of `model` whose `key` column is `value`. */
export async function findOidcPayload(
  db: Db,
  tenantId: string,
  model: string,
  key: Key,
  value: string,
  now: Date,
): Promise<StoredPayload | undefined> {
  const row = await db
    .selectFrom('oidc_payloads')
    .select(['payload', 'consumed_at'])
    .where('tenant_id', '=', tenantId)
    .where('model', '=', model)
    .where(key, '=', value)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.getTime())]))
    .executeTakeFirst()
  return (
    row && {
      payload: row.payload,
      consumedAt: row.consumed_at === null ? undefined : new Date(row.consumed_at),
    }
  )
}

export async function consumeOidcPayload(
  db: Db,
  tenantId: string,
  model: string,
  id: string,
  at: Date,
): Promise<void> {
  await updateRows(db, 'oidc_payloads', { tenant_id: tenantId, model, id }, { consumed_at: at.getTime() })
}

export async function deleteOidcPayload(db: Db, tenantId: string, model: string, id: string): Promise<void> {
  await deleteRows(db, 'oidc_payloads', { tenant_id: tenantId, model, id })
}

/** Everything issued under one grant (codes, tokens, the grant itself). */
export async function deleteOidcPayloadsOfGrant(db: Db, tenantId: string, grantId: string): Promise<void> {
  await db
    .deleteFrom('oidc_payloads')
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])]),
    )
    .execute()
}

/** Sweeps rows expired before `now`; returns how many. */
export async function deleteExpiredOidcPayloads(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('oidc_payloads')
    .where('expires_at', '<=', now.getTime())
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
