import { sql } from 'kysely'
import { type Db, dialectOf } from '../../db/database.ts'
import { findPage } from '../../db/page.ts'
import type { Role } from '../role/role.ts'
import { toUser } from './user.repository.ts'
import type { User } from './user.ts'
import type { UserPageRequest, UserSortKey } from './user-admin.ts'

const columns = {
  // The normalized form, so that both databases order addresses alike whatever their collation.
  email: 'email_normalized',
  createdAt: 'created_at',
  givenName: 'given_name',
  familyName: 'family_name',
  role: 'role',
  enabled: 'enabled',
  id: 'id',
  language: 'language',
} as const satisfies Record<UserSortKey, string>

export interface UserFilter {
  /** A fragment of the address, lower-cased; matched anywhere in it. */
  readonly emailContains?: string | undefined
  readonly role?: Role | undefined
}

/** `%`, `_` and the escape character itself stand for themselves in the fragment. */
function containsPattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

/** The distinct three-character pieces of `text`, by code point (as the database's substr counts). */
export function trigramsOf(text: string): string[] {
  const chars = Array.from(text)
  const trigrams = new Set<string>()
  for (let i = 0; i + 3 <= chars.length; i++) trigrams.add(chars.slice(i, i + 3).join(''))
  return [...trigrams]
}

// Past this share of the tenant's users, walking the candidates costs more than reading them all.
const MOST_CANDIDATES_SHARE = 1 / 8

/**
 * The fragment's two trigrams held by the fewest of the tenant's users (one when it has only one);
 * null when some trigram is held by none (nothing can match); undefined when the fragment is too
 * short to have trigrams, or so common that scanning the tenant is cheaper.
 */
async function rarestTrigrams(
  db: Db,
  tenantId: string,
  fragment: string,
): Promise<string[] | null | undefined> {
  const trigrams = trigramsOf(fragment)
  if (trigrams.length === 0) return undefined
  const counts = await db
    .selectFrom('user_email_trigram_counts')
    .select(['trigram', 'users'])
    .where('tenant_id', '=', tenantId)
    .where('trigram', 'in', ['', ...trigrams])
    .where('users', '>', 0)
    .execute()
  const everyone = counts.find((count) => count.trigram === '')?.users ?? 0
  const held = counts.filter((count) => count.trigram !== '').sort((a, b) => a.users - b.users)
  if (held.length < trigrams.length) return null
  if ((held[0]?.users ?? 0) > everyone * MOST_CANDIDATES_SHARE) return undefined
  return held.slice(0, 2).map((count) => count.trigram)
}

function filtered(db: Db, tenantId: string, filter: UserFilter, trigrams: string[] | undefined) {
  // Only the tenant's users holding the fragment's two rarest trigrams can match (the LIKE checks
  // the rest): two index ranges intersected, then a look-up per candidate. The tenant is then named
  // in the trigram look-up alone: with it also on users, SQLite would rather walk the tenant's index
  // over every user and probe the candidates for each.
  const holders = (trigram: string) =>
    db
      .selectFrom('user_email_trigrams')
      .select('user_id')
      .where('tenant_id', '=', tenantId)
      .where('trigram', '=', trigram)
  const [rarest, next] = trigrams ?? []
  let query =
    rarest === undefined
      ? db.selectFrom('users').where('tenant_id', '=', tenantId)
      : db
          .selectFrom('users')
          .where('id', 'in', next === undefined ? holders(rarest) : holders(rarest).intersect(holders(next)))
  if (filter.role !== undefined) query = query.where('role', '=', filter.role)
  if (filter.emailContains !== undefined) {
    const fragment = filter.emailContains
    // Both sides are lower-cased already (normalizeEmail), so a plain substring test is LIKE's answer.
    // SQLite plans a statement anew on every run when its LIKE pattern is bound (the pattern might
    // start with a prefix an index could serve); instr has no such plan. PostgreSQL's pg_trgm index
    // serves LIKE.
    const contains =
      dialectOf(db) === 'sqlite'
        ? sql<boolean>`instr(email_normalized, ${fragment}) > 0`
        : sql<boolean>`email_normalized like ${containsPattern(fragment)} escape '\\'`
    query = query.where(contains)
  }
  return query
}

/** One page of a tenant's users and how many match in all. */
export async function findUsersPage(
  db: Db,
  tenantId: string,
  filter: UserFilter,
  request: UserPageRequest,
): Promise<{ users: User[]; total: number }> {
  // SQLite has the trigram tables; PostgreSQL serves the LIKE from its pg_trgm index instead.
  const trigrams =
    filter.emailContains === undefined || dialectOf(db) !== 'sqlite'
      ? undefined
      : await rarestTrigrams(db, tenantId, filter.emailContains)
  if (trigrams === null) return { users: [], total: 0 }
  const ordered = (scope: ReturnType<typeof filtered>) => {
    let query = scope.selectAll()
    for (const { key, descending } of request.sort)
      query = query.orderBy(columns[key], descending ? 'desc' : 'asc')
    // A last, unique key: pages neither overlap nor skip users when sort keys tie.
    return query.orderBy('created_at').orderBy('id')
  }
  const { rows, total } = await findPage(filtered(db, tenantId, filter, trigrams), ordered, request)
  return { users: rows.map(toUser), total }
}

export async function countUsersOfTenant(db: Db, tenantId: string): Promise<number> {
  const counted = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow()
  return Number(counted.n)
}
