// What an administrator may sort a tenant's user list by: AMPnet's admin-list properties, in core terms.
export const userSortKeys = [
  'email',
  'createdAt',
  'givenName',
  'familyName',
  'role',
  'enabled',
  'id',
  'language',
] as const
export type UserSortKey = (typeof userSortKeys)[number]

export interface UserSort {
  readonly key: UserSortKey
  readonly descending: boolean
}

export interface UserPageRequest {
  /** 0-based. */
  readonly page: number
  readonly size: number
  readonly sort: readonly UserSort[]
}

export const MAX_PAGE_SIZE = 100
export const DEFAULT_PAGE_SIZE = 20
// Beyond it, a page offset (page × size) would leave the range databases compare exactly.
export const MAX_PAGE = 10_000_000

export interface UserCounts {
  readonly registered: number
  readonly activated: number
  readonly deleted: number
  readonly verified: number
}
