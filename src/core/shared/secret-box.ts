import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes } from 'node:crypto'

/** Encrypts secrets at rest (signing keys, API keys) with a key derived from the master SECRET_KEY. */
export interface SecretBox {
  seal(plaintext: string): string
  open(sealed: string): string
}

const VERSION = 'v1'

export function createSecretBox(masterKey: string): SecretBox {
  // HKDF separates this use of the master key from any other we may derive later.
  // A KeyObject made once rather than from raw bytes on every call.
  const key = createSecretKey(Buffer.from(hkdfSync('sha256', masterKey, 'latchkey', 'secret-box v1', 32)))

  return {
    seal(plaintext) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.')
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.')
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
        throw new Error('sealed secret has an unknown format')
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      )
    },
  }
}
