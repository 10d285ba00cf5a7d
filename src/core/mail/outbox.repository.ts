import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { MailOutboxTable } from '../../db/schema.ts'
import { claimDueRows, heldBy, releaseClaims, type WorkQueue } from '../../db/work-queue.ts'

export type OutboxRow = Selectable<MailOutboxTable>

export async function insertOutboxMail(
  db: Db,
  mail: {
    id: string
    kind: string
    recipient: string
    language: string | undefined
    dataSealed: string
    at: Date
  },
): Promise<void> {
  await db
    .insertInto('mail_outbox')
    .values({
      id: mail.id,
      kind: mail.kind,
      recipient: mail.recipient,
      language: mail.language ?? null,
      data_sealed: mail.dataSealed,
      attempts: 0,
      next_attempt_at: mail.at.getTime(),
      claimed_by: null,
      locked_until: null,
      last_error: null,
      created_at: mail.at.getTime(),
      sent_at: null,
    })
    .execute()
}

const outboxQueue: WorkQueue<'mail_outbox'> = { table: 'mail_outbox', doneColumns: ['sent_at'] }

/** Claims up to `limit` due mails for `workerId` until `lockedUntil`, oldest first (see claimDueRows). */
export function claimDueOutboxMails(
  db: Db,
  workerId: string,
  now: Date,
  lockedUntil: Date,
  limit: number,
): Promise<OutboxRow[]> {
  return claimDueRows(db, outboxQueue, { workerId, now, lockedUntil, limit })
}

export async function markOutboxMailSent(db: Db, id: string, workerId: string, at: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ sent_at: at.getTime(), data_sealed: null, locked_until: null, last_error: null })
    .where(heldBy(id, workerId))
    .execute()
}

export async function markOutboxMailFailed(
  db: Db,
  id: string,
  workerId: string,
  error: string,
  retryAt: Date,
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error,
      next_attempt_at: retryAt.getTime(),
      locked_until: null,
    }))
    .where(heldBy(id, workerId))
    .execute()
}

/** Gives back a stopping worker's unsent claims so another worker need not wait for the lease. */
export function releaseOutboxClaims(db: Db, workerId: string): Promise<void> {
  return releaseClaims(db, outboxQueue, workerId)
}

export async function countUnsentOutboxMails(db: Db): Promise<number> {
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sent_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
