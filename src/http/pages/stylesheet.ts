import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'

const css = readFileSync(new URL('./pages.css', import.meta.url), 'utf8')

/** The sheet's file name carries its content hash, so it may be cached for a year. */
export const STYLESHEET_FILE = `pages-${createHash('sha256').update(css).digest('hex').slice(0, 12)}.css`

/** Serves the pages' one stylesheet at `assets/<hashed name>` of the registering context. */
export function stylesheetRoute(app: FastifyInstance): void {
  app.get(`/assets/${STYLESHEET_FILE}`, (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type('text/css; charset=utf-8')
      .send(css),
  )
}
