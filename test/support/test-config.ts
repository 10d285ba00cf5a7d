import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import type { StartOptions } from '../../src/app.ts'
import { type Config, loadConfig } from '../../src/config/config.ts'
import { createPostgresSchema, type TestDialect } from './databases.ts'
import { createFakeClock, type FakeClock } from './fake-clock.ts'
import { createLogCapture, recordSecret } from './secret-log-check.ts'

export interface TestStartOptions {
  readonly dialect?: TestDialect
  /** Extra settings, as environment variables. */
  readonly env?: Readonly<Record<string, string>>
}

// Argon2id at its cheapest: still the real algorithm, at test speed.
const TEST_ENV = {
  NODE_ENV: 'test',
  // Verbose, into memory: closing fails when a line gives a secret away (secret-log-check.ts).
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

/** What starting a test app or core needs, and the cleanup that undoes it. */
export interface TestStart {
  readonly config: Config
  readonly clock: FakeClock
  readonly startOptions: StartOptions & { readonly clock: FakeClock }
  /** Every line logged, checked for secrets by `cleanUp`. */
  readonly logLines: readonly string[]
  /** Drops the database and the data directory, then fails if a log line gave a secret away. */
  cleanUp(owner: string): Promise<void>
}

/** A test config on a fresh SQLite directory or PostgreSQL schema, a fake clock and a log capture. */
export async function prepareTestStart(options: TestStartOptions): Promise<TestStart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-test-'))
  const schema = options.dialect === 'postgres' ? await createPostgresSchema() : undefined
  const config = loadConfig({
    ...TEST_ENV,
    DATA_DIR: dataDir,
    ...(schema && { DATABASE_URL: schema.url }),
    ...options.env,
  })
  const clock = createFakeClock(new Date())
  recordSecret(TEST_SECRET_KEY)
  for (const [name, value] of Object.entries(options.env ?? {}))
    if (/SECRET|PASSWORD|API_KEY|PRIVATE_KEY/.test(name)) recordSecret(value)
  const capture = createLogCapture()
  return {
    config,
    clock,
    startOptions: {
      config,
      secretKey: TEST_SECRET_KEY,
      log: pino({ level: config.log.level }, capture.stream),
      logStream: capture.stream,
      clock,
    },
    logLines: capture.lines,
    async cleanUp(owner) {
      await schema?.drop()
      rmSync(dataDir, { recursive: true, force: true })
      capture.assertNoSecrets(owner)
    },
  }
}
