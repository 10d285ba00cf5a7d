import { lazyModule } from '../shared/lazy-module.ts'

// Loaded at the first imported bcrypt hash (see lazy-module.ts): most installations have none.
const bcrypt = lazyModule<typeof import('@node-rs/bcrypt')>('@node-rs/bcrypt')

// bcrypt hashes imported from other systems ($2a$, $2b$ and PHP's $2y$): verified so that their
// owners can sign in, then replaced by Argon2id (the hasher's needsRehash says so). The check runs
// natively on libuv's thread pool, off the event loop (a cost-12 check is a quarter of a second of
// CPU). Costs 4–14 only: anyone who knows an imported address can make the server check a password
// against its hash (cost 14 is about a second; 31 would never end).
const BCRYPT_SHAPE = /^\$2[aby]\$(0[4-9]|1[0-4])\$[./A-Za-z0-9]{53}$/

export function isBcryptHash(passwordHash: string): boolean {
  return BCRYPT_SHAPE.test(passwordHash)
}

export async function verifyBcrypt(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await bcrypt().verify(password, passwordHash)
  } catch {
    return false
  }
}
