import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before } from 'node:test'
import { type Database, openDatabase } from '../../src/db/database.ts'
import { migrate } from '../../src/db/migrate.ts'
import { createPostgresSchema, type PostgresSchema, type TestDialect } from './databases.ts'
import { late } from './suite.ts'

/** A migrated database of the enclosing suite (no core): a fresh SQLite file or PostgreSQL schema. */
export function useTestDatabase(dialect: TestDialect): Database {
  let database: Database | undefined
  let schema: PostgresSchema | undefined
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-db-'))
  before(async () => {
    schema = dialect === 'postgres' ? await createPostgresSchema() : undefined
    database = openDatabase({ url: schema?.url, dataDir })
    await migrate(database)
  })
  after(async () => {
    await database?.close()
    await schema?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })
  return late('the test database', () => database)
}
