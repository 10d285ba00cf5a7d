import { isIP } from 'node:net'

// Field constructors for the config schema: each knows its environment variable, its default,
// how to parse a raw string, and a one-line description (the source of docs/configuration.md).

export interface Field<T> {
  readonly env: string
  readonly description: string
  readonly defaultValue: T
  readonly secret: boolean
  parse(raw: string): T
}

function field<T>(env: string, defaultValue: T, description: string, parse: (raw: string) => T): Field<T> {
  return { env, description, defaultValue, secret: false, parse }
}

export function text(env: string, defaultValue: string, description: string): Field<string> {
  return field(env, defaultValue, description, (raw) => raw)
}

export function optionalText(env: string, description: string): Field<string | undefined> {
  return field<string | undefined>(env, undefined, description, (raw) => (raw === '' ? undefined : raw))
}

export function secretText(env: string, description: string, minLength: number): Field<string | undefined> {
  const parse = (raw: string) => {
    if (raw.length < minLength) throw new Error(`must be at least ${minLength} characters`)
    return raw
  }
  return { ...field<string | undefined>(env, undefined, description, parse), secret: true }
}

export function integer(
  env: string,
  defaultValue: number,
  description: string,
  min = 0,
  max = 2 ** 31,
): Field<number> {
  return field(env, defaultValue, description, (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error('must be an integer')
    const value = Number(raw)
    if (value < min || value > max) throw new Error(`must be between ${min} and ${max}`)
    return value
  })
}

export function flag(env: string, defaultValue: boolean, description: string): Field<boolean> {
  return field(env, defaultValue, description, (raw) => {
    const value = raw.trim().toLowerCase()
    if (['1', 'true', 'yes', 'on'].includes(value)) return true
    if (['0', 'false', 'no', 'off'].includes(value)) return false
    throw new Error('must be true or false')
  })
}

export function oneOf<const T extends string>(
  env: string,
  choices: readonly T[],
  defaultValue: NoInfer<T>,
  description: string,
): Field<T> {
  return field(env, defaultValue, description, (raw) => {
    const value = choices.find((choice) => choice === raw.trim())
    if (value === undefined) throw new Error(`must be one of ${choices.join(', ')}`)
    return value
  })
}

export function pathPrefix(env: string, description: string, defaultValue = ''): Field<string> {
  return field(env, defaultValue, description, (raw) => {
    const value = raw.trim().replace(/\/+$/, '')
    if (value !== '' && !/^\/[A-Za-z0-9._~\-/]*$/.test(value)) throw new Error('must be a path like /api')
    return value
  })
}

export function decimal(
  env: string,
  defaultValue: number,
  description: string,
  min: number,
  max: number,
): Field<number> {
  return field(env, defaultValue, description, (raw) => {
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

/** `COUNT/SECONDS`, e.g. `30/60`: at most 30 in any 60-second window. */
export function rateLimit(env: string, defaultValue: string, description: string): Field<RateLimit> {
  const parse = (raw: string) => {
    const match = /^\s*(\d{1,10})\s*\/\s*(\d{1,9})\s*$/.exec(raw)
    const [limit, windowSeconds] = [Number(match?.[1]), Number(match?.[2])]
    if (!match || windowSeconds < 1 || windowSeconds > 7 * 86_400) {
      throw new Error('must be COUNT/SECONDS, e.g. 30/60 (a window of 1 second to 7 days)')
    }
    return rateLimitOf(limit, windowSeconds)
  }
  return field(env, parse(defaultValue), description, parse)
}

/** Fastify's trustProxy: false, true, a hop count, or a comma-separated list of addresses and CIDRs. */
export type TrustProxy = boolean | number | readonly string[]

export function trustProxy(env: string, description: string): Field<TrustProxy> {
  return field<TrustProxy>(env, false, description, (raw) => {
    const value = raw.trim().toLowerCase()
    if (['true', 'on', 'yes'].includes(value)) return true
    if (['false', 'off', 'no', '0'].includes(value)) return false
    if (/^\d{1,3}$/.test(value)) return Number(value)
    const entries = value.split(',').map((entry) => entry.trim())
    const valid = entries.every((entry) => {
      const [address = '', prefix, extra] = entry.split('/')
      const family = isIP(address)
      const bits = family === 4 ? 32 : 128
      return (
        family !== 0 &&
        extra === undefined &&
        (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))
      )
    })
    if (!valid) throw new Error('must be true, false, a hop count or a comma-separated list of IPs/CIDRs')
    return Object.freeze(entries)
  })
}
