import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { sql } from 'kysely'
import { addUser, createCoop } from '../../../test/support/ampnet-coops.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { migrate } from '../../db/migrate.ts'
import { findUsersPage, trigramsOf } from './user-admin.repository.ts'

coreSuite('admin user queries', (world, dialect) => {
  let tenantId: string
  before(async () => {
    tenantId = await createCoop(world, 'queries')
    for (const email of ['Ann.Lee@Example.com', 'bob_100%@example.com', 'carol@other.org']) {
      await addUser(world, tenantId, email)
    }
  })

  const page = { page: 0, size: 10, sort: [{ key: 'email' as const, descending: false }] }
  const found = async (fragment: string) =>
    (await findUsersPage(world.database.db, tenantId, { emailContains: fragment }, page)).users.map(
      (u) => u.email,
    )

  it('matches a lower-cased fragment anywhere in the address and returns addresses as stored', async () => {
    assert.deepEqual(await found('example.com'), ['Ann.Lee@Example.com', 'bob_100%@example.com'])
    assert.deepEqual(await found('lee@ex'), ['Ann.Lee@Example.com'])
    assert.deepEqual(await found('100%'), ['bob_100%@example.com'])
    assert.deepEqual(await found('b_1'), ['bob_100%@example.com'])
    assert.deepEqual(await found('n_l'), [])
    assert.equal((await found('')).length, 3, 'an empty fragment is in every address')
  })

  it('counts every match while returning one page', async () => {
    const result = await findUsersPage(world.database.db, tenantId, {}, { ...page, size: 2 })
    assert.deepEqual([result.users.length, result.total], [2, 3])
  })

  const countOf = async (trigram: string) =>
    (
      await world.database.db
        .selectFrom('user_email_trigram_counts')
        .select('users')
        .where('tenant_id', '=', tenantId)
        .where('trigram', '=', trigram)
        .executeTakeFirst()
    )?.users ?? 0

  it('keeps the trigram index right as users come and go, by code point (SQLite)', {
    skip: dialect !== 'sqlite' && 'PostgreSQL searches with its pg_trgm index',
  }, async () => {
    assert.deepEqual(trigramsOf('añña'), ['aññ', 'ñña'])
    assert.deepEqual(trigramsOf('ab'), [])
    const before = await countOf('exa')
    const everyone = await countOf('')
    const added = await addUser(world, tenantId, 'Zoë.Ñandú@Example.com')
    assert.equal(await countOf('exa'), before + 1)
    assert.equal(await countOf(''), everyone + 1, 'the empty trigram counts the coop’s users')
    assert.equal(await countOf('ñan'), 1)
    assert.deepEqual(await found('zoë.ñ'), ['Zoë.Ñandú@Example.com'])
    const other = await createCoop(world, 'queries-other')
    await addUser(world, other, 'zoe.other@example.com')
    assert.equal(await countOf('exa'), before + 1, 'another coop’s users count there')
    await world.database.db.deleteFrom('users').where('id', '=', added.id).execute()
    assert.equal(await countOf('exa'), before)
    assert.equal(await countOf(''), everyone)
    assert.equal(await countOf('ñan'), 0)
    assert.deepEqual(await found('zoë.ñ'), [])
    const left = await world.database.db
      .selectFrom('user_email_trigrams')
      .select('trigram')
      .where('user_id', '=', added.id)
      .execute()
    assert.deepEqual(left, [])
  })

  it('finds by fragments too short for trigrams, and answers at once when a trigram is held by none', async () => {
    assert.deepEqual(await found('@'), ['Ann.Lee@Example.com', 'bob_100%@example.com', 'carol@other.org'])
    assert.deepEqual(await found('ol'), ['carol@other.org'])
    const none = await findUsersPage(world.database.db, tenantId, { emailContains: 'qqq' }, page)
    assert.deepEqual([none.users, none.total], [[], 0])
  })

  if (dialect === 'sqlite') {
    it('starts a fragment search from the trigram index on SQLite', async () => {
      const plan = await sql<{ detail: string }>`explain query plan select id from users
        where tenant_id = ${tenantId} and id in (select user_id from user_email_trigrams
          where tenant_id = ${tenantId} and trigram = ${'lee'})
        and email_normalized like ${'%lee@ex%'} escape '\\'`.execute(world.database.db)
      const text = plan.rows.map((row) => row.detail).join('\n')
      assert.match(text, /user_email_trigrams/)
      assert.doesNotMatch(text, /SCAN users/)
    })
  }

  if (dialect === 'postgres') {
    // With a handful of rows the planner prefers the tenant index; the check is that the trigram
    // index can serve the substring match at all, which is what keeps it fast at scale.
    it('has a trigram index that serves the fragment search on PostgreSQL', async () => {
      const db = world.database.db
      await db.connection().execute(async (conn) => {
        await sql`set enable_seqscan = off`.execute(conn)
        const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from users
          where email_normalized like ${'%lee@ex%'} escape '\\'`.execute(conn)
        await sql`reset enable_seqscan`.execute(conn)
        const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n')
        assert.match(text, /users_email_trgm_idx/)
      })
    })
  }
})

coreSuite('the trigram index migration', (world, dialect) => {
  if (dialect !== 'sqlite') return // PostgreSQL has no trigram tables (pg_trgm serves it)

  it('indexes the users that existed before it', async () => {
    const tenantId = await createCoop(world, 'backfill')
    for (const email of ['one@example.com', 'two@example.com']) await addUser(world, tenantId, email)
    // Undo the migration, as if these users had signed up under the release before it.
    const db = world.database.db
    const undo = [
      sql`drop trigger users_email_trigrams_insert`,
      sql`drop trigger users_email_trigrams_delete`,
      sql`drop trigger users_email_trigrams_update`,
      sql`drop table trigram_positions`,
    ]
    for (const statement of [
      ...undo,
      sql`drop table user_email_trigrams`,
      sql`drop table user_email_trigram_counts`,
      sql`delete from latchkey_migrations where name = '2026-11-27-user-email-trigrams'`,
    ])
      await statement.execute(db)
    assert.deepEqual(await migrate(world.database), ['2026-11-27-user-email-trigrams'])
    const page = { page: 0, size: 10, sort: [{ key: 'email' as const, descending: false }] }
    const result = await findUsersPage(db, tenantId, { emailContains: 'o@exam' }, page)
    assert.deepEqual(
      result.users.map((user) => user.email),
      ['two@example.com'],
    )
    const counts = await db
      .selectFrom('user_email_trigram_counts')
      .select('users')
      .where('tenant_id', '=', tenantId)
      .where('trigram', 'in', ['exa', ''])
      .orderBy('trigram')
      .execute()
    assert.deepEqual(
      counts.map((count) => count.users),
      [2, 2],
    )
  })
})
