import { validationError } from '../../core/errors.ts'
import { createBinder, fieldsOf } from '../shared/binder.ts'

/**
 * The named body fields as strings, each present and not empty; otherwise one 400 naming every
 * field that is missing or not a string.
 */
export function requireStrings<const K extends string>(
  body: unknown,
  names: readonly K[],
): Record<K, string> {
  const binder = createBinder(body, (value) => value === undefined || value === null || value === '')
  const fields = binder.strings(names)
  if (binder.problems.length > 0) throw validationError(binder.problems)
  return fields
}

const MINUTE = 60
const DAY = 86_400

/**
 * `?m=<minutes>` or `?d=<days>`, exactly one, as whole positive numbers; the core judges the range
 * (1 minute to 365 days).
 */
export function chosenLifetimeSeconds(query: unknown): number {
  const { m, d } = fieldsOf(query)
  if (m !== undefined && d !== undefined) {
    throw validationError([{ field: 'm', problem: 'and d must not be given together' }])
  }
  if (m === undefined && d === undefined) {
    throw validationError([{ field: 'm', problem: '(minutes) or d (days) is required' }])
  }
  const [field, value, unit] = m !== undefined ? ['m', m, MINUTE] : ['d', d, DAY]
  // At most 9 digits: larger numbers are out of range anyway and stay exact as a JS number.
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) {
    throw validationError([{ field, problem: 'must be a whole number' }])
  }
  return Number(value) * unit
}
