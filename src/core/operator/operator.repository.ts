import type { Db } from '../../db/database.ts'
import { updateRows } from '../../db/rows.ts'

export async function insertOperatorSignInLink(
  db: Db,
  link: { id: string; tokenHash: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('operator_sign_in_links')
    .values({
      id: link.id,
      token_hash: link.tokenHash,
      created_at: link.createdAt.getTime(),
      expires_at: link.expiresAt.getTime(),
      used_at: null,
    })
    .execute()
}

/** Marks the unused, unexpired link with this hash used; its id, or undefined when there is none. */
export async function useOperatorSignInLink(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const link = await db
    .updateTable('operator_sign_in_links')
    .set({ used_at: now.getTime() })
    .where((eb) => eb.and({ token_hash: tokenHash, used_at: null }))
    .where('expires_at', '>', now.getTime())
    .returning('id')
    .executeTakeFirst()
  return link?.id
}

export async function insertOperatorSession(
  db: Db,
  session: { id: string; tokenHash: string; linkId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('operator_sessions')
    .values({
      id: session.id,
      token_hash: session.tokenHash,
      link_id: session.linkId,
      created_at: session.createdAt.getTime(),
      expires_at: session.expiresAt.getTime(),
      ended_at: null,
    })
    .execute()
}

/** The id of the open, unexpired session with this token hash. */
export async function findOpenOperatorSession(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('operator_sessions')
    .select('id')
    .where((eb) => eb.and({ token_hash: tokenHash, ended_at: null }))
    .where('expires_at', '>', now.getTime())
    .executeTakeFirst()
  return row?.id
}

export async function endOperatorSession(db: Db, id: string, now: Date): Promise<void> {
  await updateRows(db, 'operator_sessions', { id }, { ended_at: now.getTime() })
}
