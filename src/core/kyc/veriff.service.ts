import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError, isAppError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { User } from '../user/user.ts'
import { auditKycDecision, recordVerification } from './kyc.service.ts'
import { isUuid } from './kyc.ts'
import type { VeriffClient } from './veriff.client.ts'
import {
  findLatestVeriffSession,
  findVeriffDecision,
  insertVeriffSession,
  lockVeriffSession,
  markVeriffSessionConnected,
  updateVeriffSessionState,
  upsertVeriffDecision,
} from './veriff.repository.ts'
import { supersedes, type VeriffSessionView } from './veriff.ts'
import { parseDecision, parseEvent } from './veriff-payload.ts'
import { sameClient, signaturesMatch, type VeriffSignatures } from './veriff-signature.ts'

const SESSION_REUSE_MS = 7 * 24 * 3600 * 1000

export interface VeriffServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  readonly client: VeriffClient
  readonly apiKey: string | undefined
  readonly secret: string | undefined
  /** The frontend (MAIL_BASE_URL): Veriff sends users back to `{it}/{coop}` when it is https. */
  readonly callbackBaseUrl: string
  readonly audit?: AuditRecorder
}

export interface WebhookCall extends VeriffSignatures {
  /** The raw body, byte for byte as signed. */
  readonly body: Buffer
  readonly client: string
}

export type VeriffService = ReturnType<typeof createVeriffService>

/** Veriff's hosted identity checks: sessions for users, decisions and events back. */
export function createVeriffService(deps: VeriffServiceDeps) {
  const { db, clock, log, client, apiKey, secret } = deps
  // Never from the request's Host header, which the caller controls (the original used it).
  const callbackOf = (coop: string) =>
    deps.callbackBaseUrl.startsWith('https:') ? `${deps.callbackBaseUrl}/${coop}` : ''

  async function newSession(user: User, callback: string): Promise<VeriffSessionView> {
    const created = await client.createSession({
      callback,
      firstName: user.givenName === '' ? undefined : user.givenName,
      lastName: user.familyName === '' ? undefined : user.familyName,
      vendorData: user.id,
      timestamp: clock.now(),
    })
    await insertVeriffSession(db, { ...created, userId: user.id, state: 'created', createdAt: clock.now() })
    return { url: created.url, state: 'created', decision: undefined }
  }

  /** @throws {AppError} kyc_report_rejected when the caller is not our Veriff integration */
  function authenticate(call: WebhookCall): void {
    if (apiKey === undefined || secret === undefined) throw new AppError('kyc_report_rejected')
    const clientOk = sameClient(call.client, apiKey)
    const signatureOk = signaturesMatch(call.body, secret, call)
    if (!clientOk || !signatureOk) throw new AppError('kyc_report_rejected')
  }

  return {
    /**
     * The user's session, reused while it can still lead somewhere (from creation to a decision).
     * @throws {AppError} kyc_provider_failed when a needed new session cannot be created
     */
    async session(user: User, coop: string): Promise<VeriffSessionView> {
      const callback = callbackOf(coop)
      const latest = await findLatestVeriffSession(db, user.id)
      if (latest === undefined) return newSession(user, callback)
      if (clock.now().getTime() - latest.createdAt.getTime() > SESSION_REUSE_MS) {
        try {
          return await newSession(user, callback)
        } catch (error) {
          if (!isAppError(error) || error.code !== 'kyc_provider_failed') throw error
          log.warn({ sessionId: latest.id }, 'veriff session renewal failed; reusing the old session')
        }
      }
      const decision = await findVeriffDecision(db, latest.id)
      if (decision === undefined) return { url: latest.url, state: latest.state, decision: undefined }
      if (['approved', 'resubmission_requested', 'review'].includes(decision.status)) {
        return { url: latest.url, state: latest.state, decision }
      }
      return { ...(await newSession(user, callback)), decision }
    },

    /**
     * A decision webhook. Checked and parsed whole before anything is stored, then stored in one
     * transaction: a failure changes nothing. A replayed approval finds its record and adds nothing;
     * a decision older than the stored one, or a downgrade of an approval, is a replay: 200, no change.
     * @throws {AppError} kyc_report_rejected, kyc_names_missing, user_not_found
     */
    async decision(call: WebhookCall): Promise<void> {
      authenticate(call)
      const { decision, vendorData, person } = parseDecision(call.body)
      const userId = isUuid(vendorData) ? vendorData : undefined
      if (person !== undefined && userId === undefined) {
        log.warn({ sessionId: decision.sessionId }, 'veriff approval without a user id in vendorData')
      }
      await db.transaction().execute(async (trx) => {
        await lockVeriffSession(trx, decision.sessionId)
        if (!supersedes(decision, await findVeriffDecision(trx, decision.sessionId))) return
        await upsertVeriffDecision(trx, decision, clock.now())
        await auditKycDecision(trx, deps.audit ?? noAuditLog, {
          provider: 'VERIFF',
          sessionId: decision.sessionId,
          outcome: decision.status,
          userId,
        })
        if (person === undefined) return
        const input = { provider: 'VERIFF' as const, sessionId: decision.sessionId, person }
        const outcome = await recordVerification(trx, input, userId, clock.now())
        if (outcome === 'recorded' && userId !== undefined) {
          await markVeriffSessionConnected(trx, decision.sessionId)
        }
      })
    },

    /**
     * An event webhook: the user started or submitted. The stored decision stays: the original
     * deleted it on a start, so a replayed `started` (events carry no timestamp either) could erase
     * an approval and have GET /veriff/session hand out a new session. A resubmission's new decision
     * replaces the old one when it comes. An approved session's state no longer moves.
     * @throws {AppError} kyc_report_rejected, kyc_session_not_found
     */
    async event(call: WebhookCall): Promise<void> {
      authenticate(call)
      const { sessionId, action } = parseEvent(call.body)
      await db.transaction().execute(async (trx) => {
        if (!(await lockVeriffSession(trx, sessionId))) throw new AppError('kyc_session_not_found')
        if ((await findVeriffDecision(trx, sessionId))?.status === 'approved') return
        await updateVeriffSessionState(trx, sessionId, action)
      })
    },
  }
}
