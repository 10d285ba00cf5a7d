import type { Db } from '../../db/database.ts'
import { date, rowMapper } from '../../db/row-mapping.ts'
import { deleteRows, findRow, type Row } from '../../db/rows.ts'
import type { MailToken, MailTokenPurpose } from './mail-token.ts'

const toMailToken = rowMapper<Row<'mail_tokens'>, MailToken>({
  id: 'id',
  userId: 'user_id',
  purpose: (row) => row.purpose as MailTokenPurpose,
  createdAt: date('created_at'),
  expiresAt: date('expires_at'),
})

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
  return row && toMailToken(row)
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
