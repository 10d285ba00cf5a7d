import { parseOptions } from '@node-rs/argon2'
import { isBcryptHash } from './bcrypt-hash.ts'

/**
 * Whether a password hash brought from another system can be stored as it is: bcrypt ($2a$, $2b$,
 * $2y$) or an Argon2id/Argon2i PHC string. Argon2d is left out (side channels; nobody stores it).
 */
const MAX_MEMORY_KIB = 262_144 // 256 MiB
const MAX_ITERATIONS = 10
const MAX_PARALLELISM = 16

export function isImportableHash(passwordHash: string): boolean {
  if (isBcryptHash(passwordHash)) return true
  if (!/^\$argon2(id|i)\$v=(16|19)\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.test(passwordHash)) {
    return false
  }
  try {
    // Bounded like bcrypt's cost: an imported hash must not cost a sign-in gigabytes or seconds.
    const { memoryCost = 0, timeCost = 0, parallelism = 0 } = parseOptions(passwordHash)
    return memoryCost <= MAX_MEMORY_KIB && timeCost <= MAX_ITERATIONS && parallelism <= MAX_PARALLELISM
  } catch {
    return false
  }
}
