import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { type App, startApp } from '../../src/app.ts'
import { type Config, loadConfig } from '../../src/config/config.ts'
import { createPostgresSchema, type TestDialect } from './databases.ts'
import { createFakeClock, type FakeClock } from './fake-clock.ts'
import { createLogCapture, recordSecret, recordSecretsOfEveryServer } from './secret-log-check.ts'

export interface TestApp extends App {
  readonly config: Config
  readonly clock: FakeClock
  readonly inject: App['server']['inject']
  /** Every line the app logged (HTTP and core), checked for secrets when the app closes. */
  readonly logLines: readonly string[]
}

export interface TestAppOptions {
  readonly dialect?: TestDialect
  /** Extra settings, as environment variables. */
  readonly env?: Readonly<Record<string, string>>
}

// Argon2id at its cheapest: still the real algorithm, at test speed.
const TEST_ENV = {
  NODE_ENV: 'test',
  // Verbose, into memory: closing the app fails when a line gives a secret away (secret-log-check.ts).
  LOG_LEVEL: 'debug',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_ITERATIONS: '1',
  PUBLIC_URL: 'http://latchkey.test',
  // Several suites (and developers) share one PostgreSQL server.
  DATABASE_POOL_SIZE: '3',
  // The suites sign in hundreds of times from inject's one address; the abuse suites turn limits on.
  RATE_LIMITS_ENABLED: 'false',
  // Off by default (anyone may call it); the coop suites create coops through POST /coop.
  AMPNET_COOP_CREATION: 'true',
}

const TEST_SECRET_KEY = 'test-secret-key-of-at-least-32-characters'

/** A whole Latchkey (storage, core, HTTP) on a fresh database and a fake clock. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-test-'))
  const schema = options.dialect === 'postgres' ? await createPostgresSchema() : undefined
  const config = loadConfig({
    ...TEST_ENV,
    DATA_DIR: dataDir,
    ...(schema && { DATABASE_URL: schema.url }),
    ...options.env,
  })
  const clock = createFakeClock(new Date())
  recordSecretsOfEveryServer()
  recordSecret(TEST_SECRET_KEY)
  for (const [name, value] of Object.entries(options.env ?? {}))
    if (/SECRET|PASSWORD|API_KEY|PRIVATE_KEY/.test(name)) recordSecret(value)
  const capture = createLogCapture()
  const app = await startApp({
    config,
    secretKey: TEST_SECRET_KEY,
    log: pino({ level: config.log.level }, capture.stream),
    logStream: capture.stream,
    clock,
  })
  return {
    ...app,
    config,
    clock,
    inject: app.server.inject.bind(app.server) as App['server']['inject'],
    logLines: capture.lines,
    async close() {
      await app.close()
      await schema?.drop()
      rmSync(dataDir, { recursive: true, force: true })
      capture.assertNoSecrets('the test app')
    },
  }
}
