import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { prepareQuery } from '../../db/prepared.ts'
import type { ApiKeyTable } from '../../db/schema.ts'
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

function toStoredApiKey(row: Selectable<ApiKeyTable>): StoredApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    name: row.name,
    tokenSealed: row.token_sealed,
    tokenHmac: row.token_hmac,
    createdAt: new Date(row.created_at),
    expiresAt: row.expires_at === null ? undefined : new Date(row.expires_at),
  }
}

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
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute()
  return rows.map(toStoredApiKey)
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
  const [rows, counted] = await Promise.all([
    scope
      .select([
        'api_keys.id',
        'api_keys.name',
        'api_keys.user_id',
        'api_keys.created_at',
        'api_keys.expires_at',
        'users.email',
      ])
      .orderBy('api_keys.created_at', 'desc')
      .orderBy('api_keys.id', 'desc')
      .limit(request.size)
      .offset(request.page * request.size)
      .execute(),
    scope.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ])
  return {
    keys: rows.map((row) => ({
      id: row.id,
      name: row.name,
      userId: row.user_id,
      ownerEmail: row.email,
      createdAt: new Date(Number(row.created_at)),
      expiresAt: row.expires_at === null ? undefined : new Date(Number(row.expires_at)),
    })),
    total: Number(counted?.n ?? 0),
  }
}

type ApiKeyWithOwnerRow = Selectable<ApiKeyTable> & {
  owner_enabled: number
  owner_disabled_at: number | null
  owner_email: string
  owner_username: string | null
}

// On the path of every request that authenticates with an API key: the owner's state comes with the
// key in the same query, so judging it costs no second round-trip.
const selectApiKeyByHmac = prepareQuery<ApiKeyWithOwnerRow, [string]>(1, (db, tokenHmac) =>
  db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .selectAll('api_keys')
    .select([
      'users.enabled as owner_enabled',
      'users.disabled_at as owner_disabled_at',
      'users.email as owner_email',
      'users.username as owner_username',
    ])
    .where('api_keys.token_hmac', '=', tokenHmac),
)

/** What a key check learns of its owner: their state, and the names a probe greets them by. */
export type ApiKeyOwnerState = Pick<User, 'enabled' | 'disabledAt' | 'email' | 'username'>

/** One indexed look-up by keyed hash, no row decrypted, with the owner's enabled/disabled state. */
export async function findApiKeyByHmac(
  db: Db,
  tokenHmac: string,
): Promise<{ key: StoredApiKey; owner: ApiKeyOwnerState } | undefined> {
  const [row] = await selectApiKeyByHmac(db, tokenHmac)
  if (row === undefined) return undefined
  const disabledAt = row.owner_disabled_at === null ? undefined : new Date(row.owner_disabled_at)
  // The same reading of the columns as the user mapper's: an operator's disable also clears enabled.
  return {
    key: toStoredApiKey(row),
    owner: {
      enabled: row.owner_enabled === 1 && disabledAt === undefined,
      disabledAt,
      email: row.owner_email,
      username: row.owner_username ?? undefined,
    },
  }
}

/** Deletes the user's key with that keyed hash; returns the deleted key's id and tenant, if any. */
export async function deleteApiKeyOfUser(
  db: Db,
  userId: string,
  tokenHmac: string,
): Promise<{ id: string; tenantId: string } | undefined> {
  const row = await db
    .deleteFrom('api_keys')
    .where('user_id', '=', userId)
    .where('token_hmac', '=', tokenHmac)
    .returning(['id', 'tenant_id'])
    .executeTakeFirst()
  return row && { id: row.id, tenantId: row.tenant_id }
}

/** Deletes the user's key with that id; returns its tenant when one was deleted. */
export async function deleteApiKeyOfUserById(
  db: Db,
  userId: string,
  keyId: string,
): Promise<{ tenantId: string } | undefined> {
  const row = await db
    .deleteFrom('api_keys')
    .where('user_id', '=', userId)
    .where('id', '=', keyId)
    .returning(['tenant_id'])
    .executeTakeFirst()
  return row && { tenantId: row.tenant_id }
}
