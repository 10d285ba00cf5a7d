import { createPrivateKey, createPublicKey } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError, isAppError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { IdentyumClient, IdentyumCredentials } from './identyum.client.ts'
import { type IdentyumKeys, openIdentyumReport } from './identyum-report.ts'
import { auditKycDecision, recordVerification } from './kyc.service.ts'
import { isUuid } from './kyc.ts'

export interface IdentyumServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  readonly client: IdentyumClient
  readonly instance: string
  /** Handed to the browser with the token; undefined: not configured. */
  readonly webComponentUrl: string | undefined
  /** PEM texts; undefined: reports cannot be read and are refused. */
  readonly identyumPublicKeyPem: string | undefined
  readonly privateKeyPem: string | undefined
  readonly audit?: AuditRecorder
}

export type IdentyumOutcome = 'recorded' | 'replayed' | 'ignored'

const rejected = (cause: string) =>
  new AppError('kyc_report_rejected', { problems: [{ field: 'report', problem: cause }] })

// Environment variables often carry a PEM on one line with literal \n.
const pem = (text: string) => text.replace(/\\n/g, '\n')

export type IdentyumService = ReturnType<typeof createIdentyumService>

/** Identyum's identity checks: a token for the web component, the report back. */
export function createIdentyumService(deps: IdentyumServiceDeps) {
  const { db, clock, log, client, instance } = deps
  // Parsed at start-up, so that a broken key fails loudly there and not at the first report.
  const keys: IdentyumKeys | undefined =
    deps.identyumPublicKeyPem === undefined || deps.privateKeyPem === undefined
      ? undefined
      : {
          identyumPublicKey: createPublicKey(pem(deps.identyumPublicKeyPem)),
          privateKey: createPrivateKey(pem(deps.privateKeyPem)),
        }

  return {
    /** @throws {AppError} kyc_provider_failed */
    async token(
      userId: string,
    ): Promise<{ webComponentUrl: string | undefined; credentials: IdentyumCredentials }> {
      return { webComponentUrl: deps.webComponentUrl, credentials: await client.token(userId) }
    },

    /**
     * A finished report. Reports of another installation sharing the Identyum account are ignored.
     * @throws {AppError} kyc_report_rejected (details.problems[0].problem: why)
     */
    async receive(body: Buffer, secretKey: string, signature: string): Promise<IdentyumOutcome> {
      if (keys === undefined) throw rejected('Identyum is not configured')
      const report = openIdentyumReport(body, secretKey, signature, keys)
      if (report.instance !== undefined && report.instance !== instance) return 'ignored'
      if (report.status !== 'FINISHED') throw rejected(`the report status is not FINISHED`)
      const { person } = report
      if (person === undefined) throw rejected('the report lacks the first or last name')
      const userId = isUuid(report.userId) ? report.userId : undefined
      if (userId === undefined) log.warn({ sessionId: report.sessionId }, 'identyum report without a user')
      try {
        return await db.transaction().execute(async (trx) => {
          const outcome = await recordVerification(
            trx,
            { provider: 'IDENTYUM', sessionId: report.sessionId, person },
            userId,
            clock.now(),
          )
          if (outcome === 'recorded') {
            await auditKycDecision(trx, deps.audit ?? noAuditLog, {
              provider: 'IDENTYUM',
              sessionId: report.sessionId,
              outcome: 'approved',
              userId,
            })
          }
          return outcome
        })
      } catch (error) {
        if (isAppError(error) && error.code === 'user_not_found') throw rejected(`missing user: ${userId}`)
        throw error
      }
    },
  }
}
