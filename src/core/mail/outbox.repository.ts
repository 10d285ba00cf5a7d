import type { Selectable } from 'kysely'
import { type Db, hasRowLocks } from '../../db/database.ts'
import type { MailOutboxTable } from '../../db/schema.ts'

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

/**
 * Claims up to `limit` due mails for `workerId` until `lockedUntil` and returns them, oldest first,
 * in one statement. On PostgreSQL the candidates are picked `FOR UPDATE SKIP LOCKED`, so instances
 * claiming at the same moment take different rows instead of waiting for each other. The claim
 * conditions are repeated on the UPDATE itself, so a row another worker claimed meanwhile is skipped.
 */
export async function claimDueOutboxMails(
  db: Db,
  workerId: string,
  now: Date,
  lockedUntil: Date,
  limit: number,
): Promise<OutboxRow[]> {
  const nowMs = now.getTime()
  const due = db
    .selectFrom('mail_outbox')
    .select('id')
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', nowMs)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowMs)]))
    .orderBy('created_at')
    .limit(limit)
    .$if(hasRowLocks(db), (query) => query.forUpdate().skipLocked())
  const claimed = await db
    .updateTable('mail_outbox')
    .set({ claimed_by: workerId, locked_until: lockedUntil.getTime() })
    .where('id', 'in', due)
    .where('sent_at', 'is', null)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowMs)]))
    .returningAll()
    .execute()
  return claimed.sort((a, b) => a.created_at - b.created_at)
}

export async function markOutboxMailSent(db: Db, id: string, workerId: string, at: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ sent_at: at.getTime(), data_sealed: null, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('claimed_by', '=', workerId)
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
    .where('id', '=', id)
    .where('claimed_by', '=', workerId)
    .execute()
}

/** Gives back a stopping worker's unsent claims so another worker need not wait for the lease. */
export async function releaseOutboxClaims(db: Db, workerId: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ locked_until: null })
    .where('claimed_by', '=', workerId)
    .where('sent_at', 'is', null)
    .execute()
}

export async function countUnsentOutboxMails(db: Db): Promise<number> {
  const row = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sent_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
