import { randomBytes } from 'node:crypto'
import { describe } from 'node:test'
import { forEachDatabase, type TestDialect } from './databases.ts'
import type { TestApp } from './test-app.ts'

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
  const high = '100000/60'
  return {
    RATE_LIMITS_ENABLED: 'true',
    RATE_LIMIT_SIGN_IN: high,
    RATE_LIMIT_SIGN_IN_FAILURES: high,
    RATE_LIMIT_SIGN_UP: high,
    RATE_LIMIT_REFRESH: high,
    RATE_LIMIT_PASSWORD_RESET: high,
    RATE_LIMIT_MAIL_RESEND: high,
    RATE_LIMIT_ACCOUNT_MAIL: high,
    RATE_LIMIT_API_KEY_FAILURES: high,
    RATE_LIMIT_WEBHOOK: high,
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
  const held = Array.from({ length: slots }, () => app.core.hashing.run(() => gate))
  return {
    async release() {
      open()
      await Promise.all(held)
    },
  }
}
