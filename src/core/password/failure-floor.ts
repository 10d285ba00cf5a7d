/**
 * Failed password checks must not tell accounts apart by time. An unknown account costs one dummy
 * Argon2 verification, like a native account; but an imported bcrypt hash (or an imported Argon2
 * hash with other parameters) costs what its own cost says, and a cost-12 bcrypt is ten times
 * today's Argon2. So every failure (a wrong password on any account, or an unknown account) lasts
 * at least as long as a check of the slowest kind of hash this process has met: a duration drawn
 * from that kind's recent checks, so that the padded failures spread as the slow ones do, not
 * bunch at one value. Never under `minimumMs`. The wait is a timer, not CPU, and is spent outside
 * the hashing limiter's slots.
 */
export interface FailureFloor {
  /** Notes how long one verification of a kind of hash (its algorithm and cost) took. */
  record(kind: string, ms: number): void
  /** Waits until a failed check that took `elapsedMs` so far has lasted the floor. */
  pad(elapsedMs: number): Promise<void>
}

// Recent checks kept per kind: enough to draw a realistic spread, few enough to follow the load.
const SAMPLES = 32
// Kinds come from hashes an operator imported: a few bcrypt costs and Argon2 parameter sets.
const MAX_KINDS = 64

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length

export function createFailureFloor({
  minimumMs,
  sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random = Math.random,
}: {
  minimumMs: number
  sleep?: (ms: number) => Promise<void>
  /** In [0, 1): which recent check of the slowest kind a failure lasts as long as. */
  random?: () => number
}): FailureFloor {
  const recent = new Map<string, number[]>()
  let slowest: number[] = []

  return {
    record(kind, ms) {
      let samples = recent.get(kind)
      if (samples === undefined) {
        if (recent.size >= MAX_KINDS) return
        samples = []
        recent.set(kind, samples)
      }
      samples.push(ms)
      if (samples.length > SAMPLES) samples.shift()
      if (samples !== slowest && (slowest.length === 0 || mean(samples) > mean(slowest))) slowest = samples
    },
    async pad(elapsedMs) {
      const drawn = slowest[Math.floor(random() * slowest.length)] ?? 0
      const floorMs = Math.max(minimumMs, drawn)
      if (floorMs > elapsedMs) await sleep(floorMs - elapsedMs)
    },
  }
}

/** The kind of a stored hash: bcrypt by cost, Argon2 by variant and parameters. */
export function hashKindOf(passwordHash: string): string {
  const bcrypt = /^\$2[aby]\$(\d\d)\$/.exec(passwordHash)
  if (bcrypt !== null) return `bcrypt:${bcrypt[1]}`
  const argon2 = /^\$(argon2(?:id|i|d))\$v=\d+\$(m=\d+,t=\d+,p=\d+)\$/.exec(passwordHash)
  return argon2 === null ? 'unreadable' : `${argon2[1]}:${argon2[2]}`
}
