import { createHash } from 'node:crypto'
import type { RateLimit } from '../../config/fields.ts'
import { AppError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { CounterStore, Hit } from './counter-store.ts'

export const rateCategories = [
  'signIn', // every sign-in attempt (password or social), per client
  'signInFailures', // failed password sign-ins, per client: past it, refused and not fed to lockouts
  'signUp',
  'refresh',
  'passwordReset', // forgot-password request and reset
  'mailResend',
  'accountMail', // requests that mail one account (sign-up, forgot-password, resend), per account
  'apiKeyFailures', // failed API-key checks, per client (valid keys are never counted)
  'oidcTokenFailures', // refused OIDC token, introspection and revocation requests, per client
  'webhook',
  'coopCreation', // AMPnet's public POST /coop, per client: each coop and its images are kept
] as const

export type RateCategory = (typeof rateCategories)[number]

export interface LockoutPolicy {
  /** Failures within `windowSeconds` that lock an account; 0: no lockout. */
  readonly threshold: number
  readonly windowSeconds: number
  readonly baseSeconds: number
  readonly maxSeconds: number
  /** How long a lock counts towards doubling the next one. */
  readonly escalationSeconds: number
}

export interface AbuseGuardDeps {
  readonly store: CounterStore
  readonly clock: Clock
  readonly log: Logger
  readonly enabled: boolean
  readonly limits: Readonly<Record<RateCategory, RateLimit>>
  readonly lockout: LockoutPolicy
  /** A tenant's own lockout (operators may set one per coop); `lockout` when not given. */
  readonly lockoutOf?: (tenant: string) => Promise<LockoutPolicy>
}

/**
 * Who sent a request, as the limits count it: an IPv4 address or an IPv6 /64 (the surfaces'
 * `clientOf`). The use cases take it and apply their limits and lockout themselves.
 */
export type ClientRef = string

/** An account as a client names it: an email or username within a tenant (undefined: the default). */
export interface AccountRef {
  readonly tenant: string | undefined
  readonly identifier: string
}

const MAX_BLOCKED = 10_000

/** The counters that hold an account's lock state, which a full in-process store keeps longest. */
export const isLockoutState = (key: string): boolean => /^(lock|lockLevel|failures):/.test(key)
// A client that signed in to an account is known to it this long: a lock does not stop it.
const KNOWN_CLIENT_SECONDS = 30 * 86_400

export type AbuseGuard = ReturnType<typeof createAbuseGuard>

/**
 * Refusals that mean a wrong password (or second-factor code) was tried: they feed the client's
 * budget and the lockout, so a six-digit code cannot be guessed at line rate.
 */
const GUESS_FAILURES: ReadonlySet<string> = new Set([
  'invalid_credentials',
  'wrong_old_password',
  'invalid_mfa_code',
])

/**
 * Rate limits and sign-in lockout over a counter store. Clients are named by the caller (an IP,
 * IPv6 grouped by /64); accounts by tenant and normalised identifier, whether they exist or not.
 * A store failure lets the request through (logged): limits defend, they must not take logins down.
 */
export function createAbuseGuard(deps: AbuseGuardDeps, defaultTenant: string) {
  const { store, clock, log, enabled, limits, lockout } = deps
  const lockoutOf = deps.lockoutOf ?? (async () => lockout)
  const rejections = Object.fromEntries(rateCategories.map((category) => [category, 0])) as Record<
    RateCategory,
    number
  >
  let lockoutRejections = 0
  let lockoutsStarted = 0
  // Clients known to be over a limit until the window ends: refused without asking the store.
  const blocked = new Map<string, number>()

  const refusal = (resetAtMs: number) =>
    new AppError('rate_limited', {
      retryAfterSeconds: Math.max(1, Math.ceil((resetAtMs - clock.now().getTime()) / 1000)),
    })

  function refuse(category: RateCategory, resetAtMs: number, key?: string): never {
    rejections[category] += 1
    const error = refusal(resetAtMs)
    // The per-account key holds an email address: the category and client are what operators need.
    const client =
      key === undefined || category === 'accountMail' ? undefined : key.slice(category.length + 1)
    log.debug(
      {
        category,
        allowed: limits[category].limit,
        windowSeconds: limits[category].windowSeconds,
        client,
        retryAfterSeconds: error.details?.retryAfterSeconds,
      },
      'rate limit refused a request',
    )
    throw error
  }

  function block(key: string, untilMs: number): void {
    if (blocked.size >= MAX_BLOCKED) {
      const nowMs = clock.now().getTime()
      for (const [known, until] of blocked) if (until <= nowMs) blocked.delete(known)
      if (blocked.size >= MAX_BLOCKED) blocked.clear()
    }
    blocked.set(key, untilMs)
  }

  function checkBlocked(category: RateCategory, key: string): void {
    const untilMs = blocked.get(key)
    if (untilMs === undefined) return
    if (untilMs > clock.now().getTime()) refuse(category, untilMs, key)
    blocked.delete(key)
  }

  // Fail-open: a store outage lets requests through. One warning when it starts and a line when it
  // ends (not one per request); storeFailures counts every request let through meanwhile.
  let storeFailures = 0
  let storeDown = false
  async function safely<T>(work: Promise<T>): Promise<T | undefined> {
    try {
      const result = await work
      if (storeDown) {
        storeDown = false
        log.info({ storeFailures }, 'rate-limit store reachable again; limits apply')
      }
      return result
    } catch (error) {
      storeFailures += 1
      if (!storeDown)
        log.warn({ err: error }, 'rate-limit store failed; requests let through until it is back')
      else log.debug({ err: error }, 'rate-limit store failed; request let through')
      storeDown = true
      return undefined
    }
  }

  async function count(category: RateCategory, subject: string): Promise<void> {
    const { limit, windowSeconds } = limits[category]
    if (limit === 0) return
    const key = `${category}:${subject}`
    checkBlocked(category, key)
    const hit = await safely(store.hit(key, windowSeconds))
    if (hit !== undefined && hit.count > limit) {
      block(key, hit.resetAtMs)
      refuse(category, hit.resetAtMs, key)
    }
  }

  function accountKey({ tenant, identifier }: AccountRef): string {
    const normalised = identifier.trim().toLowerCase()
    // Keys stay short whatever a client sends; the hash keeps distinct long identifiers apart.
    const name =
      normalised.length <= 200 ? normalised : createHash('sha256').update(normalised).digest('base64url')
    return `${tenant ?? defaultTenant}\u0000${name}`
  }

  async function startLock(account: string, policy: LockoutPolicy): Promise<void> {
    const level = await store.hit(`lockLevel:${account}`, policy.escalationSeconds)
    const seconds = Math.min(policy.baseSeconds * 2 ** Math.min(level.count - 1, 30), policy.maxSeconds)
    await store.hit(`lock:${account}`, seconds)
    await store.clear(`failures:${account}`)
    lockoutsStarted += 1
    log.debug({ lockSeconds: seconds, level: level.count }, 'account locked after failed sign-ins')
  }

  /** Counts a failed sign-in: against the client's budget, and against the account within it. */
  async function recordFailure(client: string, account: string, policy: LockoutPolicy): Promise<void> {
    const budget = limits.signInFailures
    if (budget.limit > 0) {
      const spent = await store.hit(`signInFailures:${client}`, budget.windowSeconds)
      // Over its budget, a client cannot push anyone's account further towards a lock.
      if (spent.count > budget.limit) return
    }
    if (policy.threshold === 0) return
    const failures = await store.hit(`failures:${account}`, policy.windowSeconds)
    if (failures.count >= policy.threshold) await startLock(account, policy)
  }

  const none = Promise.resolve(undefined)

  // One password check per account at a time (in this instance): concurrent guesses would all read
  // "not locked" before any failure was counted, and run past the threshold together.
  const checking = new Map<string, Promise<unknown>>()
  async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = checking.get(key)
    const mine = (before ?? none).catch(() => undefined).then(work)
    checking.set(key, mine)
    try {
      return await mine
    } finally {
      if (checking.get(key) === mine) checking.delete(key)
    }
  }

  async function guardedAttempt<T>(
    client: string,
    key: string,
    policy: LockoutPolicy,
    attempt: () => Promise<T>,
    isComplete: (result: T) => boolean,
  ): Promise<T> {
    const lockoutOn = policy.threshold > 0
    const [spent, lock, failures, known] = await safely(
      Promise.all([
        limits.signInFailures.limit > 0 ? store.peek(`signInFailures:${client}`) : none,
        lockoutOn ? store.peek(`lock:${key}`) : none,
        lockoutOn ? store.peek(`failures:${key}`) : none,
        lockoutOn ? store.peek(`known:${key}\u0000${client}`) : none,
      ] as const),
    ).then((peeked): readonly (Hit | undefined)[] => peeked ?? [])
    if (spent !== undefined && spent.count >= limits.signInFailures.limit) {
      refuse('signInFailures', spent.resetAtMs, `signInFailures:${client}`)
    }
    // A lock keeps out everyone but the clients that signed in to this account before: an attacker
    // elsewhere cannot lock its owner out of their usual network.
    if (lock !== undefined && known === undefined) {
      lockoutRejections += 1
      const error = refusal(lock.resetAtMs)
      log.debug(
        { client, retryAfterSeconds: error.details?.retryAfterSeconds },
        'sign-in refused: account locked',
      )
      throw error
    }
    try {
      const result = await attempt()
      if (lockoutOn && isComplete(result)) {
        await safely(
          Promise.all([
            failures === undefined ? none : store.clear(`failures:${key}`),
            store.hit(`known:${key}\u0000${client}`, KNOWN_CLIENT_SECONDS),
          ]),
        )
      }
      return result
    } catch (error) {
      // A wrong old password in a password change is a guess like a wrong sign-in password.
      if (error instanceof AppError && GUESS_FAILURES.has(error.code)) {
        await safely(recordFailure(client, key, policy))
      }
      throw error
    }
  }

  return {
    /**
     * Counts one request of `category` from `client`, and, when given, one `accountMail` for the
     * account it mails.
     * @throws {AppError} rate_limited
     */
    async limit(category: RateCategory, client: ClientRef, account?: AccountRef): Promise<void> {
      if (!enabled) return
      await count(category, client)
      if (account !== undefined) await count('accountMail', accountKey(account))
    },

    /**
     * Refuses a client already known to be over `category` without counting: for checks that count
     * only failures (API keys), so that valid requests cost no store call.
     * @throws {AppError} rate_limited
     */
    assertNotBlocked(category: RateCategory, client: string): void {
      if (enabled) checkBlocked(category, `${category}:${client}`)
    },

    /**
     * Runs a password sign-in `attempt` under the per-client limits and the account's lockout. A
     * locked account is refused whatever the password; `invalid_credentials` counts as a failure.
     * A success forgets the account's failures and makes the client known to it, unless
     * `isComplete` says the sign-in is not over (a second factor is still to come): otherwise a
     * correct password would wipe the count of wrong codes.
     * @throws {AppError} rate_limited, and whatever `attempt` throws
     */
    async signIn<T>(
      client: ClientRef,
      account: AccountRef,
      attempt: () => Promise<T>,
      isComplete: (result: T) => boolean = () => true,
    ): Promise<T> {
      if (!enabled) return attempt()
      await count('signIn', client)
      const key = accountKey(account)
      const policy = await lockoutOf(account.tenant ?? defaultTenant)
      return oneAtATime(key, () => guardedAttempt(client, key, policy, attempt, isComplete))
    },

    /** Lifts a lock and forgets the failures (after a successful password reset). */
    async clearLockout(account: AccountRef): Promise<void> {
      if (!enabled) return
      const key = accountKey(account)
      await safely(
        Promise.all([`lock:${key}`, `failures:${key}`, `lockLevel:${key}`].map((name) => store.clear(name))),
      )
    },

    /** Requests refused by each rate limit since start (lockouts apart). */
    get rejections(): Readonly<Record<RateCategory, number>> {
      return rejections
    },
    /** Sign-in attempts refused because their account was locked. */
    get lockoutRejections(): number {
      return lockoutRejections
    },
    /** Requests let through because the counter store (Redis) failed (fail-open). */
    get storeFailures(): number {
      return storeFailures
    },
    /** Locks started (an account reaching the failure threshold). */
    get lockoutsStarted(): number {
      return lockoutsStarted
    },
    close: () => store.close(),
  }
}
