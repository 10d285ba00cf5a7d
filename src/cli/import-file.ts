import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { ImportCandidate } from '../core/user/user-import.service.ts'
import { CliError } from './command.ts'

export type ImportFormat = 'csv' | 'jsonl'

/** A row of the file: a user to import, or why the row cannot be one. */
export type SourceRow =
  | { readonly candidate: ImportCandidate }
  | { readonly line: number; readonly problem: string }

type CandidateField = Exclude<keyof ImportCandidate, 'line'>

// Column names (CSV header) and keys (JSON Lines), compared lower-cased without `_`/`-`.
const FIELD_NAMES: Readonly<Record<string, CandidateField>> = {
  email: 'email',
  name: 'name',
  firstname: 'givenName',
  givenname: 'givenName',
  lastname: 'familyName',
  familyname: 'familyName',
  surname: 'familyName',
  username: 'username',
  role: 'role',
  coop: 'tenant',
  tenant: 'tenant',
  password: 'password',
  passwordhash: 'passwordHash',
  hash: 'passwordHash',
}

const fieldOf = (name: string) =>
  FIELD_NAMES[
    name
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/[-_ ]/g, '')
  ]

function lines(path: string) {
  return createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY })
}

/** Lines in the file, for the progress bar (a CSV record may span lines; close enough). */
export async function countLines(path: string): Promise<number> {
  let count = 0
  let last = 10
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer
    for (const byte of buffer) if (byte === 10) count++
    last = buffer.at(-1) ?? last
  }
  return last === 10 ? count : count + 1
}

function candidate(line: number, values: Iterable<[string, unknown]>): SourceRow {
  const fields: Partial<Record<CandidateField, string>> = {}
  for (const [name, value] of values) {
    const field = fieldOf(name)
    if (field === undefined || value === null || value === undefined) continue
    if (typeof value !== 'string') return { line, problem: `${name} must be a string` }
    fields[field] = value
  }
  if (fields.email === undefined) return { line, problem: 'email is missing' }
  return { candidate: { ...fields, email: fields.email, line } }
}

async function* readJsonLines(path: string): AsyncGenerator<SourceRow> {
  let line = 0
  for await (const text of lines(path)) {
    line++
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      yield { line, problem: 'not valid JSON' }
      continue
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, problem: 'not a JSON object' }
      continue
    }
    yield candidate(line, Object.entries(value))
  }
}

/**
 * The fields of one CSV record (RFC 4180 quoting); 'open' when a quoted field goes on past the end
 * (the record continues on the next line); 'malformed' for a stray quote.
 */
export function parseCsvRecord(record: string): string[] | 'open' | 'malformed' {
  const fields: string[] = []
  let field = ''
  let quoted = false
  let closed = false
  for (let i = 0; i < record.length; i++) {
    const c = record[i]
    if (quoted) {
      if (c !== '"') {
        field += c
      } else if (record[i + 1] === '"') {
        field += '"'
        i++
      } else {
        quoted = false
        closed = true
      }
    } else if (c === ',') {
      fields.push(field)
      field = ''
      closed = false
    } else if (closed || (c === '"' && field !== '')) {
      return 'malformed' // text after a closing quote, or a quote inside an unquoted field
    } else if (c === '"') {
      quoted = true
    } else {
      field += c
    }
  }
  if (quoted) return 'open'
  fields.push(field)
  return fields
}

async function* readCsv(path: string): AsyncGenerator<SourceRow> {
  let header: string[] | undefined
  let record = ''
  let start = 0
  let line = 0
  for await (const text of lines(path)) {
    line++
    if (record === '') start = line
    record = record === '' ? text : `${record}\n${text}`
    const fields = parseCsvRecord(record)
    if (fields === 'open') continue // a quoted field goes on to the next line
    const current = record
    record = ''
    if (current.trim() === '') continue
    if (header === undefined) {
      if (fields === 'malformed') throw new CliError(`line ${start}: the CSV header's quoting is malformed`)
      header = fields.map((name) => name.trim())
      if (!fields.some((name) => fieldOf(name) === 'email'))
        throw new CliError('the CSV header has no email column')
      continue
    }
    if (fields === 'malformed') {
      yield { line: start, problem: 'malformed CSV quoting' }
    } else if (fields.length !== header.length) {
      yield { line: start, problem: `has ${fields.length} fields, the header ${header.length}` }
    } else {
      yield candidate(
        start,
        fields.map((value, i) => [header?.[i] ?? '', value === '' ? undefined : value]),
      )
    }
  }
  if (record !== '') yield { line: start, problem: 'malformed CSV quoting (a quote is never closed)' }
}

export function readImportFile(path: string, format: ImportFormat): AsyncGenerator<SourceRow> {
  return format === 'csv' ? readCsv(path) : readJsonLines(path)
}

/** The format named by --format, else by the file's extension. @throws {CliError} neither */
export function importFormatOf(path: string, flag: string | undefined): ImportFormat {
  const name = flag?.toLowerCase() ?? path.toLowerCase().match(/\.(csv|jsonl|ndjson|json)$/)?.[1]
  if (name === 'csv') return 'csv'
  if (name === 'jsonl' || name === 'ndjson' || (flag === undefined && name === 'json')) return 'jsonl'
  throw new CliError(
    flag === undefined
      ? `cannot tell the format of ${path}: name it .csv or .jsonl, or pass --format csv|jsonl`
      : `unknown format "${flag}": csv or jsonl`,
    2,
  )
}
