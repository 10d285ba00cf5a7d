import type { HeaderDoc, OperationDoc, ParameterDoc, ResponseDoc, Schema } from './openapi.ts'

// Terse JSON Schema builders for the description modules.

export const string = (description?: string): Schema => ({
  type: 'string',
  ...(description !== undefined && { description }),
})
export const integer = (description?: string): Schema => ({
  type: 'integer',
  ...(description !== undefined && { description }),
})
export const number: Schema = { type: 'number' }
export const boolean: Schema = { type: 'boolean' }
export const nullable = (schema: Schema): Schema => ({ ...schema, type: [schema.type, 'null'] })
export const arrayOf = (items: Schema): Schema => ({ type: 'array', items })
export const constant = (value: string | boolean): Schema => ({ const: value })
export const anyObject: Schema = { type: 'object' }

/** An object whose every listed property is required unless its name ends with `?`. */
export function object(properties: Readonly<Record<string, Schema>>): Schema {
  const entries = Object.entries(properties).map(
    ([name, schema]) => [name.replace(/\?$/, ''), schema] as const,
  )
  return {
    type: 'object',
    properties: Object.fromEntries(entries),
    required: Object.keys(properties).filter((name) => !name.endsWith('?')),
  }
}

export const json = (description: string, schema: Schema): ResponseDoc => ({ description, schema })
export const empty = (description: string): ResponseDoc => ({ description })

/** A response that also says when to come back (`Retry-After`, whole seconds). */
export const withRetryAfter = (response: ResponseDoc, description: string, required = true): ResponseDoc => ({
  ...response,
  headers: {
    ...response.headers,
    'Retry-After': { description, required, schema: { type: 'integer', minimum: 1 } } satisfies HeaderDoc,
  },
})

// The refusals of docs/spec-decisions.md "Rate limits, lockout and the Argon2 cap" and the
// breached-password check, in words every surface shares; each surface supplies its own body.
export const RATE_LIMITED = 'Over a rate limit of this client or account'
export const SIGN_IN_LIMITED = `${RATE_LIMITED}, or the account is locked after failed sign-ins`
export const RATE_LIMITED_RETRY = 'Seconds until the window (or the lock) ends'
export const SERVER_BUSY = 'Too many password hashes waiting (Argon2 cap)'
export const SERVER_BUSY_RETRY = 'Always 1'
export const CHECK_UNAVAILABLE = 'the breached-password service did not answer and the check fails closed'
export const BUSY_OR_UNCHECKABLE_RETRY = 'Only when the server is busy (then 1)'
/**
 * The 429 and 503 responses in a surface's body (`body(description, example, …more examples)`);
 * the sentences as src/http/shared/rate-limit.ts words them, each ending with `end`.
 */
export function refusalsOf(
  body: (description: string, example: string, ...more: string[]) => ResponseDoc,
  end = '',
) {
  const tooMany = `Too many requests, try again in <N> seconds${end}`
  const busy = `Server is busy, try again shortly${end}`
  return {
    limited: withRetryAfter(body(RATE_LIMITED, tooMany), RATE_LIMITED_RETRY),
    signInLimited: withRetryAfter(body(SIGN_IN_LIMITED, tooMany), RATE_LIMITED_RETRY),
    /** Over a limit, with the surface's own description. */
    limitedAs: (description: string) => withRetryAfter(body(description, tooMany), RATE_LIMITED_RETRY),
    busy: withRetryAfter(body(SERVER_BUSY, busy), SERVER_BUSY_RETRY),
    busyOrUncheckable: withRetryAfter(
      body(
        `${SERVER_BUSY}; or ${CHECK_UNAVAILABLE}`,
        busy,
        `The password cannot be checked right now; try again later${end}`,
      ),
      BUSY_OR_UNCHECKABLE_RETRY,
      false,
    ),
  }
}

/** The validation problem of a password found by the breached-password check. */
export const BREACHED = 'has appeared in a data breach'

export const query = (
  name: string,
  description: string,
  required = false,
  schema?: Schema,
): ParameterDoc => ({
  name,
  in: 'query',
  description,
  required,
  ...(schema !== undefined && { schema }),
})
export const header = (name: string, description: string, required = false): ParameterDoc => ({
  name,
  in: 'header',
  description,
  required,
})
export const path = (name: string, description: string, schema?: Schema): ParameterDoc => ({
  name,
  in: 'path',
  description,
  ...(schema !== undefined && { schema }),
})

export type Operations = Readonly<Record<string, OperationDoc>>
