import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { date, oneOf, optional, rowMapper } from '../../db/row-mapping.ts'
import { findRow, listRows, updateRows } from '../../db/rows.ts'
import type { VeriffDecisionTable, VeriffSessionTable } from '../../db/schema.ts'
import { snakeOrNull } from '../shared/snake-case.ts'
import {
  isDecisionStatus,
  isVeriffState,
  VERIFF_DECISION_DETAILS,
  type VeriffDecision,
  type VeriffSession,
  type VeriffState,
} from './veriff.ts'

const toSession = rowMapper<Selectable<VeriffSessionTable>, VeriffSession>({
  id: 'id',
  userId: 'user_id',
  url: 'url',
  state: oneOf('state', isVeriffState, 'created'),
  createdAt: date('created_at'),
})

const toDecision = rowMapper<Selectable<VeriffDecisionTable>, VeriffDecision>({
  sessionId: 'session_id',
  status: oneOf('status', isDecisionStatus, 'review'),
  code: 'code',
  reason: optional('reason'),
  reasonCode: optional('reason_code'),
  decisionTime: optional('decision_time'),
  acceptanceTime: optional('acceptance_time'),
})

export async function findLatestVeriffSession(db: Db, userId: string): Promise<VeriffSession | undefined> {
  const [row] = await listRows(db, 'veriff_sessions', { user_id: userId }, { newestFirst: true, limit: 1 })
  return row && toSession(row)
}

export async function insertVeriffSession(db: Db, session: VeriffSession): Promise<void> {
  await db
    .insertInto('veriff_sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      url: session.url,
      state: session.state,
      connected: 0,
      created_at: session.createdAt.getTime(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

/**
 * Serializes the session's webhooks until the transaction ends: a no-op write to its row takes the
 * row lock on PostgreSQL and the write lock on SQLite, so a decision or event is judged against
 * the decision stored when it runs, not one read before a concurrent webhook committed.
 * False when there is no such session.
 */
export async function lockVeriffSession(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('veriff_sessions')
    .set((eb) => ({ state: eb.ref('state') }))
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** False when there is no such session. */
export async function updateVeriffSessionState(db: Db, id: string, state: VeriffState): Promise<boolean> {
  return (await updateRows(db, 'veriff_sessions', { id }, { state })) > 0
}

export async function markVeriffSessionConnected(db: Db, id: string): Promise<void> {
  await updateRows(db, 'veriff_sessions', { id }, { connected: 1 })
}

export async function findVeriffDecision(db: Db, sessionId: string): Promise<VeriffDecision | undefined> {
  const row = await findRow(db, 'veriff_decisions', { session_id: sessionId })
  return row && toDecision(row)
}

/** Stores the session's decision, replacing an earlier one (the service judges whether it may). */
export async function upsertVeriffDecision(db: Db, decision: VeriffDecision, now: Date): Promise<void> {
  const values = {
    status: decision.status,
    code: decision.code,
    ...snakeOrNull(decision, VERIFF_DECISION_DETAILS),
    created_at: now.getTime(),
  }
  await db
    .insertInto('veriff_decisions')
    .values({ session_id: decision.sessionId, ...values })
    .onConflict((oc) => oc.column('session_id').doUpdateSet(values))
    .execute()
}
