import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'

export interface HashedAsset {
  /** `<base>-<content hash>.<extension>`: the hash in the name lets it be cached for a year. */
  readonly file: string
  /** Serves the file at `assets/<file>` of the registering context. */
  route(app: FastifyInstance): void
}

/** A file of this folder, read once at start and served under a name that changes with its content. */
export function hashedAsset(source: string, contentType: string): HashedAsset {
  const content = readFileSync(new URL(source, import.meta.url), 'utf8')
  const dot = source.lastIndexOf('.')
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12)
  const file = `${source.slice(0, dot)}-${hash}${source.slice(dot)}`
  return {
    file,
    route(app) {
      app.get(`/assets/${file}`, (_request, reply) =>
        reply.header('cache-control', 'public, max-age=31536000, immutable').type(contentType).send(content),
      )
    },
  }
}
