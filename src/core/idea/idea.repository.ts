import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { prepareQuery } from '../../db/prepared.ts'
import { cacheListWhileUnchanged } from '../../db/read-cache.ts'
import { date, rowMapper } from '../../db/row-mapping.ts'
import { findRow } from '../../db/rows.ts'
import type { IdeaTable } from '../../db/schema.ts'
import type { Idea } from './idea.ts'

const toIdea = rowMapper<Selectable<IdeaTable>, Idea>({
  id: 'id',
  userId: 'user_id',
  content: 'content',
  impact: 'impact',
  ease: 'ease',
  confidence: 'confidence',
  createdAt: date('created_at'),
  updatedAt: date('updated_at'),
})

// Every write of an idea names its owner, so each is declared a write of that user's ideas alone
// (db/change-watch.ts): a user's kept pages (below) outlive other users' writes. Prepared, since the
// declaration is made on the statement's SQL. The owner is argument 1 in each.
const OWNER = { table: 'ideas', argument: 1 } as const

// The columns an insert and an update both write, in their arguments' order.
type IdeaArguments = [string, string, string, number, number, number, number, number]

const ideaArguments = (idea: Idea): IdeaArguments => [
  idea.id,
  idea.userId,
  idea.content,
  idea.impact,
  idea.ease,
  idea.confidence,
  idea.impact + idea.ease + idea.confidence,
  idea.updatedAt.getTime(),
]

const insertRow = prepareQuery<never, [...IdeaArguments, number]>(
  9,
  (db, id, userId, content, impact, ease, confidence, scoreTotal, updatedAt, createdAt) =>
    db.insertInto('ideas').values({
      id,
      user_id: userId,
      content,
      impact,
      ease,
      confidence,
      score_total: scoreTotal,
      created_at: createdAt,
      updated_at: updatedAt,
    }),
  OWNER,
)

export async function insertIdea(db: Db, idea: Idea): Promise<void> {
  await insertRow(db, ...ideaArguments(idea), idea.createdAt.getTime())
}

export async function findIdeaOfUser(db: Db, userId: string, ideaId: string): Promise<Idea | undefined> {
  const row = await findRow(db, 'ideas', { id: ideaId, user_id: userId })
  return row && toIdea(row)
}

const updateRow = prepareQuery<never, IdeaArguments>(
  8,
  (db, id, userId, content, impact, ease, confidence, scoreTotal, updatedAt) =>
    db
      .updateTable('ideas')
      .set({ content, impact, ease, confidence, score_total: scoreTotal, updated_at: updatedAt })
      .where('id', '=', id)
      .where('user_id', '=', userId),
  OWNER,
)

export async function updateIdea(db: Db, idea: Idea): Promise<void> {
  await updateRow(db, ...ideaArguments(idea))
}

const deleteRow = prepareQuery<{ id: string }, [string, string]>(
  2,
  (db, id, userId) =>
    db.deleteFrom('ideas').where('id', '=', id).where('user_id', '=', userId).returning('id'),
  OWNER,
)

/** Deletes the user's idea; false when the user has no idea with that id. */
export async function deleteIdeaOfUser(db: Db, userId: string, ideaId: string): Promise<boolean> {
  return (await deleteRow(db, ideaId, userId)).length > 0
}

// From this offset on, a page reads its rows after finding their ids (see listIdeasOfUser).
const DEFERRED_READ_OFFSET = 200

// The first pages are what `GET /ideas` asks for nearly always: their query is compiled once per
// page size (there is one), the size written into its SQL (db/inline-limit.ts).
const shallowPages = new Map<
  number,
  (db: Db, userId: string, offset: number) => Promise<Selectable<IdeaTable>[]>
>()

function shallowPage(limit: number) {
  let page = shallowPages.get(limit)
  if (page === undefined) {
    page = prepareQuery<Selectable<IdeaTable>, [string, number]>(2, (db, userId, offset) =>
      db
        .selectFrom('ideas')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('score_total', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .offset(offset),
    )
    shallowPages.set(limit, page)
  }
  return page
}

// A user reads their first pages far more often than they write: a page is kept until one of their
// own writes, or a write of the table not made by the statements above (db/read-cache.ts).
const keptShallowPage = cacheListWhileUnchanged(
  'ideas',
  (offset: number, limit: number) => `${offset}/${limit}`,
  async (db: Db, userId: string, offset: number, limit: number) =>
    (await shallowPage(limit)(db, userId, offset)).map(toIdea),
)

/** Best average first (the sum orders the same as the mean), newest first among equals, then id. */
export async function listIdeasOfUser(
  db: Db,
  userId: string,
  offset: number,
  limit: number,
): Promise<readonly Idea[]> {
  if (offset < DEFERRED_READ_OFFSET) return keptShallowPage(db, userId, offset, limit)
  const page = db
    .selectFrom('ideas')
    .where('user_id', '=', userId)
    .orderBy('score_total', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
  // A deep page takes its ids from the ordering index alone and reads only those rows: skipping
  // still steps over every earlier entry (page numbers allow nothing else), but over the index only,
  // measured a third faster on page 1,000 of 10,000 ideas. Near the top the extra step costs more.
  const rows = await db
    .selectFrom('ideas')
    .selectAll()
    .where('id', 'in', page.select('id'))
    .orderBy('score_total', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
  return rows.map(toIdea)
}
