import type { Db } from '../../db/database.ts'
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
  const row = await db
    .selectFrom('mail_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
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
  const result = await db.deleteFrom('mail_tokens').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export async function deleteMailTokensOfUser(
  db: Db,
  userId: string,
  purpose: MailTokenPurpose,
): Promise<void> {
  await db.deleteFrom('mail_tokens').where('user_id', '=', userId).where('purpose', '=', purpose).execute()
}
