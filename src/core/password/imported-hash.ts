import { parseOptions } from '@node-rs/argon2'
import { isBcryptHash } from './bcrypt-hash.ts'

/**
 * Whether a password hash brought from another system can be stored as it is: bcrypt ($2a$, $2b$,
 * $2y$) or an Argon2id/Argon2i PHC string. Argon2d is left out (side channels; nobody stores it).
 */
export function isImportableHash(passwordHash: string): boolean {
  if (isBcryptHash(passwordHash)) return true
  if (!/^\$argon2(id|i)\$v=(16|19)\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(passwordHash)) {
    return false
  }
  try {
    parseOptions(passwordHash)
    return true
  } catch {
    return false
  }
}
