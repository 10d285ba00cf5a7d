import type { FieldProblem } from '../../core/errors.ts'

// Reading request fields before any rule runs. Every problem is collected; each surface decides
// how to refuse them (all at once, the first only, or its framework's bare 400).

export type Fields = Readonly<Record<string, unknown>>

/** The input as a JSON object, or undefined when it is none (an array, a string, nothing). */
export function objectOf(input: unknown): Fields | undefined {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Fields) : undefined
}

/** A body or query that is not an object binds like an empty one. */
export const fieldsOf = (input: unknown): Fields => objectOf(input) ?? {}

export const REQUIRED = 'is required'
export const NOT_A_STRING = 'must be a string'

/** Whether a value counts as not given; by default only absent and null do. */
export type IsBlank = (value: unknown, required: boolean) => boolean

const isNullish: IsBlank = (value) => value === undefined || value === null

export function createBinder(input: unknown, isBlank: IsBlank = isNullish) {
  const fields = fieldsOf(input)
  const problems: FieldProblem[] = []
  /** The field's value of any type; undefined when blank (a problem if required). */
  const value = (name: string, required: boolean): unknown => {
    const given = fields[name]
    if (!isBlank(given, required)) return given
    if (required) problems.push({ field: name, problem: REQUIRED })
    return undefined
  }
  /** The field as a string; undefined when blank or of another type (a problem). */
  const string = (name: string, required: boolean): string | undefined => {
    const given = value(name, required)
    if (given === undefined || typeof given === 'string') return given
    problems.push({ field: name, problem: NOT_A_STRING })
    return undefined
  }
  return {
    fields,
    /** Every problem so far, in the order the fields were read. */
    problems: problems as readonly FieldProblem[],
    value,
    string,
    /** The named fields as strings, required ones first; read them all, then check `problems`. */
    strings<const R extends string, const O extends string = never>(
      required: readonly R[],
      optional: readonly O[] = [],
    ): Record<R, string> & Partial<Record<O, string>> {
      const out: Record<string, string> = {}
      for (const [names, isRequired] of [
        [required, true],
        [optional, false],
      ] as const) {
        for (const name of names) {
          const read = string(name, isRequired)
          if (read !== undefined) out[name] = read
        }
      }
      return out as Record<R, string> & Partial<Record<O, string>>
    },
  }
}

export type Binder = ReturnType<typeof createBinder>
