import { isIP } from 'node:net'

// Field constructors for the config schema: each knows its environment variable, its default,
// how to parse a raw string, and a one-line description (the source of docs/configuration.md).
// Every constructor takes one options object: `env` names the variable, `default` is what an
// unset or empty variable yields, `doc` is the description.

export const DAY_SECONDS = 86_400

export interface Field<T> {
  readonly env: string
  readonly description: string
  readonly defaultValue: T
  readonly secret: boolean
  parse(raw: string): T
}

/** What every field names: its variable and its one-line description. */
interface Described {
  readonly env: string
  readonly doc: string
}

interface Options<T> extends Described {
  readonly default: T
}

/** Inclusive bounds of a number. */
interface Bounds {
  readonly min: number
  readonly max: number
}

function field<T>({ env, default: defaultValue, doc }: Options<T>, parse: (raw: string) => T): Field<T> {
  return { env, description: doc, defaultValue, secret: false, parse }
}

export function text(options: Options<string>): Field<string> {
  return field(options, (raw) => raw)
}

export function optionalText(options: Described): Field<string | undefined> {
  return field<string | undefined>({ ...options, default: undefined }, (raw) =>
    raw === '' ? undefined : raw,
  )
}

/** A secret: unset by default, redacted in logs, refused when shorter than `minLength`. */
export function secretText(options: Described & { readonly minLength: number }): Field<string | undefined> {
  const parse = (raw: string) => {
    if (raw.length < options.minLength) throw new Error(`must be at least ${options.minLength} characters`)
    return raw
  }
  return { ...field<string | undefined>({ ...options, default: undefined }, parse), secret: true }
}

/** A whole number, by default between 0 and 2^31. */
export function integer(options: Options<number> & Partial<Bounds>): Field<number> {
  const { min = 0, max = 2 ** 31 } = options
  return field(options, (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error('must be an integer')
    const value = Number(raw)
    if (value < min || value > max) throw new Error(`must be between ${min} and ${max}`)
    return value
  })
}

export function flag(options: Options<boolean>): Field<boolean> {
  return field(options, (raw) => {
    const value = raw.trim().toLowerCase()
    if (['1', 'true', 'yes', 'on'].includes(value)) return true
    if (['0', 'false', 'no', 'off'].includes(value)) return false
    throw new Error('must be true or false')
  })
}

export function oneOf<const T extends string>(
  options: Options<NoInfer<T>> & { readonly choices: readonly T[] },
): Field<T> {
  const { choices } = options
  return field(options, (raw) => {
    const value = choices.find((choice) => choice === raw.trim())
    if (value === undefined) throw new Error(`must be one of ${choices.join(', ')}`)
    return value
  })
}

/** A path like `/api` without its trailing slash; empty (the root) by default. */
export function pathPrefix(options: Described & { readonly default?: string }): Field<string> {
  return field({ ...options, default: options.default ?? '' }, (raw) => {
    const value = raw.trim().replace(/\/+$/, '')
    if (value !== '' && !/^\/[A-Za-z0-9._~\-/]*$/.test(value)) throw new Error('must be a path like /api')
    return value
  })
}

export function decimal(options: Options<number> & Bounds): Field<number> {
  const { min, max } = options
  return field(options, (raw) => {
    if (!/^\d+(\.\d+)?$/.test(raw.trim())) throw new Error('must be a decimal number such as 0.5')
    const value = Number(raw)
    if (value < min || value > max) throw new Error(`must be between ${min} and ${max}`)
    return value
  })
}

/** A rate limit: at most `limit` counted requests per `windowSeconds` (a limit of 0 counts nothing). */
export interface RateLimit {
  readonly limit: number
  readonly windowSeconds: number
}

function rateLimitOf(limit: number, windowSeconds: number): RateLimit {
  // toString shows the setting as written in docs/configuration.md.
  return Object.freeze({ limit, windowSeconds, toString: () => `${limit}/${windowSeconds}` })
}

function parseRateLimit(raw: string): RateLimit {
  const match = /^\s*(\d{1,10})\s*\/\s*(\d{1,9})\s*$/.exec(raw)
  const [limit, windowSeconds] = [Number(match?.[1]), Number(match?.[2])]
  if (!match || windowSeconds < 1 || windowSeconds > 7 * DAY_SECONDS) {
    throw new Error('must be COUNT/SECONDS, e.g. 30/60 (a window of 1 second to 7 days)')
  }
  return rateLimitOf(limit, windowSeconds)
}

/** `COUNT/SECONDS`, e.g. `30/60`: at most 30 in any 60-second window; the default is written the same way. */
export function rateLimit(options: Options<string>): Field<RateLimit> {
  return field({ ...options, default: parseRateLimit(options.default) }, parseRateLimit)
}

/** Fastify's trustProxy: false, true, a hop count, or a comma-separated list of addresses and CIDRs. */
export type TrustProxy = boolean | number | readonly string[]

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/')
  const family = isIP(address)
  const bits = family === 4 ? 32 : 128
  return (
    family !== 0 &&
    extra === undefined &&
    (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))
  )
}

/** Off by default: X-Forwarded-For is only believed when the operator says which proxies send it. */
export function trustProxy(options: Described): Field<TrustProxy> {
  return field<TrustProxy>({ ...options, default: false }, (raw) => {
    const value = raw.trim().toLowerCase()
    if (['true', 'on', 'yes'].includes(value)) return true
    if (['false', 'off', 'no', '0'].includes(value)) return false
    if (/^\d{1,3}$/.test(value)) return Number(value)
    const entries = value.split(',').map((entry) => entry.trim())
    if (!entries.every(isAddressOrCidr)) {
      throw new Error('must be true, false, a hop count or a comma-separated list of IPs/CIDRs')
    }
    return Object.freeze(entries)
  })
}
