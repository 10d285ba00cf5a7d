import { type App, startApp } from '../../src/app.ts'
import type { Config } from '../../src/config/config.ts'
import type { FakeClock } from './fake-clock.ts'
import { recordSecretsOfEveryServer } from './secret-log-check.ts'
import { prepareTestStart, type TestStartOptions } from './test-config.ts'

export interface TestApp extends App {
  readonly config: Config
  readonly clock: FakeClock
  readonly inject: App['server']['inject']
  /** Every line the app logged (HTTP and core), checked for secrets when the app closes. */
  readonly logLines: readonly string[]
}

export type TestAppOptions = TestStartOptions

/** Runs `work` on a test app of its own, closed afterwards whatever `work` did. */
export async function withTestApp(
  options: TestAppOptions,
  work: (app: TestApp) => Promise<void>,
): Promise<void> {
  const app = await createTestApp(options)
  try {
    await work(app)
  } finally {
    await app.close()
  }
}

/** A whole Latchkey (storage, core, HTTP) on a fresh database and a fake clock. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const start = await prepareTestStart(options)
  recordSecretsOfEveryServer()
  const app = await startApp(start.startOptions)
  return {
    ...app,
    config: start.config,
    clock: start.clock,
    inject: app.server.inject.bind(app.server) as App['server']['inject'],
    logLines: start.logLines,
    async close() {
      await app.close()
      await start.cleanUp('the test app')
    },
  }
}
