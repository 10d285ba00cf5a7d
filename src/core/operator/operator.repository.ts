import type { Db } from '../../db/database.ts'
import { findRow, updateRows } from '../../db/rows.ts'

/** A sign-in link or an operator session as stored: of its token, only the hash is kept. */
export interface OperatorToken {
  readonly id: string
  readonly tokenHash: string
  readonly createdAt: Date
  readonly expiresAt: Date
}

const tokenColumns = (token: OperatorToken) => ({
  id: token.id,
  token_hash: token.tokenHash,
  created_at: token.createdAt.getTime(),
  expires_at: token.expiresAt.getTime(),
})

export async function insertOperatorSignInLink(db: Db, link: OperatorToken): Promise<void> {
  await db
    .insertInto('operator_sign_in_links')
    .values({ ...tokenColumns(link), used_at: null })
    .execute()
}

/**
 * Uses the unused, unexpired link with this hash up, at the session's creation, and opens `session`
 * with it; false when there is no such link. Of two redeemers at once, the conditional update lets
 * only one through. Run it in a transaction: the link is not used up unless the session opens.
 */
export async function openOperatorSession(
  db: Db,
  linkTokenHash: string,
  session: OperatorToken,
): Promise<boolean> {
  const usedAt = session.createdAt.getTime()
  const link = await db
    .updateTable('operator_sign_in_links')
    .set({ used_at: usedAt })
    .where((eb) => eb.and({ token_hash: linkTokenHash, used_at: null }))
    .where('expires_at', '>', usedAt)
    .returning('id')
    .executeTakeFirst()
  if (link === undefined) return false
  await db
    .insertInto('operator_sessions')
    .values({ ...tokenColumns(session), link_id: link.id, ended_at: null })
    .execute()
  return true
}

/** The session with this token hash unless it was ended; the caller judges whether it has expired. */
export async function findOpenOperatorSession(
  db: Db,
  tokenHash: string,
): Promise<Pick<OperatorToken, 'id' | 'expiresAt'> | undefined> {
  const row = await findRow(db, 'operator_sessions', { token_hash: tokenHash, ended_at: null })
  return row && { id: row.id, expiresAt: new Date(row.expires_at) }
}

export async function endOperatorSession(db: Db, id: string, now: Date): Promise<void> {
  await updateRows(db, 'operator_sessions', { id }, { ended_at: now.getTime() })
}
