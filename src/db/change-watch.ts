import { closeSync, openSync, readSync } from 'node:fs'
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
   * them. Costs one read of the WAL index's header when nothing has been committed since the last
   * call, and one `PRAGMA data_version` (the start of a read transaction) otherwise. Inserts do not
   * move it: they change no row that was there.
   */
  stamp(tables: readonly string[]): number
  /**
   * Like `stamp`, for what a list of `table`'s rows holds: inserts move it too, but statements
   * declared keyed (`declareKeyedWrite`) do not; they move only their key's `keyVersion`.
   */
  listStamp(table: string): number
  /** Moves whenever a statement declared keyed writes the rows of `table` that have `key`. */
  keyVersion(table: string, key: string): number
  /** Counts what a statement is about to change, run with `parameters`; called before it runs. */
  noteStatement(effect: WriteEffect, parameters: ReadonlyArray<unknown>): void
}

/**
 * What running a statement may change. Reads and transaction control change nothing. A plain insert
 * adds rows to its table without touching existing ones (the user table's triggers write only the
 * trigram table, which nothing caches). An update, or an insert that updates on conflict, changes its
 * own table. A statement declared keyed writes only its table's rows of one key, a bound parameter.
 * Anything else (a delete, whose foreign keys cascade; `insert or replace`, which deletes; DDL;
 * anything not recognised) may change any table.
 */
export type WriteEffect =
  | { readonly kind: 'none' }
  | { readonly kind: 'insert'; readonly table: string }
  | { readonly kind: 'table'; readonly table: string }
  | { readonly kind: 'keyed'; readonly table: string; readonly parameter: number }
  | { readonly kind: 'any' }

const keyedWrites = new Map<string, Extract<WriteEffect, { kind: 'keyed' }>>()

/**
 * Declares that the statement `sql`, whenever it runs, writes (inserts, updates or deletes) only rows
 * of `table` whose key column holds its bound parameter number `parameter` (from 0), changes no key
 * and nothing else, triggers and cascades included. Lists of one key's rows are then kept across
 * other keys' writes (read-cache.ts). A wrong declaration would serve a stale list: declare only
 * statements whose `where` (or inserted row) fixes the key column to that parameter.
 */
export function declareKeyedWrite(sql: string, table: string, parameter: number): void {
  const known = keyedWrites.get(sql)
  // A statement already prepared keeps the effect it was prepared with: a second, different
  // declaration of the same SQL is a programming error, not a change.
  if (known !== undefined && (known.table !== table || known.parameter !== parameter))
    throw new Error(`keyed write declared twice, differently: ${sql}`)
  keyedWrites.set(sql, { kind: 'keyed', table, parameter })
}

// The WAL index header's first copy, iVersion to aCksum, at the start of the `-shm` file.
const WAL_HEADER_BYTES = 48

// Keys whose versions are remembered per table (a user's ideas: one per user who wrote some).
const MAX_KEYS = 100_000

const NONE: WriteEffect = { kind: 'none' }
const ANY: WriteEffect = { kind: 'any' }

export function writeEffectOf(sql: string): WriteEffect {
  const keyed = keyedWrites.get(sql)
  if (keyed !== undefined) return keyed
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
    const updates = /\bon\s+conflict\b[\s\S]*\bdo\s+update\b/.test(text)
    return { kind: updates ? 'table' : 'insert', table: insert[1] }
  }
  return ANY
}

export function createChangeWatch(
  dataVersion: Pick<StatementSync, 'get'>,
  walHeader?: WalHeader,
  inTransaction: () => boolean = () => false,
): ChangeWatch {
  // `any` moves for changes that may touch every table; `tables` counts each table's updates and
  // keyed writes (keyed deletes too); `unkeyed` its inserts and updates not declared keyed. A keyed
  // write sets its key's version to the next number of `sequence`, so a key's version never returns
  // to a value it had.
  let any = 0
  const tables = new Map<string, number>()
  const unkeyed = new Map<string, number>()
  const keys = new Map<string, Map<string, number>>()
  let sequence = 0
  const add = (counters: Map<string, number>, table: string) =>
    counters.set(table, (counters.get(table) ?? 0) + 1)
  let seenVersion: unknown
  // The WAL index's header as read just before the last `PRAGMA data_version`. While the header is
  // still this, nothing was committed since, so the pragma would answer as it did then. Any commit,
  // ours included, changes it and sends the next stamp to the pragma, which tells ours from others'.
  const seenHeader = Buffer.alloc(WAL_HEADER_BYTES)
  const header = Buffer.alloc(WAL_HEADER_BYTES)

  /** Moves `any` when another connection may have committed since the last call. */
  function noteOthersCommits(): void {
    const headerRead = walHeader?.read(header) === true
    if (headerRead && header.equals(seenHeader)) return
    if (inTransaction()) {
      // Inside this connection's open transaction the pragma answers from the transaction's
      // snapshot, blind to later commits. So a commit seen in the header counts as a change, and
      // the header is not recorded: the first stamp after the transaction asks the pragma again.
      any += 1
      return
    }
    // Read before the pragma: a commit between the two is then seen by both, never by neither.
    if (headerRead) header.copy(seenHeader)
    const version = (dataVersion.get() as unknown as [number])[0]
    if (version !== seenVersion) {
      seenVersion = version
      any += 1
    }
  }

  return {
    stamp(names) {
      noteOthersCommits()
      // Every counter only grows, so the sum moves whenever one of them does.
      let stamp = any
      for (const name of names) stamp += tables.get(name) ?? 0
      return stamp
    },
    listStamp(table) {
      noteOthersCommits()
      return any + (unkeyed.get(table) ?? 0)
    },
    keyVersion(table, key) {
      return keys.get(table)?.get(key) ?? 0
    },
    noteStatement(effect, parameters) {
      if (effect.kind === 'any') any += 1
      else if (effect.kind === 'table') {
        add(tables, effect.table)
        add(unkeyed, effect.table)
      } else if (effect.kind === 'insert') add(unkeyed, effect.table)
      else if (effect.kind === 'keyed') {
        add(tables, effect.table)
        const key = parameters[effect.parameter]
        // A key is a string; anything else cannot be told apart safely, so every list may have changed.
        if (typeof key !== 'string') {
          add(unkeyed, effect.table)
          return
        }
        let versions = keys.get(effect.table)
        if (versions === undefined) {
          versions = new Map()
          keys.set(effect.table, versions)
        }
        // Bounded: past the limit every key is forgotten at once, and the table's lists with them
        // (a forgotten key would read as version 0 again).
        if (versions.size >= MAX_KEYS && !versions.has(key)) {
          versions.clear()
          add(unkeyed, effect.table)
        }
        sequence += 1
        versions.set(key, sequence)
      }
    },
  }
}

/**
 * The WAL index's header (https://www.sqlite.org/walformat.html), which every commit by any
 * connection rewrites: while it is unchanged nothing has been committed. Reading it is one small
 * read of a file, where `PRAGMA data_version` starts a read transaction (a statement and two
 * `fcntl` locks, about 7 µs of a 100 µs `GET /me` under load).
 */
export interface WalHeader {
  /** Reads the header's first copy into `into`; false when it could not be read whole. */
  read(into: Buffer): boolean
  close(): void
}

/**
 * The WAL index header of the open WAL database at `path`, from its `-shm` file. SQLite maps that
 * file in shared memory, so a read sees a commit's header as soon as any process has written it,
 * and deletes it only when the last connection to the database closes: while the caller's
 * connection is open, it is the same file. Undefined when there is none (an in-memory database).
 */
export function openWalHeader(path: string): WalHeader | undefined {
  let fd: number
  try {
    fd = openSync(`${path}-shm`, 'r')
  } catch {
    return undefined
  }
  return {
    read: (into) => readSync(fd, into, 0, WAL_HEADER_BYTES, 0) === WAL_HEADER_BYTES,
    close: () => closeSync(fd),
  }
}
