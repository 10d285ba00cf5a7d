import type { Db } from '../../db/database.ts'
import type { AuditRecorder } from '../audit/audit.service.ts'
import { AppError } from '../errors.ts'
import { newId } from '../shared/random.ts'
import { findUserById } from '../user/user.repository.ts'
import { countKycOfTenant, insertKycRecord, linkKycRecord } from './kyc.repository.ts'
import type { KycCounts, KycRecordInput } from './kyc.ts'

export type KycOutcome = 'recorded' | 'replayed'

/**
 * Stores a verified identity and, when the provider named our user, makes it theirs: the
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

/**
 * Audits a KYC decision about `userId` (undefined: the provider named no user of ours) in the
 * caller's transaction; the tenant is the user's.
 */
export async function auditKycDecision(
  trx: Db,
  audit: AuditRecorder,
  decision: {
    provider: 'VERIFF' | 'IDENTYUM'
    sessionId: string
    outcome: string
    userId: string | undefined
  },
): Promise<void> {
  const user = decision.userId === undefined ? undefined : await findUserById(trx, decision.userId)
  await audit.record(
    {
      type: 'kyc.decided',
      tenantId: user?.tenantId,
      actorUserId: undefined,
      subjectUserId: user?.id,
      details: { provider: decision.provider, outcome: decision.outcome, session_id: decision.sessionId },
    },
    trx,
  )
}

/** AMPnet's admin figures about KYC in one tenant. */
export const countKyc = (db: Db, tenantId: string): Promise<KycCounts> => countKycOfTenant(db, tenantId)
