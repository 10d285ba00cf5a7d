import bcrypt from 'bcryptjs'

// bcrypt hashes imported from other systems ($2a$, $2b$ and PHP's $2y$, costs 4–31): verified so
// that their owners can sign in, then replaced by Argon2id (the hasher's needsRehash says so).
const BCRYPT_SHAPE = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/

export function isBcryptHash(passwordHash: string): boolean {
  return BCRYPT_SHAPE.test(passwordHash)
}

export async function verifyBcrypt(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await bcrypt.compare(password, passwordHash)
  } catch {
    return false
  }
}
