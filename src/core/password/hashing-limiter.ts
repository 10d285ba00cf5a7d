import { AppError } from '../errors.ts'

/**
 * Argon2 costs a core's worth of CPU and memory per call: at most `concurrency` run at once, up to
 * `queueLimit` wait in order, and past that callers are told to come back (server_busy) rather
 * than join a backlog that only grows under attack.
 */
export interface HashingLimiter {
  run<T>(task: () => Promise<T>): Promise<T>
  /** Hashes running now. */
  readonly active: number
  /** Hashes waiting for a free slot. */
  readonly queueDepth: number
  /** Hashes refused because the queue was full, since start. */
  readonly busyRejections: number
}

export const BUSY_RETRY_AFTER_SECONDS = 1

export function createHashingLimiter({
  concurrency,
  queueLimit,
}: {
  concurrency: number
  queueLimit: number
}): HashingLimiter {
  let active = 0
  let busyRejections = 0
  const waiting: (() => void)[] = []

  function release(): void {
    const next = waiting.shift()
    // The slot passes straight to the next in line, so `active` stays as it is.
    if (next === undefined) active -= 1
    else next()
  }

  return {
    async run(task) {
      if (active < concurrency) {
        active += 1
      } else if (waiting.length < queueLimit) {
        await new Promise<void>((resolve) => waiting.push(resolve))
      } else {
        busyRejections += 1
        throw new AppError('server_busy', { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS })
      }
      try {
        return await task()
      } finally {
        release()
      }
    },
    get active() {
      return active
    },
    get queueDepth() {
      return waiting.length
    },
    get busyRejections() {
      return busyRejections
    },
  }
}

/** No cap: for tools and tests that hash outside a server. */
export const unlimitedHashing: HashingLimiter = {
  run: (task) => task(),
  active: 0,
  queueDepth: 0,
  busyRejections: 0,
}
