import { createHmac, createSecretKey, hkdfSync } from 'node:crypto'

/**
 * The keyed hash (HMAC-SHA-256) under which an API key is stored and found. Keyed, so that a copy
 * of the database alone cannot test guesses; its key is derived from the master key with its own
 * HKDF label, apart from the secret box's encryption key.
 */
export function createApiKeyDigest(masterKey: string): (token: string) => string {
  // A KeyObject made once: given raw bytes, createHmac makes one on every call (measured: 7× slower,
  // a tenth of an API-key request).
  const key = createSecretKey(Buffer.from(hkdfSync('sha256', masterKey, 'latchkey', 'api-key lookup v1', 32)))
  return (token) => createHmac('sha256', key).update(token, 'utf8').digest('base64url')
}
