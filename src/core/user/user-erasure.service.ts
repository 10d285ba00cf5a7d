import { createHmac, createSecretKey, hkdfSync } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import type { AbuseGuard } from '../abuse/abuse-guard.ts'
import { clearLockoutsOf } from '../abuse/user-lockout.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError } from '../errors.ts'
import type { RevocationList } from '../session/revocation.ts'
import type { Clock } from '../shared/clock.ts'
import { findTenantById } from '../tenant/tenant.repository.ts'
import { findUserById } from './user.repository.ts'
import { type ErasedCounts, eraseUserRows } from './user-erasure.repository.ts'

export interface UserErasureDeps {
  readonly db: Db
  readonly clock: Clock
  readonly revocations: RevocationList
  /** The master key: the audit pseudonyms are keyed with a key derived from it. */
  readonly secretKey: string
  readonly audit?: AuditRecorder
  /** Sign-in lockouts are keyed by the login typed (an email, a username): they would outlive the user. */
  readonly abuse: Pick<AbuseGuard, 'clearLockout'>
}

export interface Erasure {
  readonly tenantId: string
  readonly userId: string
}

export type UserErasure = ReturnType<typeof createUserErasure>

/**
 * Erasure of a user (GDPR art. 17): the account and everything that is theirs go in one
 * transaction; the audit log keeps its events under a pseudonym. The pseudonym is a keyed hash of
 * the user id, so it is the same in every event (they still tell one story) but cannot be linked
 * back to the person without the master key and the id, which is gone.
 */
export function createUserErasure({
  db,
  clock,
  revocations,
  secretKey,
  audit = noAuditLog,
  abuse,
}: UserErasureDeps) {
  const key = createSecretKey(
    Buffer.from(hkdfSync('sha256', secretKey, 'latchkey', 'audit pseudonym v1', 32)),
  )
  const pseudonymOf = (userId: string) =>
    `deleted-user-${createHmac('sha256', key).update(userId, 'utf8').digest('base64url').slice(0, 22)}`

  async function erase(input: Erasure, callerId: string | undefined): Promise<ErasedCounts> {
    const pseudonym = pseudonymOf(input.userId)
    const erased = await db.transaction().execute(async (trx) => {
      if (callerId !== undefined) {
        const caller = await findUserById(trx, callerId)
        // As for role changes: a PLATFORM_MANAGER holds PWA_PROFILE too, but could erase the ADMIN.
        if (caller?.tenantId !== input.tenantId || caller.role !== 'ADMIN') throw new AppError('forbidden')
        // Erasing oneself would leave the coop without its ADMIN: an operator does it (CLI).
        if (callerId === input.userId) throw new AppError('forbidden')
      }
      const user = await findUserById(trx, input.userId)
      if (user === undefined || user.tenantId !== input.tenantId) throw new AppError('user_not_found')
      const result = { user, ...(await eraseUserRows(trx, user, pseudonym)) }
      await audit.record(
        {
          type: 'user.deleted',
          tenantId: input.tenantId,
          actorUserId: callerId,
          subjectUserId: pseudonym,
          details: { ...result.counts },
        },
        trx,
      )
      return result
    })
    // After the commit: every instance refuses the user's access tokens from now on (the bus), and
    // one that missed it refuses them anyway, since their user no longer exists.
    const now = clock.now()
    for (const sessionId of erased.openSessionIds) revocations.add(sessionId, now)
    // After the commit: forget what is kept outside the database.
    const tenant = await findTenantById(db, erased.user.tenantId)
    if (tenant !== undefined) await clearLockoutsOf(abuse, tenant.identifier, erased.user)
    return erased.counts
  }

  return {
    /** The stable pseudonym that replaces the user's id in the audit log. */
    pseudonymOf,

    /**
     * An operator erases a user of the tenant (CLI), trusted like the original's gRPC calls.
     * @throws {AppError} user_not_found (also for a user of another tenant)
     */
    erase: (input: Erasure) => erase(input, undefined),

    /**
     * The same asked for by a signed-in user: only the tenant's ADMIN, and never themselves.
     * @throws {AppError} forbidden, user_not_found
     */
    eraseAs: (callerId: string, input: Erasure) => erase(input, callerId),
  }
}
