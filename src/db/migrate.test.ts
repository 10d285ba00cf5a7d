import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { promisify } from 'node:util'
import { createPostgresSchema, forEachDatabase } from '../../test/support/databases.ts'
import { openDatabase } from './database.ts'
import { isMigrated, migrate, migrations } from './migrate.ts'

const run = promisify(execFile)
const child = new URL('../../test/support/migrate-child.ts', import.meta.url).pathname

forEachDatabase('migrations', (dialect) => {
  it('applies each migration once when two processes start together', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-migrate-'))
    const schema = dialect === 'postgres' ? await createPostgresSchema() : undefined
    const database = openDatabase({ url: schema?.url, dataDir })
    try {
      assert.equal(await isMigrated(database), false)
      const outputs = await Promise.all(
        [1, 2].map(() => run(process.execPath, [child, dataDir, schema?.url ?? ''])),
      )
      const applied = outputs.flatMap(({ stdout }) => JSON.parse(stdout) as string[])
      assert.deepEqual(applied.sort(), migrations.map((migration) => migration.name).sort())
      assert.deepEqual(await migrate(database), [])
      assert.equal(await isMigrated(database), true)
    } finally {
      await database.close()
      await schema?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
