import type { Db } from '../../db/database.ts'
import { pseudonymiseWebhookDeliveries } from '../webhook/webhook-delivery.repository.ts'

/** How many rows of each kind an erasure removed (the audit event's details). */
export interface ErasedCounts {
  readonly sessions: number
  readonly api_keys: number
  readonly ideas: number
  readonly bank_accounts: number
  readonly mail_tokens: number
  readonly kyc_records: number
  readonly veriff_sessions: number
  readonly queued_mails: number
  readonly audit_events: number
}

export interface Erased {
  /** Sessions that were still open: their access tokens must be revoked at once. */
  readonly openSessionIds: readonly string[]
  readonly counts: ErasedCounts
}

const deleted = (result: { numDeletedRows: bigint }[]) =>
  Number(result.reduce((sum, row) => sum + row.numDeletedRows, 0n))

/**
 * Removes every row that belongs to the user, then the user, and replaces the user's id in the
 * audit log and the webhook delivery log by `pseudonym` (dropping the IP and user agent of the
 * user's own requests). Run it in
 * a transaction: the foreign keys would cascade some of it, but not the KYC data, the outbox or the
 * audit log, and counting each kind needs explicit deletes anyway.
 */
export async function eraseUserRows(
  db: Db,
  user: { readonly id: string; readonly email: string },
  pseudonym: string,
): Promise<Erased> {
  const userId = user.id
  const sessions = await db
    .selectFrom('sessions')
    .select(['id', 'ended_at'])
    .where('user_id', '=', userId)
    .execute()
  const veriffSessionIds = (
    await db.selectFrom('veriff_sessions').select('id').where('user_id', '=', userId).execute()
  ).map((row) => row.id)
  const kycSessionIds = (
    await db.selectFrom('kyc_records').select('session_id').where('user_id', '=', userId).execute()
  ).map((row) => row.session_id)
  const providerSessionIds = [...new Set([...veriffSessionIds, ...kycSessionIds])]

  const count = async (table: 'sessions' | 'api_keys' | 'ideas' | 'bank_accounts' | 'mail_tokens') =>
    deleted(await db.deleteFrom(table).where('user_id', '=', userId).execute())
  const counts = {
    sessions: await count('sessions'),
    api_keys: await count('api_keys'),
    ideas: await count('ideas'),
    bank_accounts: await count('bank_accounts'),
    mail_tokens: await count('mail_tokens'),
    kyc_records: deleted(
      await db
        .deleteFrom('kyc_records')
        .where((eb) =>
          providerSessionIds.length === 0
            ? eb('user_id', '=', userId)
            : eb.or([eb('user_id', '=', userId), eb('session_id', 'in', providerSessionIds)]),
        )
        .execute(),
    ),
    veriff_sessions: await deleteVeriff(db, userId, providerSessionIds),
    queued_mails: await deleteMailTo(db, userId, user.email),
    audit_events: await pseudonymiseAudit(db, userId, pseudonym),
  }
  await pseudonymiseWebhookDeliveries(db, userId, pseudonym)
  await db.deleteFrom('passkeys').where('user_id', '=', userId).execute()
  await db.deleteFrom('users').where('id', '=', userId).execute()
  return { openSessionIds: sessions.filter((row) => row.ended_at === null).map((row) => row.id), counts }
}

async function deleteVeriff(db: Db, userId: string, providerSessionIds: readonly string[]): Promise<number> {
  if (providerSessionIds.length > 0) {
    await db.deleteFrom('veriff_decisions').where('session_id', 'in', providerSessionIds).execute()
  }
  return deleted(await db.deleteFrom('veriff_sessions').where('user_id', '=', userId).execute())
}

/**
 * Mail to the address, sent or queued. The outbox names no user, so when an account in another
 * coop has the same address the rows may be its mail: they stay (the address is still in use).
 */
async function deleteMailTo(db: Db, userId: string, email: string): Promise<number> {
  const normalized = email.trim().toLowerCase()
  const shared = await db
    .selectFrom('users')
    .select('id')
    .where('email_normalized', '=', normalized)
    .where('id', '!=', userId)
    .executeTakeFirst()
  if (shared !== undefined) return 0
  const result = await db
    .deleteFrom('mail_outbox')
    .where((eb) => eb.or([eb('recipient', '=', email), eb(eb.fn('lower', ['recipient']), '=', normalized)]))
    .execute()
  return deleted(result)
}

/** Keeps the events, under the pseudonym; the IP and user agent of the user's own requests go. */
async function pseudonymiseAudit(db: Db, userId: string, pseudonym: string): Promise<number> {
  const asActor = await db
    .updateTable('audit_events')
    .set({ actor_user_id: pseudonym, ip: null, user_agent: null })
    .where('actor_user_id', '=', userId)
    .executeTakeFirst()
  const asSubject = await db
    .updateTable('audit_events')
    .set({ subject_user_id: pseudonym })
    .where('subject_user_id', '=', userId)
    .executeTakeFirst()
  return Number(asActor.numUpdatedRows + asSubject.numUpdatedRows)
}
