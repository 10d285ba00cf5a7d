import { type FieldProblem, validationError } from '../../../core/errors.ts'
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE,
  MAX_PAGE_SIZE,
  type UserPageRequest,
  type UserSort,
  type UserSortKey,
} from '../../../core/user/user-admin.ts'

// Spring Data's paging parameters as the original read them, leniently.

/** The entity's camelCase property names, as clients send them in `sort`. */
const sortKeys: Readonly<Record<string, UserSortKey>> = {
  email: 'email',
  createdAt: 'createdAt',
  firstName: 'givenName',
  lastName: 'familyName',
  role: 'role',
  enabled: 'enabled',
  uuid: 'id',
  language: 'language',
}

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value)

function whole(value: unknown): number | undefined {
  const text = first(value)
  if (typeof text !== 'string' || !/^\s*-?\d+\s*$/.test(text)) return undefined
  return Number(text)
}

/** `email,firstName,desc`: properties, then an optional direction for all of them (Spring's form). */
function sortsOf(value: string, problems: FieldProblem[]): UserSort[] {
  const tokens = value
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '')
  const last = tokens.at(-1)?.toLowerCase()
  const direction = last === 'asc' || last === 'desc' ? tokens.pop() : undefined
  return tokens.flatMap((property) => {
    const key = Object.hasOwn(sortKeys, property) ? sortKeys[property] : undefined
    if (key === undefined) {
      problems.push({ field: 'sort', problem: `has an unknown property: ${property}` })
      return []
    }
    return [{ key, descending: direction?.toLowerCase() === 'desc' }]
  })
}

const paramsOf = (query: unknown) =>
  (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>

/** `page` and `size` alone, as leniently as pageRequestOf reads them (lists without a sort). */
export function pagingOf(query: unknown): { page: number; size: number } {
  const params = paramsOf(query)
  const page = Math.min(Math.max(whole(params.page) ?? 0, 0), MAX_PAGE)
  const asked = whole(params.size)
  return { page, size: asked === undefined || asked < 1 ? DEFAULT_PAGE_SIZE : Math.min(asked, MAX_PAGE_SIZE) }
}

/**
 * `page` (0-based; negative or not a number → 0), `size` (default 20; < 1 → 20; > 100 → 100) and
 * repeatable `sort`. An unknown sort property is a 400 0808 (the original's was a 500).
 */
export function pageRequestOf(query: unknown): UserPageRequest {
  const params = paramsOf(query)
  const { page, size } = pagingOf(params)
  const problems: FieldProblem[] = []
  const sortValues = ([] as unknown[]).concat(params.sort ?? []).filter((v) => typeof v === 'string')
  const sort = sortValues.flatMap((value) => sortsOf(value, problems))
  if (problems.length > 0) throw validationError(problems)
  return { page, size, sort }
}
