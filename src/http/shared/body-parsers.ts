import type { FastifyInstance } from 'fastify'
import { MalformedBodyError } from './framework-errors.ts'

/**
 * JSON bodies, where an empty body means "no body": Idea Pool clients send
 * `Content-Type: application/json` with nothing on GET and DELETE. Invalid UTF-8 decodes to U+FFFD
 * and prototype-pollution keys are refused, like Fastify's own parser.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') return done(null, undefined)
    try {
      done(
        null,
        JSON.parse(text, (key, value: unknown) => {
          if (key === '__proto__' || key === 'constructor') throw new MalformedBodyError('forbidden key')
          return value
        }),
      )
    } catch {
      done(new MalformedBodyError('body is not valid JSON'), undefined)
    }
  })
}
