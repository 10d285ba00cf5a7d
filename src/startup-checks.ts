import { lazyModule } from './core/shared/lazy-module.ts'
import type { Database } from './db/database.ts'

const ioredis = lazyModule<typeof import('ioredis')>('ioredis')

/**
 * A start that failed on the infrastructure around Latchkey (PostgreSQL or Redis down, wrong
 * address, refused password): the operator gets one line naming the service, not a stack trace.
 */
export class StartupError extends Error {}

/** The URL with its password hidden: the line goes to the log. */
export function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return '(unparsable URL)'
  const parsed = new URL(url)
  if (parsed.password !== '') parsed.password = 'redacted'
  return parsed.toString()
}

const reasonOf = (error: unknown) =>
  (error instanceof Error && error.message !== '' ? error.message : String(error)).split('\n')[0]

/** Fails with a StartupError unless the database answers a query. */
export async function checkDatabase(database: Database, url: string | undefined): Promise<void> {
  try {
    await database.ping()
  } catch (error) {
    const what =
      url === undefined ? 'the SQLite database in DATA_DIR' : `PostgreSQL at ${withoutPassword(url)}`
    throw new StartupError(`cannot reach ${what}: ${reasonOf(error)}`)
  }
}

/** Fails with a StartupError unless Redis answers PING, trying once (ioredis would retry forever). */
export async function checkRedis(url: string, timeoutMs = 5_000): Promise<void> {
  const { Redis } = ioredis()
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  let lastError: unknown
  client.on('error', (error: unknown) => {
    lastError = error
  })
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    // "Connection is closed" hides the cause, which the error event carried (ECONNREFUSED, …).
    throw new StartupError(`cannot reach Redis at ${withoutPassword(url)}: ${reasonOf(lastError ?? error)}`)
  } finally {
    client.disconnect()
  }
}
