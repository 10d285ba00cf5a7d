import { sql } from 'kysely'
import type { Db } from '../../src/db/database.ts'
import type { TestDialect } from './databases.ts'

// Counts committed row changes in every table with test-only triggers: a rolled-back write leaves no
// trace, so "the database is unchanged" is one cheap read per request instead of a checksum of
// every table. The triggers log into a table of their own, which names the changed table on failure.

const LOG = 'lk_test_row_writes'

export interface WriteCounter {
  /** How many rows have been inserted, updated or deleted since the triggers were installed. */
  count(): Promise<number>
  /** The tables and operations of the writes after `since`. */
  describeSince(since: number): Promise<string[]>
}

async function tablesOf(db: Db, dialect: TestDialect): Promise<string[]> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
  return rows.map((row) => row.name).filter((name) => !UNCOUNTED.has(name))
}

// The write log itself, and the audit log: a refused sign-in is recorded there on purpose (who
// failed, from where), which is a record of the refusal, not a change the refusal made.
const UNCOUNTED = new Set([LOG, 'audit_events'])

/** Installs the triggers on every table of the test database (test databases only). */
export async function installWriteCounter(db: Db, dialect: TestDialect): Promise<WriteCounter> {
  const tables = await tablesOf(db, dialect)
  if (dialect === 'sqlite') {
    await sql.raw(`create table ${LOG} (id integer primary key autoincrement, tbl text, op text)`).execute(db)
    for (const table of tables) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql
          .raw(`create trigger lk_test_${op}_${table} after ${op} on "${table}"
            begin insert into ${LOG} (tbl, op) values ('${table}', '${op}'); end`)
          .execute(db)
      }
    }
  } else {
    await sql.raw(`create table ${LOG} (id bigserial primary key, tbl text, op text)`).execute(db)
    await sql
      .raw(`create function lk_test_count_write() returns trigger language plpgsql as $$
        begin insert into ${LOG} (tbl, op) values (tg_table_name, lower(tg_op)); return null; end $$`)
      .execute(db)
    for (const table of tables) {
      await sql
        .raw(`create trigger lk_test_writes after insert or update or delete on "${table}"
          for each row execute function lk_test_count_write()`)
        .execute(db)
    }
  }
  return {
    async count() {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(LOG)}`.execute(
        db,
      )
      return Number(rows[0]?.n ?? 0)
    },
    async describeSince(since) {
      const { rows } = await sql<{ tbl: string; op: string }>`select tbl, op from ${sql.table(LOG)}
        order by id`.execute(db)
      return rows.slice(since).map((row) => `${row.op} ${row.tbl}`)
    },
  }
}
