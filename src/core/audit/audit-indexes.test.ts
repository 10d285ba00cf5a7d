import assert from 'node:assert/strict'
import { it } from 'node:test'
import { type CompiledQuery, sql } from 'kysely'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { useTestDatabase } from '../../../test/support/test-database.ts'

// An erasure rewrites every event naming the user, and the console filters the log by user: both
// must reach those events through an index, not by reading the whole log.
forEachDatabase('audit log indexes', (dialect) => {
  const database = useTestDatabase(dialect)

  /** The plan's text; PostgreSQL is told to avoid table scans, so it scans only when it has no index. */
  async function planOf(query: CompiledQuery): Promise<string> {
    if (dialect === 'sqlite') {
      const rows = await sql.raw(`explain query plan ${query.sql}`).execute(database.db)
      // node:sqlite binds the query's parameters; EXPLAIN does not need their values.
      return JSON.stringify(rows.rows)
    }
    return database.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx)
      const text = query.sql.replace(/\$\d+/g, "'x'")
      const rows = await sql.raw(`explain ${text}`).execute(trx)
      return JSON.stringify(rows.rows)
    })
  }

  const indexed = (plan: string) => assert.match(plan, /audit_events_(actor|subject)_idx/, plan)

  for (const column of ['actor_user_id', 'subject_user_id'] as const) {
    it(`finds a user's events by ${column} through an index`, async () => {
      const update = database.db
        .updateTable('audit_events')
        .set({ ip: null })
        .where(column, '=', 'someone')
        .compile()
      indexed(await planOf(update))
    })
  }
})
