import { type Compilable, CompiledQuery } from 'kysely'
import { declareKeyedWrite } from './change-watch.ts'
import type { Db } from './database.ts'

// Kysely builds and compiles a query's SQL on every call. For the few queries on every request's
// path (the caller's user, their tenant, a session by refresh token) that costs more than SQLite's
// own work: measured, compiling was most of Kysely's share of a `GET /me`. A prepared query is
// built once per dialect with placeholders and then run with the call's values.

// A string no caller sends as a value: marks where the call's arguments go.
const SLOT = '\u0000latchkey-slot:'

/**
 * `build` receives placeholders in place of the arguments; the returned function runs the query with
 * the arguments put where the placeholders were. Placeholders may stand only for whole values
 * (`where('id', '=', id)`), not for parts of SQL. `keyedWrite` declares the statement a write of only
 * the rows of `table` whose key is argument number `argument` (change-watch.ts `declareKeyedWrite`,
 * whose conditions it must meet).
 */
export function prepareQuery<Row, Args extends readonly unknown[]>(
  arity: Args['length'],
  build: (db: Db, ...placeholders: never[]) => Compilable<Row>,
  keyedWrite?: { readonly table: string; readonly argument: number },
): (db: Db, ...args: Args) => Promise<Row[]> {
  // Typed `never` so that a placeholder fits any column; at run time it is a marker string.
  const placeholders = Array.from({ length: arity }, (_, index) => `${SLOT}${index}`) as never[]
  // Per dialect adapter: the same SQL serves a database and its transactions.
  const compiled = new WeakMap<object, { query: CompiledQuery<Row>; slots: number[] }>()

  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter
    let entry = compiled.get(adapter)
    if (entry === undefined) {
      const query = build(db, ...placeholders).compile()
      const slots = query.parameters.map((value) =>
        typeof value === 'string' && value.startsWith(SLOT) ? Number(value.slice(SLOT.length)) : -1,
      )
      if (slots.filter((slot) => slot >= 0).length !== arity)
        throw new Error(`prepared query uses ${arity} arguments, found ${slots.join(',')}`)
      if (keyedWrite !== undefined) {
        const parameter = slots.indexOf(keyedWrite.argument)
        if (parameter < 0) throw new Error(`keyed write: argument ${keyedWrite.argument} is not a parameter`)
        declareKeyedWrite(query.sql, keyedWrite.table, parameter)
      }
      entry = { query, slots }
      compiled.set(adapter, entry)
    }
    const { query, slots } = entry
    const parameters = query.parameters.map((value, index) => {
      const slot = slots[index] ?? -1
      return slot >= 0 ? args[slot] : value
    })
    const result = await db.executeQuery<Row>(CompiledQuery.raw(query.sql, parameters))
    return result.rows
  }
}
