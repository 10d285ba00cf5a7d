import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { prepareQuery } from '../../db/prepared.ts'
import { date, optionalDate, rowMapper } from '../../db/row-mapping.ts'
import type { SessionTable } from '../../db/schema.ts'
import type { Session } from './session.ts'

const toSession = rowMapper<Selectable<SessionTable>, Session>({
  id: 'id',
  tenantId: 'tenant_id',
  userId: 'user_id',
  surface: 'surface',
  createdAt: date('created_at'),
  lastUsedAt: date('last_used_at'),
  expiresAt: optionalDate('expires_at'),
  endedAt: optionalDate('ended_at'),
})

// Prepared: every sign-in writes one.
const insertSessionRow = prepareQuery<
  never,
  [string, string, string, string, string | null, number, number, number | null]
>(8, (db, id, tenantId, userId, surface, refreshTokenHash, createdAt, lastUsedAt, expiresAt) =>
  db.insertInto('sessions').values({
    id,
    tenant_id: tenantId,
    user_id: userId,
    surface,
    refresh_token_hash: refreshTokenHash,
    created_at: createdAt,
    last_used_at: lastUsedAt,
    expires_at: expiresAt,
    ended_at: null,
  }),
)

export async function insertSession(
  db: Db,
  session: Session,
  refreshTokenHash: string | undefined,
): Promise<void> {
  await insertSessionRow(
    db,
    session.id,
    session.tenantId,
    session.userId,
    session.surface,
    refreshTokenHash ?? null,
    session.createdAt.getTime(),
    session.lastUsedAt.getTime(),
    session.expiresAt?.getTime() ?? null,
  )
}

export async function findSessionByRefreshTokenHash(
  db: Db,
  refreshTokenHash: string,
): Promise<Session | undefined> {
  const [row] = await selectSessionByRefreshTokenHash(db, refreshTokenHash)
  return row && toSession(row)
}

// Prepared: `findByRefreshToken` reads a session by its token's hash.
const selectSessionByRefreshTokenHash = prepareQuery<Selectable<SessionTable>, [string]>(1, (db, hash) =>
  db.selectFrom('sessions').selectAll().where('refresh_token_hash', '=', hash),
)

/**
 * The refresh path's one statement: the session of a refresh token's hash, if it is open and not
 * expired at `now` (session.ts's `isSessionUsable`, judged on the row before the change), gets its
 * use recorded and comes back as it now is. `slide`: the expiry becomes the given one; otherwise
 * only a session without an expiry takes it.
 */
function useSessionStatement(slide: boolean) {
  return prepareQuery<Selectable<SessionTable>, [number, number | null, string, number]>(
    4,
    (db, usedAt, expiresAt, hash, now) =>
      db
        .updateTable('sessions')
        .set((eb) => ({
          last_used_at: usedAt,
          expires_at: slide ? expiresAt : eb.fn.coalesce('expires_at', eb.val(expiresAt)),
        }))
        .where('refresh_token_hash', '=', hash)
        .where('ended_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .returningAll(),
  )
}
const slideSession = useSessionStatement(true)
const keepSessionExpiry = useSessionStatement(false)

/**
 * Uses the session behind a refresh token's hash at `now`: undefined when it is unknown, ended or
 * expired; otherwise its last use is `now` and its expiry `expiresAt` (with `slide` false, only if it
 * had none), in one statement, so that no refresh can use a session another request has just ended.
 */
export async function useSessionByRefreshTokenHash(
  db: Db,
  refreshTokenHash: string,
  now: Date,
  expiresAt: Date | undefined,
  slide: boolean,
): Promise<Session | undefined> {
  const use = slide ? slideSession : keepSessionExpiry
  const [row] = await use(db, now.getTime(), expiresAt?.getTime() ?? null, refreshTokenHash, now.getTime())
  return row && toSession(row)
}

export async function findSessionById(db: Db, sessionId: string): Promise<Session | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst()
  return row && toSession(row)
}

/** Ends one open session; returns whose it was, or undefined when it was unknown or ended. */
export async function endSession(
  db: Db,
  sessionId: string,
  at: Date,
): Promise<{ userId: string; tenantId: string } | undefined> {
  const row = await db
    .updateTable('sessions')
    .set({ ended_at: at.getTime(), refresh_token_hash: null })
    .where((eb) => eb.and({ id: sessionId, ended_at: null }))
    .returning(['user_id', 'tenant_id'])
    .executeTakeFirst()
  return row && { userId: row.user_id, tenantId: row.tenant_id }
}

/** Ends every open session of the user but `exceptSessionId`; returns the ids it ended. */
export async function endSessionsOfUser(
  db: Db,
  userId: string,
  at: Date,
  exceptSessionId?: string,
): Promise<string[]> {
  let query = db
    .updateTable('sessions')
    .set({ ended_at: at.getTime(), refresh_token_hash: null })
    .where((eb) => eb.and({ user_id: userId, ended_at: null }))
  if (exceptSessionId !== undefined) query = query.where('id', '!=', exceptSessionId)
  const rows = await query.returning('id').execute()
  return rows.map((row) => row.id)
}

export async function listSessionsEndedSince(db: Db, since: Date): Promise<{ id: string; endedAt: Date }[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'ended_at'])
    .where('ended_at', '>=', since.getTime())
    .execute()
  return rows.map((row) => ({ id: row.id, endedAt: new Date(row.ended_at ?? 0) }))
}

/** Sessions neither ended nor expired at `now` (the ended_at index keeps it cheap). */
export async function countOpenSessions(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ended_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.getTime())]))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** The user's sessions neither ended nor expired at `now`, newest first. */
export async function findOpenSessionsOfUser(db: Db, userId: string, now: Date): Promise<Session[]> {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.getTime())]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map(toSession)
}
