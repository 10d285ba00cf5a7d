import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'

const script = readFileSync(new URL('./passkeys.js', import.meta.url), 'utf8')

/** The script's file name carries its content hash, so it may be cached for a year. */
export const PASSKEY_SCRIPT_FILE = `passkeys-${createHash('sha256').update(script).digest('hex').slice(0, 12)}.js`

/** Serves the passkey ceremony script at `assets/<hashed name>` of the registering context. */
export function passkeyScriptRoute(app: FastifyInstance): void {
  app.get(`/assets/${PASSKEY_SCRIPT_FILE}`, (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type('text/javascript; charset=utf-8')
      .send(script),
  )
}
