import type { Db } from '../../db/database.ts'
import { deleteRows, findRow } from '../../db/rows.ts'
import type { MailToken, MailTokenPurpose } from './mail-token.ts'

export async function insertMailToken(db: Db, token: MailToken, tokenHash: string): Promise<void> {
  await db
    .insertInto('mail_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      purpose: token.purpose,
      token_hash: tokenHash,
      created_at: token.createdAt.getTime(),
      expires_at: token.expiresAt.getTime(),
    })
    .execute()
}

export async function findMailTokenByHash(
  db: Db,
  purpose: MailTokenPurpose,
  tokenHash: string,
): Promise<MailToken | undefined> {
  const row = await findRow(db, 'mail_tokens', { token_hash: tokenHash, purpose })
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      purpose,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
    }
  )
}

/** Deletes the token; false when it was gone already (another request used it first). */
export async function deleteMailToken(db: Db, id: string): Promise<boolean> {
  return (await deleteRows(db, 'mail_tokens', { id })) > 0
}

export async function deleteMailTokensOfUser(
  db: Db,
  userId: string,
  purpose: MailTokenPurpose,
): Promise<void> {
  await deleteRows(db, 'mail_tokens', { user_id: userId, purpose })
}
