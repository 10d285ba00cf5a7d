import type { Clock } from '../shared/clock.ts'

/** A counter after a hit: how many hits in its window, and when the window ends (epoch ms). */
export interface Hit {
  readonly count: number
  readonly resetAtMs: number
}

/**
 * Fixed-window counters shared by everything that limits requests. `hit` counts one and answers
 * atomically; a window starts with the first hit after the previous one ended.
 */
export interface CounterStore {
  hit(key: string, windowSeconds: number): Promise<Hit>
  /** The counter without counting; undefined when none is running. */
  peek(key: string): Promise<Hit | undefined>
  clear(key: string): Promise<void>
  close(): Promise<void>
}

interface Entry {
  count: number
  resetAtMs: number
}

const SWEEP_EVERY_MS = 60_000

// How many of the oldest counters a full store looks through for one it need not keep.
const EVICTION_LOOK_AHEAD = 256

/**
 * Counters in this process: right for one instance. At most `maxEntries` are kept (expired ones
 * are swept each minute; when still full the oldest window goes), so a flood of client IPs cannot
 * grow memory without bound. Time comes from the core's clock, so tests can move it.
 */
export function createMemoryCounterStore({
  clock,
  maxEntries,
  keepWhenFull = () => false,
}: {
  clock: Clock
  maxEntries: number
  /** Counters evicted last when the store is full (locks): a flood of new clients must not lift them. */
  keepWhenFull?: (key: string) => boolean
}): CounterStore & { readonly size: number } {
  const entries = new Map<string, Entry>()
  let nextSweepMs = 0

  function sweep(nowMs: number): void {
    nextSweepMs = nowMs + SWEEP_EVERY_MS
    for (const [key, entry] of entries) if (entry.resetAtMs <= nowMs) entries.delete(key)
  }

  /**
   * The oldest counter that is not kept among the oldest few, or the oldest of all: looking further
   * would make every new client cost a walk over the whole store once it is full of kept ones.
   */
  function evictable(): string {
    let oldest: string | undefined
    let looked = 0
    for (const key of entries.keys()) {
      oldest ??= key
      if (!keepWhenFull(key)) return key
      if (++looked >= EVICTION_LOOK_AHEAD) break
    }
    return oldest ?? ''
  }

  function live(key: string, nowMs: number): Entry | undefined {
    const entry = entries.get(key)
    return entry !== undefined && entry.resetAtMs > nowMs ? entry : undefined
  }

  return {
    get size() {
      return entries.size
    },
    hit(key, windowSeconds) {
      const nowMs = clock.now().getTime()
      if (nowMs >= nextSweepMs) sweep(nowMs)
      let entry = live(key, nowMs)
      if (entry === undefined) {
        // Deleted first so that the Map's order (oldest first) follows the windows' starts.
        entries.delete(key)
        if (entries.size >= maxEntries) {
          sweep(nowMs)
          if (entries.size >= maxEntries) entries.delete(evictable())
        }
        entry = { count: 0, resetAtMs: nowMs + windowSeconds * 1000 }
        entries.set(key, entry)
      }
      entry.count += 1
      return Promise.resolve({ count: entry.count, resetAtMs: entry.resetAtMs })
    },
    peek(key) {
      const entry = live(key, clock.now().getTime())
      return Promise.resolve(entry && { count: entry.count, resetAtMs: entry.resetAtMs })
    },
    clear(key) {
      entries.delete(key)
      return Promise.resolve()
    },
    close() {
      entries.clear()
      return Promise.resolve()
    },
  }
}
