import { createHash } from 'node:crypto'
import { AppError, validationError } from '../errors.ts'
import { BoundedMap } from '../shared/bounded-map.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'

export interface BreachedPasswordDeps {
  /** The range API's base URL (Have I Been Pwned's `https://api.pwnedpasswords.com`); undefined: off. */
  readonly baseUrl: string | undefined
  readonly timeoutMs: number
  /** true: when the service cannot answer, the password is accepted (and a warning logged). */
  readonly failOpen: boolean
  readonly cacheTtlSeconds: number
  /** Most prefixes cached at once; the oldest goes first. */
  readonly cacheEntries: number
  readonly clock: Clock
  readonly log: Logger
}

export interface BreachedPasswordCheck {
  /**
   * Refuses a password found in the breach corpus, as a problem of `field`.
   * @throws {AppError} validation_failed, password_check_unavailable (fail-closed, service down)
   */
  assertNotBreached(password: string, field: string): Promise<void>
}

export const BREACHED_PROBLEM = 'has appeared in a data breach'

export const noBreachCheck: BreachedPasswordCheck = { assertNotBreached: async () => {} }

/** `SUFFIX:COUNT` lines; padding lines (count 0) and anything unreadable are left out. */
export function parseRange(text: string): Set<string> {
  const suffixes = new Set<string>()
  for (const line of text.split('\n')) {
    const match = /^([0-9A-Fa-f]{35}):(\d+)\s*$/.exec(line.trim())
    if (match?.[1] !== undefined && Number(match[2]) > 0) suffixes.add(match[1].toUpperCase())
  }
  return suffixes
}

/**
 * The k-anonymity range check: only the first 5 hex digits of the password's SHA-1 leave the
 * server, with `Add-Padding` so that the reply's size does not tell the prefix either.
 */
export function createBreachedPasswordCheck(deps: BreachedPasswordDeps): BreachedPasswordCheck {
  const { baseUrl, clock } = deps
  if (baseUrl === undefined) return noBreachCheck
  const cache = new BoundedMap<string, { suffixes: Set<string>; expiresAt: number }>(deps.cacheEntries)

  async function fetchRange(prefix: string): Promise<Set<string>> {
    const cached = cache.get(prefix)
    if (cached !== undefined && cached.expiresAt > clock.now().getTime()) return cached.suffixes
    cache.delete(prefix)
    const response = await fetch(`${baseUrl?.replace(/\/+$/, '')}/range/${prefix}`, {
      headers: { 'add-padding': 'true', 'user-agent': 'Latchkey' },
      signal: AbortSignal.timeout(deps.timeoutMs),
      redirect: 'error',
    })
    if (!response.ok) throw new Error(`range API answered ${response.status}`)
    const suffixes = parseRange(await response.text())
    if (deps.cacheEntries > 0 && deps.cacheTtlSeconds > 0) {
      cache.set(prefix, { suffixes, expiresAt: clock.now().getTime() + deps.cacheTtlSeconds * 1000 })
    }
    return suffixes
  }

  return {
    async assertNotBreached(password, field) {
      const digest = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase()
      let suffixes: Set<string>
      try {
        suffixes = await fetchRange(digest.slice(0, 5))
      } catch (cause) {
        const error = cause instanceof Error ? cause.message : String(cause)
        deps.log.warn({ error, failOpen: deps.failOpen }, 'breached-password check unavailable')
        if (deps.failOpen) return
        throw new AppError('password_check_unavailable', {}, { cause })
      }
      if (suffixes.has(digest.slice(5))) throw validationError([{ field, problem: BREACHED_PROBLEM }])
    },
  }
}
