import type { OperationDoc, ParameterDoc, ResponseDoc, Schema } from './openapi.ts'

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
