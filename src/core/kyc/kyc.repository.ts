import type { Db } from '../../db/database.ts'
import { snakeOrNull } from '../shared/snake-case.ts'
import type { KycCounts, KycRecordInput } from './kyc.ts'

/** Inserts the record; undefined when the provider's session already has one (a replay). */
export async function insertKycRecord(
  db: Db,
  id: string,
  { provider, sessionId, person }: KycRecordInput,
  createdAt: Date,
): Promise<string | undefined> {
  const row = await db
    .insertInto('kyc_records')
    .values({
      id,
      provider,
      session_id: sessionId,
      user_id: null,
      given_name: person.givenName,
      family_name: person.familyName,
      ...snakeOrNull(person, [
        'dateOfBirth',
        'nationality',
        'documentType',
        'documentCountry',
        'documentValidUntil',
      ]),
      connected: 0,
      deactivated: 0,
      created_at: createdAt.getTime(),
    })
    .onConflict((oc) => oc.columns(['provider', 'session_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

/**
 * Makes the record the user's current one: the previous one is deactivated, and the user takes the
 * record's names. False when the user does not exist (the caller rolls back).
 */
export async function linkKycRecord(
  db: Db,
  userId: string,
  recordId: string,
  names: { givenName: string; familyName: string },
  now: Date,
): Promise<boolean> {
  const updated = await db
    .updateTable('users')
    .set({
      kyc_record_id: recordId,
      given_name: names.givenName,
      family_name: names.familyName,
      display_name: `${names.givenName} ${names.familyName}`.trim(),
      updated_at: now.getTime(),
    })
    .where('id', '=', userId)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) return false
  await db
    .updateTable('kyc_records')
    .set({ connected: 0, deactivated: 1 })
    .where('user_id', '=', userId)
    .where('id', '!=', recordId)
    .where('connected', '=', 1)
    .execute()
  await db
    .updateTable('kyc_records')
    .set({ user_id: userId, connected: 1 })
    .where('id', '=', recordId)
    .execute()
  return true
}

export async function countKycOfTenant(db: Db, tenantId: string): Promise<KycCounts> {
  const records = await db
    .selectFrom('kyc_records')
    .innerJoin('users', 'users.id', 'kyc_records.user_id')
    .where('users.tenant_id', '=', tenantId)
    .select((eb) => [
      eb.fn.sum<number>('kyc_records.connected').as('activated'),
      eb.fn.sum<number>('kyc_records.deactivated').as('deleted'),
    ])
    .executeTakeFirstOrThrow()
  const verified = await db
    .selectFrom('users')
    .where('tenant_id', '=', tenantId)
    .where('kyc_record_id', 'is not', null)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return {
    activated: Number(records.activated ?? 0),
    deleted: Number(records.deleted ?? 0),
    verified: Number(verified.n),
  }
}
