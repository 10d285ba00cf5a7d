import type { Db } from '../../db/database.ts'

export interface StoredSigningKey {
  readonly id: string
  readonly algorithm: string
  readonly publicJwk: string
  /** The private JWK, encrypted with the master key. */
  readonly privateJwkSealed: string
  readonly createdAt: Date
  readonly activatesAt: Date
  readonly retiredAt: Date | undefined
}

/** Keys still needed: the signing key and every key retired after `retiredAfter`. */
export async function listLiveSigningKeys(db: Db, retiredAfter: Date): Promise<StoredSigningKey[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredAfter.getTime())]))
    .orderBy('created_at', 'desc')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    algorithm: row.algorithm,
    publicJwk: row.public_jwk,
    privateJwkSealed: row.private_jwk_sealed,
    createdAt: new Date(row.created_at),
    activatesAt: new Date(row.activates_at ?? row.created_at),
    retiredAt: row.retired_at === null ? undefined : new Date(row.retired_at),
  }))
}

/** Stores the new key and retires every older one from the moment it activates, in one transaction. */
export async function insertSigningKeyRetiringOthers(db: Db, key: StoredSigningKey): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('signing_keys')
      .set({ retired_at: key.activatesAt.getTime() })
      .where('retired_at', 'is', null)
      .execute()
    await trx
      .insertInto('signing_keys')
      .values({
        id: key.id,
        algorithm: key.algorithm,
        public_jwk: key.publicJwk,
        private_jwk_sealed: key.privateJwkSealed,
        created_at: key.createdAt.getTime(),
        activates_at: key.activatesAt.getTime(),
        retired_at: null,
      })
      .execute()
  })
}
