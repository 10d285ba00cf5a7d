import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { findPage } from '../../db/page.ts'
import { prepareQuery } from '../../db/prepared.ts'
import { cacheWhileUnchanged } from '../../db/read-cache.ts'
import { date, optionalDate, rowMapper } from '../../db/row-mapping.ts'
import { listRows } from '../../db/rows.ts'
import type { ApiKeyTable, UserTable } from '../../db/schema.ts'
import { toUser } from '../user/user.repository.ts'
import type { User } from '../user/user.ts'

/** An API key as stored: the token only sealed and as a keyed hash. */
export interface StoredApiKey {
  readonly id: string
  readonly tenantId: string
  readonly userId: string
  readonly name: string
  readonly tokenSealed: string
  readonly tokenHmac: string
  readonly createdAt: Date
  readonly expiresAt: Date | undefined
}

const toStoredApiKey = rowMapper<Selectable<ApiKeyTable>, StoredApiKey>({
  id: 'id',
  tenantId: 'tenant_id',
  userId: 'user_id',
  name: 'name',
  tokenSealed: 'token_sealed',
  tokenHmac: 'token_hmac',
  createdAt: date('created_at'),
  expiresAt: optionalDate('expires_at'),
})

export async function insertApiKey(db: Db, key: StoredApiKey): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: key.id,
      tenant_id: key.tenantId,
      user_id: key.userId,
      name: key.name,
      token_sealed: key.tokenSealed,
      token_hmac: key.tokenHmac,
      created_at: key.createdAt.getTime(),
      expires_at: key.expiresAt?.getTime() ?? null,
    })
    .execute()
}

/** The user's keys, oldest first. */
export async function listApiKeysOfUser(db: Db, userId: string): Promise<StoredApiKey[]> {
  return (await listRows(db, 'api_keys', { user_id: userId })).map(toStoredApiKey)
}

/** One page of a tenant's keys, newest first, each with its owner's e-mail (never the token). */
export async function findApiKeyPageOfTenant(
  db: Db,
  tenantId: string,
  request: { page: number; size: number },
): Promise<{
  keys: {
    id: string
    name: string
    userId: string
    ownerEmail: string
    createdAt: Date
    expiresAt: Date | undefined
  }[]
  total: number
}> {
  const scope = db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .where('api_keys.tenant_id', '=', tenantId)
  const { rows, total } = await findPage(
    scope,
    (query) =>
      query
        .select([
          'api_keys.id',
          'api_keys.name',
          'api_keys.user_id',
          'api_keys.created_at',
          'api_keys.expires_at',
          'users.email',
        ])
        .orderBy('api_keys.created_at', 'desc')
        .orderBy('api_keys.id', 'desc'),
    request,
  )
  return {
    keys: rows.map((row) => ({
      id: row.id,
      name: row.name,
      userId: row.user_id,
      ownerEmail: row.email,
      createdAt: new Date(Number(row.created_at)),
      expiresAt: row.expires_at === null ? undefined : new Date(Number(row.expires_at)),
    })),
    total,
  }
}

// The key's columns beside its owner's full row, renamed where the two tables share a name.
type ApiKeyWithOwnerRow = Selectable<UserTable> & {
  key_id: string
  key_tenant_id: string
  key_user_id: string
  key_name: string
  key_token_sealed: string
  key_token_hmac: string
  key_created_at: number
  key_expires_at: number | null
}

/**
 * One indexed look-up by keyed hash, no row decrypted, with the key's owner as stored now. On the
 * path of every request that authenticates with an API key: the owner comes with the key in the same
 * query, so judging and greeting them costs no second round-trip. Kept until either table may have
 * changed.
 */
export const findApiKeyByHmac: (
  db: Db,
  tokenHmac: string,
) => Promise<{ readonly key: StoredApiKey; readonly owner: User } | undefined> = cacheWhileUnchanged(
  ['api_keys', 'users'],
  prepareQuery<ApiKeyWithOwnerRow, [string]>(1, (db, tokenHmac) =>
    db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .selectAll('users')
      .select([
        'api_keys.id as key_id',
        'api_keys.tenant_id as key_tenant_id',
        'api_keys.user_id as key_user_id',
        'api_keys.name as key_name',
        'api_keys.token_sealed as key_token_sealed',
        'api_keys.token_hmac as key_token_hmac',
        'api_keys.created_at as key_created_at',
        'api_keys.expires_at as key_expires_at',
      ])
      .where('api_keys.token_hmac', '=', tokenHmac),
  ),
  (row: ApiKeyWithOwnerRow) => ({
    key: Object.freeze(
      toStoredApiKey({
        id: row.key_id,
        tenant_id: row.key_tenant_id,
        user_id: row.key_user_id,
        name: row.key_name,
        token_sealed: row.key_token_sealed,
        token_hmac: row.key_token_hmac,
        created_at: row.key_created_at,
        expires_at: row.key_expires_at,
      }),
    ),
    owner: Object.freeze(toUser(row)),
  }),
)

/** Deletes the user's key with that id or keyed hash; returns the deleted key's id and tenant, if any. */
export async function deleteApiKeyOfUser(
  db: Db,
  userId: string,
  key: { id: string } | { token_hmac: string },
): Promise<{ id: string; tenantId: string } | undefined> {
  const row = await db
    .deleteFrom('api_keys')
    .where((eb) => eb.and({ user_id: userId, ...key }))
    .returning(['id', 'tenant_id'])
    .executeTakeFirst()
  return row && { id: row.id, tenantId: row.tenant_id }
}
