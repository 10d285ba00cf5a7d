import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { prepareQuery } from '../../db/prepared.ts'
import { date, integer, optional, optionalDate, rowMapper } from '../../db/row-mapping.ts'
import { deleteRows, findRow, listRows, takeRow, updateRows } from '../../db/rows.ts'
import type { PasskeyTable, WebauthnChallengeTable } from '../../db/schema.ts'
import type { CeremonyPurpose, Passkey, StoredChallenge } from './passkey.ts'

const toPasskey = rowMapper<Selectable<PasskeyTable>, Passkey>({
  id: 'id',
  tenantId: 'tenant_id',
  userId: 'user_id',
  credentialId: 'credential_id',
  publicKey: (row) => new Uint8Array(Buffer.from(row.public_key, 'base64url')),
  counter: integer('counter'),
  transports: (row) => JSON.parse(row.transports) as string[],
  name: 'name',
  createdAt: date('created_at'),
  lastUsedAt: optionalDate('last_used_at'),
})

const toStoredChallenge = rowMapper<Selectable<WebauthnChallengeTable>, StoredChallenge>({
  challenge: 'challenge',
  purpose: (row) => row.purpose as CeremonyPurpose,
  tenantId: 'tenant_id',
  userId: optional('user_id'),
  expiresAt: date('expires_at'),
})

/** @returns false when a passkey with that credential id is stored already */
export async function insertPasskey(db: Db, passkey: Passkey): Promise<boolean> {
  const result = await db
    .insertInto('passkeys')
    .values({
      id: passkey.id,
      tenant_id: passkey.tenantId,
      user_id: passkey.userId,
      credential_id: passkey.credentialId,
      public_key: Buffer.from(passkey.publicKey).toString('base64url'),
      counter: passkey.counter,
      transports: JSON.stringify(passkey.transports),
      name: passkey.name,
      created_at: passkey.createdAt.getTime(),
      last_used_at: null,
    })
    .onConflict((oc) => oc.column('credential_id').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

/** The user's passkeys, oldest first. */
export async function listPasskeysOfUser(db: Db, userId: string): Promise<Passkey[]> {
  return (await listRows(db, 'passkeys', { user_id: userId })).map(toPasskey)
}

export async function findPasskeyByCredentialId(db: Db, credentialId: string): Promise<Passkey | undefined> {
  const row = await findRow(db, 'passkeys', { credential_id: credentialId })
  return row && toPasskey(row)
}

/**
 * Records a use: the new counter, when the stored one is still `previousCounter`. False when another
 * sign-in with the same passkey got there first (a cloned authenticator racing the genuine one).
 */
export async function recordPasskeyUse(
  db: Db,
  passkeyId: string,
  previousCounter: number,
  counter: number,
  usedAt: Date,
): Promise<boolean> {
  const match = { id: passkeyId, counter: previousCounter }
  return (await updateRows(db, 'passkeys', match, { counter, last_used_at: usedAt.getTime() })) === 1
}

/** Deletes the passkey when it is the user's; false when it is not (or is gone already). */
export async function deletePasskeyOfUser(db: Db, userId: string, passkeyId: string): Promise<boolean> {
  return (await deleteRows(db, 'passkeys', { id: passkeyId, user_id: userId })) > 0
}

/** Deletes every passkey of the user; how many there were. */
export async function deletePasskeysOfUser(db: Db, userId: string): Promise<number> {
  return deleteRows(db, 'passkeys', { user_id: userId })
}

// Prepared: every password sign-in asks whether the user has one (mfa.service.ts).
const countPasskeys = prepareQuery(1, (db, userId: string) =>
  db
    .selectFrom('passkeys')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId),
)

export async function countPasskeysOfUser(db: Db, userId: string): Promise<number> {
  const [row] = await countPasskeys(db, userId)
  return Number(row?.count ?? 0)
}

/** Stores a new challenge, and sweeps the expired ones (a page view may leave one unanswered). */
export async function insertChallenge(db: Db, challenge: StoredChallenge, now: Date): Promise<void> {
  await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now.getTime()).execute()
  await db
    .insertInto('webauthn_challenges')
    .values({
      challenge: challenge.challenge,
      purpose: challenge.purpose,
      tenant_id: challenge.tenantId,
      user_id: challenge.userId ?? null,
      expires_at: challenge.expiresAt.getTime(),
    })
    .execute()
}

/** Takes a challenge out: whoever deletes it first may answer it, so it serves once on any instance. */
export async function takeChallenge(db: Db, challenge: string): Promise<StoredChallenge | undefined> {
  const row = await takeRow(db, 'webauthn_challenges', { challenge })
  return row && toStoredChallenge(row)
}
