/** Time as the core sees it: injected so that tests can move it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}
