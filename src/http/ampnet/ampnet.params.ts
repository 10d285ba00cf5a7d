import { createBinder, objectOf } from '../shared/binder.ts'
import { frameworkError } from './ampnet.errors.ts'

// Request binding as the original's framework did it: a body that is not an object, a missing
// required field or a value of the wrong type is a plain 400 (framework body) before any rule runs.

export type Body = Record<string, unknown>

export function bodyObject(body: unknown): Body {
  const object = objectOf(body)
  if (object === undefined) throw frameworkError(400)
  return object as Body
}

/** How a route says a field did not bind; by default the framework 400 with an empty message. */
export type Unbound = (key: string) => Error

const unbound: Unbound = () => frameworkError(400)

/** Absent or null: undefined; any other non-string is a binding failure. */
export function optionalString(body: Body, key: string, fail: Unbound = unbound): string | undefined {
  return stringOf(body, key, false, fail)
}

export function requiredString(body: Body, key: string, fail: Unbound = unbound): string {
  const value = stringOf(body, key, true, fail)
  if (value === undefined) throw fail(key)
  return value
}

function stringOf(body: Body, key: string, required: boolean, fail: Unbound): string | undefined {
  const binder = createBinder(body)
  const value = binder.string(key, required)
  if (binder.problems.length > 0) throw fail(key)
  return value
}

export function requiredChoice<const T extends string>(body: Body, key: string, choices: readonly T[]): T {
  const value = body[key]
  const choice = choices.find((each) => each === value)
  if (choice === undefined) throw frameworkError(400)
  return choice
}

/** A JSON object whose values are all strings (AMPnet's `user_info`, `credentials`). */
export function stringMap(body: Body, key: string): Readonly<Record<string, string>> {
  const value = bodyObject(body[key])
  for (const entry of Object.values(value)) if (typeof entry !== 'string') throw frameworkError(400)
  return value as Record<string, string>
}

export const signupMethods = ['EMAIL', 'GOOGLE', 'FACEBOOK'] as const
