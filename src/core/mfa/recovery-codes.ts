import { createHmac, type KeyObject, randomInt } from 'node:crypto'

export const RECOVERY_CODE_COUNT = 10

// No 0/O, 1/I/L: the codes are read off paper. 31 symbols, 10 of them: about 50 bits each.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
const LENGTH = 10

/** `XXXXX-XXXXX`, shown once; only its HMAC is stored. */
export function newRecoveryCode(): string {
  let code = ''
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)]
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** The code as typed, without case, spaces or dashes: what is hashed. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '')
}

/**
 * A keyed hash, not Argon2: the codes are random and long, so nothing is gained by slowness, and a
 * key kept out of the database means a stolen table cannot be checked against guesses at all.
 */
export function hashRecoveryCode(key: KeyObject, typed: string): string {
  return createHmac('sha256', key).update(normaliseRecoveryCode(typed)).digest('base64url')
}
