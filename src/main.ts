import { pino } from 'pino'
import { startApp } from './app.ts'
import { ConfigError, loadConfig } from './config/config.ts'
import { configWarnings } from './config/config-warnings.ts'
import { resolveSecretKey } from './config/secret-key.ts'
import { StartupError } from './startup-checks.ts'
import { releaseStartupMemory } from './startup-memory.ts'

async function run(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(78) // EX_CONFIG
  }
  const log = pino({ level: config.log.level })
  for (const warning of configWarnings(config, process.env)) log.warn(warning)
  const secretKey = resolveSecretKey(config, (message) => log.warn(message))
  const app = await startApp({ config, secretKey, log })
  releaseStartupMemory()
  await app.server.listen({ port: config.server.port, host: config.server.host })

  let closing = false
  const shutdown = (signal: string, graceSeconds: number) => {
    if (closing) return
    closing = true
    log.info({ signal, graceSeconds }, 'shutting down')
    // A request that never finishes must not keep the process alive past the bound.
    const force = setTimeout(
      () => {
        log.error({ timeoutSeconds: config.server.shutdownTimeoutSeconds }, 'shutdown timed out; exiting')
        process.exit(1)
      },
      (graceSeconds + config.server.shutdownTimeoutSeconds) * 1000,
    )
    force.unref()
    app.shutdown(graceSeconds).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM', config.server.shutdownGraceSeconds))
  // Ctrl-C in a terminal: no load balancer to warn.
  process.on('SIGINT', () => shutdown('SIGINT', 0))
}

/** Starts the server in this process; it runs until a signal ends it. */
export function serve(): Promise<void> {
  return run().catch((error: unknown) => {
    // PostgreSQL or Redis unreachable: one line; anything else is a bug and keeps its stack.
    if (error instanceof StartupError) {
      process.stderr.write(`latchkey failed to start: ${error.message}\n`)
      process.exit(1)
    }
    process.stderr.write(
      `latchkey failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    )
    process.exit(1)
  })
}

// `node src/main.ts` serves; bin/serve.js and the CLI import this module and call serve() themselves.
if (import.meta.main) await serve()
