// Run as a child process by migrate.test.ts: one "instance" migrating, printing what it applied.
import { openDatabase } from '../../src/db/database.ts'
import { migrate } from '../../src/db/migrate.ts'

const [dataDir, url] = process.argv.slice(2)
const database = openDatabase({ url: url || undefined, dataDir: dataDir ?? '.' })
const applied = await migrate(database)
await database.close()
process.stdout.write(JSON.stringify(applied))
