import type { Db } from '../../db/database.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import { createPollingWorker } from '../shared/polling-worker.ts'
import { newId } from '../shared/random.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import type { MailData, MailKind, MailRequest, MailTransport } from './mail.ts'
import { renderMail } from './mail-templates.ts'
import {
  claimDueOutboxMails,
  countUnsentOutboxMails,
  insertOutboxMail,
  markOutboxMailFailed,
  markOutboxMailSent,
  releaseOutboxClaims,
} from './outbox.repository.ts'

export interface MailOutboxDeps {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  readonly secretBox: SecretBox
  readonly transport: MailTransport
  readonly pollSeconds: number
  /** How long a claimed mail is reserved for its worker (a crashed worker's mails wait this long). */
  readonly leaseSeconds?: number
  readonly batchSize?: number
}

const RETRY_BASE_MS = 5_000
const RETRY_MAX_MS = 3_600_000

/** Exponential backoff, capped: a mail is retried until it goes out, never dropped. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.min(attempts, 20), RETRY_MAX_MS)
}

export type MailOutbox = ReturnType<typeof createMailOutbox>

/**
 * Work the outbox does later, durably, in a transaction of its own: e.g. to find out whether a mail
 * is due at all, off the request's path. Whatever it enqueues commits with the job's completion.
 */
export type OutboxJob = (trx: Db, data: Readonly<Record<string, string | null>>) => Promise<void>

// Job rows carry no recipient: who gets a mail, if anyone, is the job's to find out.
const JOB_PREFIX = 'job.'

/**
 * A durable outbox: `enqueue` writes the mail in the caller's transaction, so a mail exists exactly
 * when what it announces was committed; a background worker delivers it with retries.
 */
export function createMailOutbox(deps: MailOutboxDeps) {
  const { db, clock, log, secretBox, transport } = deps
  const workerId = newId()
  const leaseMs = (deps.leaseSeconds ?? 60) * 1000
  const batchSize = deps.batchSize ?? 20
  const jobs = new Map<string, OutboxJob>()
  let jobsDone = 0

  async function deliver(row: Awaited<ReturnType<typeof claimDueOutboxMails>>[number]): Promise<boolean> {
    try {
      const job = jobs.get(row.kind)
      if (job !== undefined) {
        await db.transaction().execute(async (trx) => {
          await job(trx, JSON.parse(secretBox.open(row.data_sealed ?? '')))
          await markOutboxMailSent(trx, row.id, workerId, clock.now())
        })
        jobsDone++ // the pass looks again, for the mail the job enqueued
        return false
      }
      if (row.attempts > 0)
        log.debug({ mailId: row.id, kind: row.kind, attempt: row.attempts + 1 }, 'retrying mail')
      const data = JSON.parse(secretBox.open(row.data_sealed ?? '')) as MailData
      await transport.send({
        to: row.recipient,
        ...renderMail(row.kind as MailKind, row.language ?? undefined, data),
      })
      await markOutboxMailSent(db, row.id, workerId, clock.now())
      log.debug({ mailId: row.id, kind: row.kind, attempts: row.attempts + 1 }, 'mail sent')
      return true
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const retryAt = new Date(clock.now().getTime() + retryDelayMs(row.attempts))
      await markOutboxMailFailed(db, row.id, workerId, message.slice(0, 500), retryAt)
      log.warn(
        { mailId: row.id, kind: row.kind, attempts: row.attempts + 1, retryAt, error: message },
        'mail delivery failed; will retry',
      )
      return false
    }
  }

  async function pass(): Promise<number> {
    let sent = 0
    for (;;) {
      const now = clock.now()
      const jobsBefore = jobsDone
      const batch = await claimDueOutboxMails(db, workerId, now, new Date(now.getTime() + leaseMs), batchSize)
      for (const row of batch) if (await deliver(row)) sent++
      if (batch.length < batchSize && jobsDone === jobsBefore) return sent
    }
  }

  const worker = createPollingWorker('mail outbox', deps, {
    pass,
    release: () => releaseOutboxClaims(db, workerId),
  })

  const outbox = {
    /** Writes the mail into the outbox with `executor` (pass the transaction that makes its cause). */
    async enqueue(executor: Db, request: MailRequest): Promise<void> {
      await insertOutboxMail(executor, {
        id: newId(),
        kind: request.kind,
        recipient: request.to,
        language: request.language,
        dataSealed: secretBox.seal(JSON.stringify(request.data)),
        at: clock.now(),
      })
    },

    /** Names the work done for enqueued jobs of `kind` (which starts with `job.`). */
    handleJob(kind: `${typeof JOB_PREFIX}${string}`, job: OutboxJob): void {
      jobs.set(kind, job)
    },

    /** Writes a job into the outbox with `executor`; its data is sealed like a mail's. */
    async enqueueJob(
      executor: Db,
      kind: `${typeof JOB_PREFIX}${string}`,
      data: Readonly<Record<string, string | null>>,
    ): Promise<void> {
      await insertOutboxMail(executor, {
        id: newId(),
        kind,
        recipient: '',
        language: undefined,
        dataSealed: secretBox.seal(JSON.stringify(data)),
        at: clock.now(),
      })
    },

    /** Delivers every due mail now (after a pass under way). Returns how many went out. */
    deliverDue: (): Promise<number> => worker.runNow(),

    /** Asks for a delivery pass soon, e.g. right after the transaction that enqueued a mail committed. */
    nudge: (): void => worker.nudge(),

    start: (): void => worker.start(),

    /** Stops polling, lets a running pass finish and gives back unsent claims. */
    async stop(): Promise<void> {
      await worker.stop()
      transport.close()
    },

    backlog: () => countUnsentOutboxMails(db),
  }
  return outbox
}
