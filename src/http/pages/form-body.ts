import type { FastifyInstance } from 'fastify'
import { MalformedBodyError } from '../shared/framework-errors.ts'

// No form of ours has more fields than this; a body with hundreds is not a person typing.
const MAX_FIELDS = 50

/** The fields of a form body: the first value of each name, on an object with no prototype. */
export type FormBody = Readonly<Record<string, string>>

/**
 * `application/x-www-form-urlencoded` bodies, for the context it is registered in (the pages) only.
 * Refused like a bad JSON body: too many fields, or NUL anywhere (PostgreSQL cannot store it).
 * @throws {MalformedBodyError}
 */
export function parseFormText(text: string): FormBody {
  if (text.includes('\u0000') || /%00/.test(text)) throw new MalformedBodyError('NUL in form')
  const fields: Record<string, string> = Object.create(null)
  let count = 0
  for (const [name, value] of new URLSearchParams(text)) {
    if (++count > MAX_FIELDS) throw new MalformedBodyError('too many form fields')
    if (!(name in fields)) fields[name] = value
  }
  return fields
}

export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, parseFormText(typeof body === 'string' ? body : body.toString('utf8')))
      } catch (error) {
        done(error as MalformedBodyError, undefined)
      }
    },
  )
}

/** A request's form body, or an empty one (no body, or JSON sent to a page). */
export function formBodyOf(body: unknown): FormBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return Object.create(null)
  const fields: Record<string, string> = Object.create(null)
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value
  return fields
}
