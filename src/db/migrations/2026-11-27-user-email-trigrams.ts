import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../database.ts'

// Frozen: a trigram index of users' addresses for AMPnet's admin "find by email fragment", on SQLite.
//
// A substring match cannot use a B-tree index, so the search scanned every user of the coop
// (bench: 31 req/s at 100,000 users). SQLite's FTS5 trigram tokenizer reads the posting list of
// every trigram of the fragment, and in addresses like `member-42@…` most trigrams (`mem`, `emb`,
// …) occur in every row. Here each trigram keeps a count of the users holding it, so the search
// walks only the rarest trigrams' users and checks the whole fragment on those: its cost follows
// the matches, not the coop's size.
//
// PostgreSQL keeps its pg_trgm GIN index (2026-11-24): it intersects posting lists as bitmaps, and
// a table like this one would cost it about 1.5 KB a user (15 GB at ten million users).
//
// Triggers keep both tables right for every write path (sign-up, social sign-up, import, deletes
// by cascade). Trigrams are of characters (code points), as substr counts them.
// The empty trigram '' counts the tenant's users, so a search can tell when a trigram is so common
// that reading the whole coop is cheaper.

// Longer than any address Latchkey accepts (254): every trigram position is covered.
const MAX_EMAIL_LENGTH = 1024

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return
  await db.schema
    .createTable('user_email_trigrams')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('trigram', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_email_trigrams_pk', ['tenant_id', 'trigram', 'user_id'])
    .modifyEnd(sql`without rowid`)
    .execute()
  await db.schema
    .createTable('user_email_trigram_counts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('trigram', 'text', (c) => c.notNull())
    .addColumn('users', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_email_trigram_counts_pk', ['tenant_id', 'trigram'])
    .modifyEnd(sql`without rowid`)
    .execute()
  await sqliteTriggers(db)
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  // SQLite triggers cannot use a recursive CTE: the positions come from a table of integers.
  await sql`create table trigram_positions (n integer primary key)`.execute(db)
  await sql`
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${sql.lit(MAX_EMAIL_LENGTH)})
    insert into trigram_positions (n) select n from seq`.execute(db)
  const trigramsOf = (row: 'new' | 'old') =>
    sql.raw(`select distinct substr(${row}.email_normalized, n, 3) as trigram from trigram_positions
      where n <= length(${row}.email_normalized) - 2`)
  const add = sql`
    insert or ignore into user_email_trigrams (tenant_id, trigram, user_id)
      select new.tenant_id, trigram, new.id from (${trigramsOf('new')}) where true;
    insert into user_email_trigram_counts (tenant_id, trigram, users)
      select new.tenant_id, trigram, 1 from (${trigramsOf('new')} union all select '') where true
      on conflict (tenant_id, trigram) do update set users = users + 1;`
  const remove = sql`
    update user_email_trigram_counts set users = users - 1
      where tenant_id = old.tenant_id and trigram in (${trigramsOf('old')} union all select '');
    delete from user_email_trigrams
      where tenant_id = old.tenant_id and user_id = old.id and trigram in (${trigramsOf('old')});`
  await sql`create trigger users_email_trigrams_insert after insert on users begin ${add} end`.execute(db)
  await sql`create trigger users_email_trigrams_delete after delete on users begin ${remove} end`.execute(db)
  await sql`create trigger users_email_trigrams_update after update of email_normalized, tenant_id on users
    begin ${remove} ${add} end`.execute(db)
  await sql`insert into user_email_trigrams (tenant_id, trigram, user_id)
    select distinct u.tenant_id, substr(u.email_normalized, p.n, 3), u.id
    from users u join trigram_positions p on p.n <= length(u.email_normalized) - 2`.execute(db)
  await backfillCounts(db)
}

/** Counts of the trigrams indexed so far, and of each tenant's users under ''. */
async function backfillCounts(db: Kysely<unknown>): Promise<void> {
  await sql`insert into user_email_trigram_counts (tenant_id, trigram, users)
    select tenant_id, trigram, count(*) from user_email_trigrams group by tenant_id, trigram`.execute(db)
  await sql`insert into user_email_trigram_counts (tenant_id, trigram, users)
    select tenant_id, '', count(*) from users group by tenant_id`.execute(db)
}
