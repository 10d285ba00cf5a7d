import type { SelectQueryBuilder } from 'kysely'

/** Which page, counted from 0, of pages of `size` rows. */
export interface PageRequest {
  readonly page: number
  readonly size: number
}

/**
 * One page of the rows `scope` holds, selected and ordered by `ordered`, and how many it holds in all.
 * The order has to end on a unique key, so that pages neither overlap nor skip rows.
 */
export async function findPage<DB, TB extends keyof DB, O, Row>(
  scope: SelectQueryBuilder<DB, TB, O>,
  ordered: (scope: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, Row>,
  request: PageRequest,
): Promise<{ rows: Row[]; total: number }> {
  const [rows, counted] = await Promise.all([
    ordered(scope)
      .limit(request.size)
      .offset(request.page * request.size)
      .execute(),
    scope.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ])
  // Kysely cannot narrow a selection over a generic database; the count is what was selected.
  const count = (counted as { n: number | string | bigint } | undefined)?.n
  return { rows, total: Number(count ?? 0) }
}
