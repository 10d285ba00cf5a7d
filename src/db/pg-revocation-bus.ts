import {
  decodeRevocation,
  encodeRevocation,
  REVOCATION_CHANNEL,
  type RevocationBus,
} from '../core/session/revocation-bus.ts'
import type { Logger } from '../core/shared/logger.ts'
import { loadPg } from './database.ts'

/**
 * PostgreSQL LISTEN/NOTIFY for instances that share a database but no Redis. The listener holds
 * one connection of its own (LISTEN is per session; a pooled connection would lose it).
 */
export function createPostgresRevocationBus(url: string, log: Logger): RevocationBus {
  const pg = loadPg()
  const listener = new pg.Client({ connectionString: url })
  const notifier = new pg.Pool({ connectionString: url, max: 1 })
  listener.on('error', (error) => log.warn({ err: error }, 'postgres revocation listener error'))
  notifier.on('error', (error) => log.warn({ err: error }, 'postgres revocation notifier error'))
  return {
    async publish(sessionId, endedAt) {
      await notifier.query('select pg_notify($1, $2)', [
        REVOCATION_CHANNEL,
        encodeRevocation(sessionId, endedAt),
      ])
    },
    async subscribe(onEnded) {
      await listener.connect()
      listener.on('notification', (notification) => {
        const ended = notification.payload === undefined ? undefined : decodeRevocation(notification.payload)
        if (ended !== undefined) onEnded(ended.sessionId, ended.endedAt)
      })
      await listener.query(`listen ${REVOCATION_CHANNEL}`)
    },
    async close() {
      await listener.end().catch(() => undefined)
      await notifier.end().catch(() => undefined)
    },
  }
}
