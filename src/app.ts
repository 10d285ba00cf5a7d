import type { FastifyInstance } from 'fastify'
import { type Config, publicUrlOf } from './config/config.ts'
import { type Core, createCore } from './core/core.ts'
import { createRedisRevocationBus } from './core/session/redis-revocation-bus.ts'
import type { RevocationBus } from './core/session/revocation-bus.ts'
import type { Clock } from './core/shared/clock.ts'
import type { Logger } from './core/shared/logger.ts'
import { type Database, openDatabase } from './db/database.ts'
import { isMigrated, migrate } from './db/migrate.ts'
import { createPostgresRevocationBus } from './db/pg-revocation-bus.ts'
import { buildServer } from './server.ts'

/** How ended sessions reach other instances: Redis when configured, else PostgreSQL's NOTIFY. */
function revocationBusFor(config: Config, log: Logger): RevocationBus | undefined {
  if (config.storage.redisUrl !== undefined) return createRedisRevocationBus(config.storage.redisUrl, log)
  if (config.storage.databaseUrl !== undefined)
    return createPostgresRevocationBus(config.storage.databaseUrl, log)
  return undefined // one SQLite instance: nobody else to tell
}

export interface App {
  readonly server: FastifyInstance
  readonly core: Core
  readonly database: Database
  /** Turns /ready false (load balancers stop sending), waits `graceSeconds`, then closes. */
  shutdown(graceSeconds: number): Promise<void>
  close(): Promise<void>
}

export interface StartOptions {
  readonly config: Config
  readonly secretKey: string
  readonly log: Logger
  readonly clock?: Clock
  /** Tests give each suite its own SQLite file. */
  readonly sqliteFile?: string
  /** Where the HTTP request log goes instead of stdout (see ServerDeps). */
  readonly logStream?: { write(line: string): void }
}

/** Opens storage, migrates, starts the core and builds the HTTP server (not yet listening). */
export async function startApp({
  config,
  secretKey,
  log,
  clock,
  sqliteFile,
  logStream,
}: StartOptions): Promise<App> {
  const database = openDatabase({
    url: config.storage.databaseUrl,
    dataDir: config.storage.dataDir,
    poolSize: config.storage.poolSize,
    ...(sqliteFile !== undefined && { sqliteFile }),
  })
  try {
    const applied = await migrate(database)
    if (applied.length > 0) log.info({ migrations: applied }, 'applied migrations')
    const issuer = config.tokens.issuer ?? publicUrlOf(config)
    const revocationBus = revocationBusFor(config, log)
    const core = createCore({
      database,
      config,
      secretKey,
      issuer,
      log,
      ...(clock && { clock }),
      ...(revocationBus && { revocationBus }),
    })
    await core.start()
    let draining = false
    const server = await buildServer({
      core,
      config,
      ...(logStream !== undefined && { logStream }),
      isReady: async () => {
        if (draining) return false
        await database.ping()
        return isMigrated(database)
      },
    })
    // Mails left in the outbox by an earlier run (or another instance) go out from here on.
    core.mailOutbox.start()
    const app: App = {
      server,
      core,
      database,
      async shutdown(graceSeconds) {
        draining = true
        await new Promise((resolve) => setTimeout(resolve, graceSeconds * 1000))
        await app.close()
      },
      async close() {
        draining = true
        // Stops accepting, lets in-flight requests finish, answers 503 to new ones meanwhile.
        await server.close()
        await core.mailOutbox.stop()
        core.stop()
        await database.close()
      },
    }
    return app
  } catch (error) {
    await database.close()
    throw error
  }
}
