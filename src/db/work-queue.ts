import { type Kysely, type Selectable, sql } from 'kysely'
import { type Db, hasRowLocks } from './database.ts'
import type { Schema } from './schema.ts'

/** A durable queue: a table whose rows workers on any instance claim, work on and finish. */
export interface WorkQueue<T extends keyof Schema> {
  readonly table: T
  /** Columns set when a row is finished (sent, delivered, given up): the row is pending while all are null. */
  readonly doneColumns: readonly (keyof Schema[T] & string)[]
}

/** The columns every queue table has for sharing its rows between workers. */
interface ClaimColumns {
  id: string
  next_attempt_at: number
  claimed_by: string | null
  locked_until: number | null
  created_at: number
}

// Kysely cannot type a query over "any table with these columns"; the queues' columns are checked
// by their declarations in schema.ts instead.
const queueDb = (db: Db) => db as unknown as Kysely<{ queue: ClaimColumns }>
const tableOf = (queue: { readonly table: string }) => queue.table as 'queue'

const isPending = (doneColumns: readonly string[]) =>
  sql<boolean>`${sql.join(
    doneColumns.map((column) => sql`${sql.ref(column)} is null`),
    sql` and `,
  )}`

/**
 * Claims up to `limit` due rows for `workerId` until `lockedUntil` and returns them, oldest first,
 * in one statement. On PostgreSQL the candidates are picked `FOR UPDATE SKIP LOCKED`, so instances
 * claiming at the same moment take different rows instead of waiting for each other. The claim
 * conditions are repeated on the UPDATE itself, so a row another worker claimed meanwhile is skipped.
 */
export async function claimDueRows<T extends keyof Schema>(
  db: Db,
  queue: WorkQueue<T>,
  claim: { workerId: string; now: Date; lockedUntil: Date; limit: number },
): Promise<Selectable<Schema[T]>[]> {
  const nowMs = claim.now.getTime()
  const qdb = queueDb(db)
  const pending = isPending(queue.doneColumns)
  const due = qdb
    .selectFrom(tableOf(queue))
    .select('id')
    .where(pending)
    .where('next_attempt_at', '<=', nowMs)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowMs)]))
    .orderBy('created_at')
    .limit(claim.limit)
    .$if(hasRowLocks(db), (query) => query.forUpdate().skipLocked())
  const claimed = await qdb
    .updateTable(tableOf(queue))
    .set({ claimed_by: claim.workerId, locked_until: claim.lockedUntil.getTime() })
    .where('id', 'in', due)
    .where(pending)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowMs)]))
    .returningAll()
    .execute()
  return claimed.sort((a, b) => Number(a.created_at) - Number(b.created_at)) as unknown as Selectable<
    Schema[T]
  >[]
}

/**
 * The condition of a worker's update to a row it claimed: a worker whose lease ran out, and whose
 * row another worker took over, changes nothing.
 */
export function heldBy(id: string, workerId: string) {
  return sql<boolean>`${sql.ref('id')} = ${id} and ${sql.ref('claimed_by')} = ${workerId}`
}

/** Gives back a stopping worker's unfinished claims so another worker need not wait for the lease. */
export async function releaseClaims<T extends keyof Schema>(
  db: Db,
  queue: WorkQueue<T>,
  workerId: string,
): Promise<void> {
  await queueDb(db)
    .updateTable(tableOf(queue))
    .set({ locked_until: null })
    .where('claimed_by', '=', workerId)
    .where(isPending(queue.doneColumns))
    .execute()
}
