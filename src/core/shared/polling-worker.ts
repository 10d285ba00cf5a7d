import type { Logger } from './logger.ts'

/** Taken from the owner's deps as they are: where to log, how often to poll. */
export interface PollingWorkerDeps {
  readonly log: Logger
  readonly pollSeconds: number
}

/** The owner's work. */
export interface PollingWork {
  /** One pass over the due work; resolves with how much got done. */
  readonly pass: () => Promise<number>
  /** Gives back what this worker still holds, once stopped (e.g. its claims). */
  readonly release: () => Promise<void>
}

export type PollingWorker = ReturnType<typeof createPollingWorker>

/**
 * Runs `pass` every `pollSeconds` and when nudged, never two passes at once in one process.
 * `name` is for the log line of a failed pass, e.g. `mail outbox`.
 */
export function createPollingWorker(
  name: string,
  { log, pollSeconds }: PollingWorkerDeps,
  work: PollingWork,
) {
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
        running = work.pass().finally(() => {
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
            void worker.runNow().catch((error: unknown) => log.error({ err: error }, `${name} pass failed`)),
        )
    },

    start(): void {
      stopped = false
      timer = setInterval(() => worker.nudge(), pollSeconds * 1000)
      timer.unref()
      worker.nudge()
    },

    /** Stops polling, lets a running pass finish and releases what the worker holds. */
    async stop(): Promise<void> {
      stopped = true
      if (timer !== undefined) clearInterval(timer)
      await following?.catch(() => 0)
      await running?.catch(() => 0)
      await work.release()
    },
  }
  return worker
}
