import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { hash, parseOptions, verify } from '@node-rs/argon2'
import { isBcryptHash, verifyBcrypt } from './bcrypt-hash.ts'
import { createFailureFloor, type FailureFloor, hashKindOf } from './failure-floor.ts'
import { type HashingLimiter, unlimitedHashing } from './hashing-limiter.ts'

export interface Argon2Parameters {
  readonly memoryKib: number
  readonly iterations: number
  readonly parallelism: number
}

export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(passwordHash: string, password: string): Promise<boolean>
  /** True when the hash was made with other parameters than today's: re-hash after a good login. */
  needsRehash(passwordHash: string): boolean
  /**
   * Spends the time of one real verification and answers false: used for unknown accounts so that
   * an attacker cannot tell them from known ones by the response time. Like every failed check,
   * it lasts at least the failure floor (failure-floor.ts), so imported hashes do not stand out.
   */
  verifyDummy(password: string): Promise<false>
}

export function createPasswordHasher(
  parameters: Argon2Parameters,
  limiter: HashingLimiter = unlimitedHashing,
  floor: FailureFloor = createFailureFloor({ minimumMs: 0 }),
): PasswordHasher {
  // Argon2id is @node-rs/argon2's default algorithm; the version is 0x13.
  const options = {
    memoryCost: parameters.memoryKib,
    timeCost: parameters.iterations,
    parallelism: parameters.parallelism,
  }
  let dummyHash: Promise<string> | undefined

  async function verifyHash(passwordHash: string, password: string): Promise<boolean> {
    if (isBcryptHash(passwordHash)) return verifyBcrypt(passwordHash, password) // imported; needsRehash
    try {
      return await verify(passwordHash, password)
    } catch {
      return false // not a hash we can read: treat as a wrong password, never as a server error
    }
  }

  /** One check in a limiter slot, timed by its kind; a failure then waits out the floor, slot freed. */
  async function check(passwordHash: string, password: string): Promise<boolean> {
    const started = performance.now()
    const matches = await limiter.run(async () => {
      const began = performance.now()
      const result = await verifyHash(passwordHash, password)
      floor.record(hashKindOf(passwordHash), performance.now() - began)
      return result
    })
    if (!matches) await floor.pad(performance.now() - started)
    return matches
  }

  return {
    hash: (password) => limiter.run(() => hash(password, options)),
    verify: check,
    needsRehash(passwordHash) {
      try {
        const used = parseOptions(passwordHash)
        return (
          used.algorithm !== 2 ||
          used.memoryCost !== options.memoryCost ||
          used.timeCost !== options.timeCost ||
          used.parallelism !== options.parallelism
        )
      } catch {
        return true
      }
    },
    async verifyDummy(password) {
      dummyHash ??= hash(randomBytes(32), options)
      const stored = await dummyHash
      await check(stored, password)
      return false
    },
  }
}
