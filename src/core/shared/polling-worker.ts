import type { Logger } from './logger.ts'

export interface PollingWorkerDeps {
  /** For the log line of a failed pass, e.g. `mail outbox`. */
  readonly name: string
  readonly log: Logger
  readonly pollSeconds: number
  /** One pass over the due work; resolves with how much got done. */
  readonly pass: () => Promise<number>
  /** Gives back what this worker still holds, once stopped (e.g. its claims). */
  readonly release: () => Promise<void>
}

export type PollingWorker = ReturnType<typeof createPollingWorker>

/** Runs `pass` every `pollSeconds` and when nudged, never two passes at once in one process. */
export function createPollingWorker(deps: PollingWorkerDeps) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined
  let following: Promise<number> | undefined
  let stopped = true

  const worker = {
    /**
     * Runs a pass now. A pass already under way may have looked before the caller's work was
     * committed, so the caller gets the one pass that follows it, shared by everyone who asks meanwhile.
     */
    runNow(): Promise<number> {
      if (running === undefined) {
        running = deps.pass().finally(() => {
          running = undefined
        })
        return running
      }
      following ??= running
        .catch(() => 0)
        .then(() => {
          following = undefined
          return worker.runNow()
        })
      return following
    },

    /** Asks for a pass soon, e.g. right after the transaction that enqueued work committed. */
    nudge(): void {
      if (!stopped)
        setImmediate(
          () =>
            void worker
              .runNow()
              .catch((error: unknown) => deps.log.error({ err: error }, `${deps.name} pass failed`)),
        )
    },

    start(): void {
      stopped = false
      timer = setInterval(() => worker.nudge(), deps.pollSeconds * 1000)
      timer.unref()
      worker.nudge()
    },

    /** Stops polling, lets a running pass finish and releases what the worker holds. */
    async stop(): Promise<void> {
      stopped = true
      if (timer !== undefined) clearInterval(timer)
      await following?.catch(() => 0)
      await running?.catch(() => 0)
      await deps.release()
    },
  }
  return worker
}
