import type { Redis } from 'ioredis'
import type { Clock } from '../shared/clock.ts'
import { lazyModule } from '../shared/lazy-module.ts'
import type { Logger } from '../shared/logger.ts'
import type { CounterStore, Hit } from './counter-store.ts'

// Loaded only when REDIS_URL is set (see lazy-module.ts).
const ioredis = lazyModule<typeof import('ioredis')>('ioredis')

// One round trip and atomic: count, start the window on the first hit, answer the time left.
// A key left without expiry (it cannot happen through this script, but a stray SET could) gets one.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`

const PEEK_SCRIPT = `
local count = redis.call('GET', KEYS[1])
if not count then return false end
return {tonumber(count), redis.call('PTTL', KEYS[1])}`

type Reply = [number, number] | null

interface CounterCommands {
  latchkeyHit(key: string, windowMs: number): Promise<[number, number]>
  latchkeyPeek(key: string): Promise<Reply>
}

/**
 * Counters in Redis, shared by every instance. Windows run on Redis's clock; the reset time is
 * told on the core's clock (now + the time left), which is what Retry-After needs.
 */
export function createRedisCounterStore({
  url,
  prefix,
  clock,
  log,
}: {
  url: string
  prefix: string
  clock: Clock
  log: Logger
}): CounterStore {
  const redis: Redis = new (ioredis().Redis)(url, { maxRetriesPerRequest: 2 })
  redis.on('error', (error: unknown) => log.warn({ err: error }, 'redis rate-limit store error'))
  redis.defineCommand('latchkeyHit', { numberOfKeys: 1, lua: HIT_SCRIPT })
  redis.defineCommand('latchkeyPeek', { numberOfKeys: 1, lua: PEEK_SCRIPT })
  const commands = redis as unknown as CounterCommands

  const hitOf = ([count, ttlMs]: [number, number]): Hit => ({
    count,
    resetAtMs: clock.now().getTime() + Math.max(ttlMs, 0),
  })

  return {
    async hit(key, windowSeconds) {
      return hitOf(await commands.latchkeyHit(prefix + key, windowSeconds * 1000))
    },
    async peek(key) {
      const reply = await commands.latchkeyPeek(prefix + key)
      return reply === null ? undefined : hitOf(reply)
    },
    async clear(key) {
      await redis.del(prefix + key)
    },
    async close() {
      redis.disconnect()
    },
  }
}
