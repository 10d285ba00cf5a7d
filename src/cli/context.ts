import { pino } from 'pino'
import { type Config, ConfigError, loadConfig } from '../config/config.ts'
import { resolveSecretKey } from '../config/secret-key.ts'
import type { Core } from '../core/core.ts'
import type { Tenant } from '../core/tenant/tenant.ts'
import { CliError, type Env, EXIT_CONFIG, type Parsed, text } from './command.ts'

/** The server's configuration, from the same environment (DATA_DIR, DATABASE_URL, …). */
export function cliConfig(env: Env): Config {
  try {
    return loadConfig(env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    throw new CliError(`invalid configuration: ${error.problems.join('; ')}`, EXIT_CONFIG)
  }
}

/** Logs go to stderr, so that stdout holds only the command's answer. */
export function cliLogger(config: Config) {
  return pino({ level: config.log.level }, pino.destination(2))
}

/**
 * Runs `work` with the core the server would have (same database, master key and migrations) and
 * closes it afterwards.
 */
export async function withCore<T>(env: Env, work: (core: Core, config: Config) => Promise<T>): Promise<T> {
  const config = cliConfig(env)
  const log = cliLogger(config)
  const secretKey = resolveSecretKey(config, (message) => log.warn(message))
  // Loaded on use: `--help` and usage errors answer without loading the server.
  const { startCore } = await import('../app.ts')
  const { core, database } = await startCore({ config, secretKey, log })
  try {
    return await work(core, config)
  } finally {
    core.stop()
    await database.close()
  }
}

export const coopOptions = {
  coop: { type: 'string' },
  tenant: { type: 'string' },
} as const

export const COOP_HELP =
  '  --coop <identifier>   the coop (tenant); default the default one (AMPNET_DEFAULT_COOP); alias --tenant'

/** The tenant named by --coop/--tenant, else the default one. @throws {CliError} unknown coop */
export async function chosenTenant(core: Core, parsed: Parsed): Promise<Tenant> {
  const identifier = text(parsed, 'coop') ?? text(parsed, 'tenant')
  if (identifier === undefined) return core.tenants.tenants.defaultTenant()
  const tenant = await core.tenants.tenants.findByIdentifier(identifier)
  if (tenant === undefined) throw new CliError(`no coop with identifier "${identifier}"`)
  return tenant
}

/** withCore for a command on one coop: the one --coop/--tenant names, else the default one. */
export async function withCoop<T>(
  env: Env,
  parsed: Parsed,
  work: (core: Core, tenant: Tenant, config: Config) => Promise<T>,
): Promise<T> {
  return withCore(env, async (core, config) => work(core, await chosenTenant(core, parsed), config))
}
