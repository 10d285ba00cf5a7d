import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe } from 'node:test'
import { everyRateLimit } from '../../src/config/config.ts'
import { forEachDatabase, type TestDialect } from './databases.ts'
import { createTestApp, type TestApp } from './test-app.ts'

export type CounterStoreKind = 'memory' | 'redis'

const redisUrl = process.env.TEST_REDIS_URL

/** The in-process store always; Redis too when TEST_REDIS_URL is set. */
export const counterStores: readonly CounterStoreKind[] = redisUrl ? ['memory', 'redis'] : ['memory']

/** Runs the suite per test database and per counter store. */
export function forEachCounterStore(
  name: string,
  suite: (dialect: TestDialect, store: CounterStoreKind) => void,
): void {
  forEachDatabase(name, (dialect) => {
    for (const store of counterStores) describe(`${store} counters`, () => suite(dialect, store))
  })
}

/**
 * Limits on, each category out of reach unless `limits` sets it; Redis under a prefix of its own so
 * that parallel suites never share counters.
 */
export function abuseEnv(
  store: CounterStoreKind,
  limits: Record<string, string> = {},
): Record<string, string> {
  return {
    RATE_LIMITS_ENABLED: 'true',
    ...everyRateLimit('100000/60'),
    LOCKOUT_THRESHOLD: '0',
    ...(store === 'redis' && {
      REDIS_URL: redisUrl ?? '',
      RATE_LIMIT_REDIS_PREFIX: `latchkey-test:${randomBytes(6).toString('hex')}:`,
    }),
    ...limits,
  }
}

/** Holds every Argon2 slot until `release()`, so that the next password check finds a full queue. */
export function occupyHashing(app: TestApp, slots: number): { release(): Promise<void> } {
  let open: () => void = () => undefined
  const gate = new Promise<void>((resolve) => {
    open = resolve
  })
  const held = Array.from({ length: slots }, () => app.core.ops.hashing.run(() => gate))
  return {
    async release() {
      open()
      await Promise.all(held)
    },
  }
}

/** A test app with limits on (see abuseEnv), made before the suite and closed after it. */
export function useAbuseApp(
  dialect: TestDialect,
  store: CounterStoreKind,
  limits: Record<string, string>,
  env: Record<string, string> = {},
): () => TestApp {
  let app: TestApp | undefined
  before(async () => {
    app = await createTestApp({ dialect, env: { ...env, ...abuseEnv(store, limits) } })
  })
  after(() => app?.close())
  return () => {
    if (app === undefined) throw new Error('the test app is made in before()')
    return app
  }
}

/** A 429 with Retry-After, in the surface's `body`. */
export function assertTooManyRequests(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  seconds: number,
  body: unknown,
): void {
  assert.equal(response.statusCode, 429)
  assert.deepEqual(response.json(), body)
  assert.equal(response.headers['retry-after'], String(seconds))
}
