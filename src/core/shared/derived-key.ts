import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto'

/**
 * A 256-bit key for one purpose, derived from the master SECRET_KEY with HKDF: each use (the
 * hosted pages' CSRF tokens, cookie signing) gets its own key, and none reveals the master key.
 */
export function deriveKey(masterKey: string, purpose: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', masterKey, 'latchkey', purpose, 32)))
}
