import { startCore } from '../../src/app.ts'
import type { Config } from '../../src/config/config.ts'
import type { Core } from '../../src/core/core.ts'
import type { Database } from '../../src/db/database.ts'
import type { FakeClock } from './fake-clock.ts'
import { prepareTestStart, type TestStartOptions } from './test-config.ts'

/** A started core and its storage, without HTTP: what the core's own tests need. */
export interface TestCore {
  readonly core: Core
  readonly database: Database
  readonly config: Config
  readonly clock: FakeClock
  /** Every line the core logged, checked for secrets when it closes. */
  readonly logLines: readonly string[]
  close(): Promise<void>
}

export type TestCoreOptions = TestStartOptions

/** The core on a fresh database (migrated), the test config and a fake clock. */
export async function createTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const start = await prepareTestStart(options)
  const { core, database } = await startCore(start.startOptions)
  return {
    core,
    database,
    config: start.config,
    clock: start.clock,
    logLines: start.logLines,
    async close() {
      core.stop()
      await database.close()
      await start.cleanUp('the test core')
    },
  }
}
