// A table's row → domain mapping written as data: each field names its column, or a converter
// when the stored form differs (epoch-millisecond times, 0/1 flags, null for absent).
// A misspelt column or a field whose stored type does not fit is a compile error.

/** The columns of `Row` whose stored type can stand as `Value` unchanged. */
type ColumnAs<Row, Value> = {
  [K in keyof Row & string]: Row[K] extends Value ? K : never
}[keyof Row & string]

/** Every field of `T`: the column it is read from as is, or how it is derived from the row. */
export type RowMapping<Row, T> = {
  readonly [F in keyof T]-?: ColumnAs<Row, T[F]> | ((row: Row) => T[F])
}

/** The mapper the table describes; fields come out in the table's order. */
export function rowMapper<Row, T>(mapping: RowMapping<Row, T>): (row: Row) => T {
  const fields = Object.entries(mapping) as [string, string | ((row: Row) => unknown)][]
  return (row) => {
    const mapped: Record<string, unknown> = {}
    for (const [field, source] of fields) {
      mapped[field] = typeof source === 'function' ? source(row) : row[source as keyof Row]
    }
    return mapped as T
  }
}

type Millis = number | string | bigint

// Both drivers read integer columns as numbers (database.ts sets pg's INT8 parser); Number() also
// takes a bigint or numeric string, so a converter does not depend on that setting.

/** An epoch-millisecond column as a Date. */
export function date<K extends string>(column: K): (row: Record<K, Millis>) => Date {
  return (row) => new Date(Number(row[column]))
}

/** A nullable epoch-millisecond column; null reads as undefined. */
export function optionalDate<K extends string>(
  column: K,
): (row: Record<K, Millis | null>) => Date | undefined {
  return (row) => {
    const value = row[column]
    return value === null ? undefined : new Date(Number(value))
  }
}

/** A nullable column; null reads as undefined. */
export function optional<K extends string, V>(column: K): (row: Record<K, V | null>) => V | undefined {
  return (row) => row[column] ?? undefined
}

/** A 0/1 flag as a boolean. */
export function flag<K extends string>(column: K): (row: Record<K, number>) => boolean {
  return (row) => row[column] === 1
}

/** An integer column (a generated id, a counter) as a number. */
export function integer<K extends string>(column: K): (row: Record<K, Millis>) => number {
  return (row) => Number(row[column])
}

/** A column read as one of a closed set of values, with the fallback for anything else. */
export function oneOf<K extends string, V extends string>(
  column: K,
  is: (value: string) => value is V,
  fallback: V,
): (row: Record<K, string>) => V {
  return (row) => {
    const value = row[column]
    return is(value) ? value : fallback
  }
}
