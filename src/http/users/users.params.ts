import type { Static, TObject } from 'typebox'
import { validationError } from '../../core/errors.ts'
import { createBinder } from '../shared/binder.ts'

/**
 * The body's fields, where `required` must be non-empty strings and `optional` strings when given;
 * otherwise one 400 naming every field that is wrong.
 */
export function stringFields<const R extends string, const O extends string = never>(
  body: unknown,
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R, string> & Partial<Record<O, string>> {
  const binder = createBinder(
    body,
    (value, isRequired) => value === undefined || value === null || (isRequired && value === ''),
  )
  const fields = binder.strings(required, optional)
  if (binder.problems.length > 0) throw validationError(binder.problems)
  return fields
}

/** The body as its route's schema of string fields names them: the binder reads what the docs say. */
export function bodyOf<T extends TObject>(schema: T, body: unknown): Static<T> {
  const required: readonly string[] = schema.required ?? []
  const optional = Object.keys(schema.properties).filter((name) => !required.includes(name))
  return stringFields(body, required, optional) as Static<T>
}
