import type { Db } from '../../db/database.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { RevocationBus } from './revocation-bus.ts'
import { listSessionsEndedSince } from './session.repository.ts'

/**
 * Which sessions have ended, answered from memory on every request. Entries live for the longest
 * access-token lifetime after the end, since no token of that session can be valid after that.
 * The interface is what a multi-instance fan-out (Redis pub/sub, LISTEN/NOTIFY) plugs into.
 */
export interface RevocationList {
  isRevoked(sessionId: string): boolean
  /** Records ends made by this process at once. */
  add(sessionId: string, endedAt: Date): void
  /** Loads ends made elsewhere (another instance, the CLI) from the database. */
  sync(): Promise<void>
  start(): Promise<void>
  stop(): void
}

export interface RevocationListDeps {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  readonly horizonSeconds: number
  readonly syncSeconds: number
  /** Tells other instances at once (Redis or PostgreSQL); without one, they learn at their next sync. */
  readonly bus?: RevocationBus
}

export function createRevocationList({
  db,
  clock,
  log,
  bus,
  horizonSeconds,
  syncSeconds,
}: RevocationListDeps): RevocationList {
  const endedAt = new Map<string, number>()
  const horizonMs = horizonSeconds * 1000
  let syncedUpTo = 0
  let timer: NodeJS.Timeout | undefined

  function prune(nowMs: number): void {
    for (const [sessionId, at] of endedAt) {
      if (at + horizonMs < nowMs) endedAt.delete(sessionId)
    }
  }

  const list: RevocationList = {
    isRevoked: (sessionId) => endedAt.has(sessionId),
    add(sessionId, at) {
      endedAt.set(sessionId, at.getTime())
      bus
        ?.publish(sessionId, at)
        .catch((error: unknown) => log.warn({ err: error }, 'could not announce an ended session'))
    },
    async sync() {
      const nowMs = clock.now().getTime()
      // Re-read a little before the last sync: a commit may carry a timestamp taken before it.
      const since = Math.max(nowMs - horizonMs, syncedUpTo - 60_000)
      for (const ended of await listSessionsEndedSince(db, new Date(since))) {
        endedAt.set(ended.id, ended.endedAt.getTime())
      }
      syncedUpTo = nowMs
      prune(nowMs)
    },
    async start() {
      await bus?.subscribe((sessionId, at) => endedAt.set(sessionId, at.getTime()))
      await list.sync()
      timer = setInterval(() => {
        list.sync().catch((error: unknown) => log.error({ err: error }, 'revocation sync failed'))
      }, syncSeconds * 1000)
      timer.unref()
    },
    stop() {
      if (timer !== undefined) clearInterval(timer)
      bus?.close().catch(() => undefined)
    },
  }
  return list
}
