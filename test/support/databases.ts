import { randomBytes } from 'node:crypto'
import { describe } from 'node:test'
import pg from 'pg'

export type TestDialect = 'sqlite' | 'postgres'

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const testDialects: readonly TestDialect[] = process.env.TEST_DATABASE_URL
  ? ['sqlite', 'postgres']
  : ['sqlite']

/** Runs the suite once per test database. */
export function forEachDatabase(name: string, suite: (dialect: TestDialect) => void): void {
  for (const dialect of testDialects) describe(`${name} (${dialect})`, () => suite(dialect))
}

export interface PostgresSchema {
  readonly name: string
  /** A DATABASE_URL whose connections use the fresh schema. */
  readonly url: string
  drop(): Promise<void>
}

/** A fresh schema on the test PostgreSQL server, so each suite starts empty and runs alone. */
export async function createPostgresSchema(): Promise<PostgresSchema> {
  const base = process.env.TEST_DATABASE_URL
  if (!base) throw new Error('TEST_DATABASE_URL is not set')
  const schema = `lk_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    name: schema,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base })
      await client.connect()
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.end()
    },
  }
}
