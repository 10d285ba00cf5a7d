// Better Auth as the bench's reference identity server: node:sqlite, email + password, rate limit
// off, served by node:http on the port given. `--cookie-cache` turns its session cookie cache on.
import { createServer } from 'node:http'
import { DatabaseSync } from 'node:sqlite'
import { betterAuth } from 'better-auth'
import { getMigrations } from 'better-auth/db/migration'
import { toNodeHandler } from 'better-auth/node'

const [portArg, dbPath] = process.argv.slice(2)
const cookieCache = process.argv.includes('--cookie-cache')
const port = Number(portArg)

const auth = betterAuth({
  database: new DatabaseSync(dbPath ?? ':memory:'),
  secret: 'bench-secret-bench-secret-bench-secret-0123',
  baseURL: `http://127.0.0.1:${port}`,
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  session: { cookieCache: { enabled: cookieCache, maxAge: 300 } },
  telemetry: { enabled: false },
  logger: { disabled: true },
})

const { runMigrations } = await getMigrations(auth.options)
await runMigrations()
const handler = toNodeHandler(auth)
createServer((request, response) => void handler(request, response)).listen(port, '127.0.0.1', () => {
  process.stdout.write('ready\n')
})
