import { type FieldProblem, validationError } from '../../core/errors.ts'

type Fields = Record<string, unknown>

/**
 * The body's fields, where `required` must be non-empty strings and `optional` strings when given;
 * otherwise one 400 naming every field that is wrong.
 */
export function stringFields<const R extends string, const O extends string = never>(
  body: unknown,
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R, string> & Partial<Record<O, string>> {
  const fields: Fields =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Fields) : {}
  const problems: FieldProblem[] = []
  const out: Record<string, string> = {}
  for (const name of [...required, ...optional]) {
    const value = fields[name]
    const isRequired = (required as readonly string[]).includes(name)
    if (value === undefined || value === null || (isRequired && value === '')) {
      if (isRequired) problems.push({ field: name, problem: 'is required' })
    } else if (typeof value !== 'string') {
      problems.push({ field: name, problem: 'must be a string' })
    } else {
      out[name] = value
    }
  }
  if (problems.length > 0) throw validationError(problems)
  return out as Record<R, string> & Partial<Record<O, string>>
}
