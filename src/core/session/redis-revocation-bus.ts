import { lazyModule } from '../shared/lazy-module.ts'
import type { Logger } from '../shared/logger.ts'
import {
  decodeRevocation,
  encodeRevocation,
  REVOCATION_CHANNEL,
  type RevocationBus,
} from './revocation-bus.ts'

const ioredis = lazyModule<typeof import('ioredis')>('ioredis')

/** Redis publish/subscribe: one connection publishes, another (in subscriber mode) listens. */
export function createRedisRevocationBus(url: string, log: Logger): RevocationBus {
  const options = { lazyConnect: true, maxRetriesPerRequest: 2 }
  const { Redis } = ioredis()
  const publisher = new Redis(url, options)
  const subscriber = new Redis(url, options)
  for (const connection of [publisher, subscriber]) {
    connection.on('error', (error: unknown) => log.warn({ err: error }, 'redis revocation bus error'))
  }
  return {
    async publish(sessionId, endedAt) {
      await publisher.publish(REVOCATION_CHANNEL, encodeRevocation(sessionId, endedAt))
    },
    async subscribe(onEnded) {
      await Promise.all([publisher.connect(), subscriber.connect()])
      subscriber.on('message', (_channel: string, message: string) => {
        const ended = decodeRevocation(message)
        if (ended !== undefined) onEnded(ended.sessionId, ended.endedAt)
      })
      await subscriber.subscribe(REVOCATION_CHANNEL)
    },
    async close() {
      subscriber.disconnect()
      publisher.disconnect()
    },
  }
}
