import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * A package loaded on first use rather than at start-up. Drivers and clients that a deployment may
 * never use (pg on SQLite, ioredis without Redis, nodemailer until the first mail, jose until a key
 * is made or a Google ID token arrives) cost several megabytes of memory each once loaded; measured,
 * loading them all at start-up was a third of the idle RSS.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined
  return () => {
    loaded ??= require(name) as T
    return loaded
  }
}
