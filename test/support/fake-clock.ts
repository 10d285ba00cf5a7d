import type { Clock } from '../../src/core/shared/clock.ts'

export interface FakeClock extends Clock {
  advance(seconds: number): void
}

/** A clock that moves only when told: expiry tests need no waiting. */
export function createFakeClock(start = new Date('2026-01-01T00:00:00Z')): FakeClock {
  let nowMs = start.getTime()
  return {
    now: () => new Date(nowMs),
    advance(seconds) {
      nowMs += seconds * 1000
    },
  }
}
