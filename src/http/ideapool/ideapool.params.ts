import type { TObject } from 'typebox'
import { type AppError, validationError } from '../../core/errors.ts'
import { createBinder } from '../shared/binder.ts'
import { MissingParamError } from './ideapool.errors.ts'

// Rails' blank: absent, null, or a string of only whitespace.
const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

/** The body's fields, each present and not blank, in the order given; else a 400 naming the first. */
export function requireParams<const K extends string>(
  body: unknown,
  names: readonly K[],
): Record<K, unknown> {
  const binder = createBinder(body, isBlank)
  for (const name of names) binder.value(name, true)
  const [first] = binder.problems
  if (first !== undefined) throw new MissingParamError(first.field)
  return binder.fields as Record<K, unknown>
}

/** The body's fields as the route's schema lists them, each required: the binder reads what the docs say. */
export function requireBody<T extends TObject>(
  schema: T,
  body: unknown,
): Record<Extract<keyof T['properties'], string>, unknown> {
  return requireParams(body, Object.keys(schema.properties) as Extract<keyof T['properties'], string>[])
}

/** A parameter that must be a JSON string; other types are a 422 with `problem`. */
export function stringParam(value: unknown, field: string, problem = 'must be a string'): string {
  if (typeof value !== 'string') throw validationError([{ field, problem }])
  return value
}

/** A parameter's string as given, anything else as '': the core refuses it as a wrong value. */
export const textParam = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * The first of these parameters that is not a JSON string, as stringParam would refuse it (a 422
 * with `problem`); undefined when all are strings.
 */
export function stringProblems(
  params: readonly { value: unknown; field: string; problem?: string }[],
): AppError | undefined {
  const wrong = params.find(({ value }) => typeof value !== 'string')
  return wrong && validationError([{ field: wrong.field, problem: wrong.problem ?? 'must be a string' }])
}

/** `?page=` as a number for the core to judge: missing or empty is page 1, non-digits are NaN. */
export function pageParam(value: unknown): number {
  if (value === undefined || value === '') return 1
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN
}
