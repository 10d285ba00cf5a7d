import { openDatabase } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import type { Command } from './command.ts'
import { cliConfig } from './context.ts'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations and exit',
  help: `Usage: latchkey migrate

Applies the migrations this version has and the database lacks, in one transaction under a lock
(safe while other instances start). The server and every other command also migrate on start;
run this first when upgrading a fleet.

Example:
  DATABASE_URL=postgres://latchkey@db/latchkey latchkey migrate`,
  async run(_parsed, env) {
    const config = cliConfig(env)
    const database = openDatabase({
      url: config.storage.databaseUrl,
      dataDir: config.storage.dataDir,
      poolSize: config.storage.poolSize,
    })
    try {
      const applied = await migrate(database)
      process.stdout.write(
        applied.length === 0
          ? 'database is up to date\n'
          : `applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join('')}`,
      )
      return 0
    } finally {
      await database.close()
    }
  },
}
