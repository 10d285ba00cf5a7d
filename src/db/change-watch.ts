import type { StatementSync } from 'node:sqlite'

/**
 * Counters that move whenever the rows of a table may have changed, for caching a SQLite read until
 * then (src/db/read-cache.ts). They move for this connection's own writes, counted as each statement
 * runs, and for every commit by another connection or process (a second instance, the CLI), which
 * SQLite reports through `PRAGMA data_version`. A counter may move when nothing changed (a write
 * rolled back, an update that matched no row); it never stays put when something did.
 */
export interface ChangeWatch {
  /**
   * A number that is the same at two moments only if no row of `tables` can have changed between
   * them. Costs one `PRAGMA data_version` (about 3 µs: the start of a read transaction).
   */
  stamp(tables: readonly string[]): number
  /** Counts what a statement is about to change; called before it runs. */
  noteStatement(effect: WriteEffect): void
}

/**
 * What running a statement may change. Reads and transaction control change nothing. A plain insert
 * adds rows without touching existing ones (read-cache.ts caches only rows found, never an absence,
 * and the user table's triggers write only the trigram table, which nothing caches). An update, or
 * an insert that updates on conflict, changes its own table. Anything else (a delete, whose foreign
 * keys cascade; `insert or replace`, which deletes; DDL; anything not recognised) may change any table.
 */
export type WriteEffect =
  | { readonly kind: 'none' }
  | { readonly kind: 'table'; readonly table: string }
  | { readonly kind: 'any' }

const NONE: WriteEffect = { kind: 'none' }
const ANY: WriteEffect = { kind: 'any' }

export function writeEffectOf(sql: string): WriteEffect {
  const text = sql.trimStart().toLowerCase()
  if (/^(select|pragma|begin|commit|end|rollback|savepoint|release)\b/.test(text)) {
    // `pragma x = y` changes settings, not rows; a pragma that writes rows does not exist.
    return NONE
  }
  // `update or replace …` may delete rows: it falls through to `any`.
  const update = /^update\s+(?!or\s)"?(\w+)"?\s/.exec(text)
  if (update?.[1] !== undefined) return { kind: 'table', table: update[1] }
  const insert = /^insert\s+into\s+"?(\w+)"?\s/.exec(text)
  if (insert?.[1] !== undefined) {
    return /\bon\s+conflict\b[\s\S]*\bdo\s+update\b/.test(text) ? { kind: 'table', table: insert[1] } : NONE
  }
  return ANY
}

export function createChangeWatch(dataVersion: StatementSync): ChangeWatch {
  // `any` moves for changes that may touch every table; each table's own counter for its writes.
  let any = 0
  const tables = new Map<string, number>()
  let seenVersion: unknown

  return {
    stamp(names) {
      const version = (dataVersion.get() as unknown as [number])[0]
      if (version !== seenVersion) {
        seenVersion = version
        any += 1
      }
      // Every counter only grows, so the sum moves whenever one of them does.
      let stamp = any
      for (const name of names) stamp += tables.get(name) ?? 0
      return stamp
    },
    noteStatement(effect) {
      if (effect.kind === 'any') any += 1
      else if (effect.kind === 'table') tables.set(effect.table, (tables.get(effect.table) ?? 0) + 1)
    },
  }
}
