// Storage columns and wire bodies name fields in snake_case and show an absent value as null; the
// core names them in camelCase and leaves them undefined.

/** `bankName` as `bank_name`, for the types of what `snakeOrNull` builds. */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S

export type SnakeOrNull<T, K extends keyof T & string> = {
  -readonly [F in K as SnakeCase<F>]-?: Exclude<T[F], undefined> | null
}

const snakeCase = (field: string): string => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

/**
 * The named fields of `source` under snake_case keys, an undefined one as null. The keys come out in
 * the order named: a JSON body built with it keeps its field order.
 */
export function snakeOrNull<T, K extends keyof T & string>(
  source: T,
  fields: readonly K[],
): SnakeOrNull<T, K> {
  const picked: Record<string, unknown> = {}
  for (const field of fields) picked[snakeCase(field)] = source[field] ?? null
  return picked as SnakeOrNull<T, K>
}
