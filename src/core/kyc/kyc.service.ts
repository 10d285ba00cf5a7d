import type { Db } from '../../db/database.ts'
import { AppError } from '../errors.ts'
import { newId } from '../shared/random.ts'
import { countKycOfTenant, insertKycRecord, linkKycRecord } from './kyc.repository.ts'
import type { KycCounts, KycRecordInput } from './kyc.ts'

export type KycOutcome = 'recorded' | 'replayed'

/**
 * Stores a verified identity and, when the provider named our user, makes it theirs (§15): the
 * user's names are overwritten and their previous record deactivated. Run it inside the caller's
 * transaction, so that a failure leaves nothing behind.
 * @throws {AppError} user_not_found (the transaction must roll back)
 */
export async function recordVerification(
  trx: Db,
  input: KycRecordInput,
  userId: string | undefined,
  now: Date,
): Promise<KycOutcome> {
  const recordId = await insertKycRecord(trx, newId(), input, now)
  if (recordId === undefined) return 'replayed'
  if (userId !== undefined && !(await linkKycRecord(trx, userId, recordId, input.person, now))) {
    throw new AppError('user_not_found')
  }
  return 'recorded'
}

/** AMPnet's admin figures about KYC in one tenant. */
export const countKyc = (db: Db, tenantId: string): Promise<KycCounts> => countKycOfTenant(db, tenantId)
