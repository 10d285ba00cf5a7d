import type { FastifyInstance } from 'fastify'
import { type Config, publicUrlOf } from './config/config.ts'
import { createRedisCounterStore } from './core/abuse/redis-counter-store.ts'
import { type Core, createCore } from './core/core.ts'
import { createRedisRevocationBus } from './core/session/redis-revocation-bus.ts'
import type { RevocationBus } from './core/session/revocation-bus.ts'
import { type Clock, systemClock } from './core/shared/clock.ts'
import type { Logger } from './core/shared/logger.ts'
import { type Database, openDatabase } from './db/database.ts'
import { isMigrated, migrate } from './db/migrate.ts'
import { createPostgresRevocationBus } from './db/pg-revocation-bus.ts'
import { buildServer } from './server.ts'
import { checkDatabase, checkRedis } from './startup-checks.ts'

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

export interface StartedCore {
  readonly core: Core
  readonly database: Database
}

/** The configured database: PostgreSQL when a URL is set, else SQLite in the data directory. */
function openConfiguredDatabase(config: Config, sqliteFile: string | undefined): Database {
  return openDatabase({
    url: config.storage.databaseUrl,
    dataDir: config.storage.dataDir,
    poolSize: config.storage.poolSize,
    ...(sqliteFile !== undefined && { sqliteFile }),
  })
}

/** Opens storage, migrates and starts the core: what the server and the CLI share. */
export async function startCore(options: StartOptions): Promise<StartedCore> {
  const { config, secretKey, log, clock } = options
  const database = openConfiguredDatabase(config, options.sqliteFile)
  // Connections opened before a failed start are closed with it: a lingering Redis client would keep
  // reconnecting and hold the process (or the CLI) open.
  const opened: { close(): Promise<void> }[] = []
  try {
    await checkDatabase(database, config.storage.databaseUrl)
    if (config.storage.redisUrl !== undefined) await checkRedis(config.storage.redisUrl)
    const applied = await migrate(database)
    if (applied.length > 0) log.info({ migrations: applied }, 'applied migrations')
    const issuer = config.tokens.issuer ?? publicUrlOf(config)
    const revocationBus = revocationBusFor(config, log)
    const { redisUrl } = config.storage
    // Instances sharing a Redis share their rate-limit and lockout counters.
    const counterStore =
      redisUrl === undefined || !config.abuse.enabled
        ? undefined
        : createRedisCounterStore({
            url: redisUrl,
            prefix: config.abuse.redisPrefix,
            clock: clock ?? systemClock,
            log,
          })
    if (revocationBus !== undefined) opened.push(revocationBus)
    if (counterStore !== undefined) opened.push(counterStore)
    const core = createCore({
      database,
      config,
      secretKey,
      issuer,
      log,
      ...(clock && { clock }),
      ...(revocationBus && { revocationBus }),
      ...(counterStore && { counterStore }),
    })
    await core.start()
    return { core, database }
  } catch (error) {
    await Promise.allSettled(opened.map((connection) => connection.close()))
    await database.close()
    throw error
  }
}

/** Opens storage, migrates, starts the core and builds the HTTP server (not yet listening). */
export async function startApp(options: StartOptions): Promise<App> {
  const { config } = options
  const { core, database } = await startCore(options)
  try {
    let draining = false
    const server = await buildServer({
      core,
      config,
      metricsSources: {
        argon2QueueDepth: () => core.ops.hashing.queueDepth,
        rateLimitRejections: () =>
          Object.values(core.ops.abuse.rejections).reduce(
            (sum, count) => sum + count,
            core.ops.abuse.lockoutRejections,
          ),
        rateLimitStoreFailures: () => core.ops.abuse.storeFailures,
      },
      ...(options.logStream !== undefined && { logStream: options.logStream }),
      isReady: async () => {
        if (draining) return false
        await database.ping()
        return isMigrated(database)
      },
    })
    // Mails left in the outbox by an earlier run (or another instance) go out from here on.
    core.mail.mailOutbox.start()
    // No sign-up makes the default coop's ADMIN: tell the operator how, until there is one.
    const defaultCoop = core.tenants.tenants.defaultTenant()
    const paging = { page: 0, size: 1, sort: [] }
    if ((await core.identity.userAdmin.withRole(defaultCoop.id, 'ADMIN', paging)).users.length === 0) {
      options.log.info(
        { coop: defaultCoop.identifier },
        'the default coop has no ADMIN: create one with latchkey users create --role ADMIN',
      )
    }
    core.ops.webhookDispatcher.start()
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
        await core.mail.mailOutbox.stop()
        await core.ops.webhookDispatcher.stop()
        core.stop()
        await database.close()
      },
    }
    return app
  } catch (error) {
    core.stop()
    await database.close()
    throw error
  }
}
