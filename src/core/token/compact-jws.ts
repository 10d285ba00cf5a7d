import { type KeyObject, sign, verify } from 'node:crypto'
import type { SigningAlgorithm } from './signing-key.ts'

// Access tokens are signed and checked with node:crypto directly. jose goes through WebCrypto, whose
// every call is an asynchronous job with copies on both sides: measured, that made a refresh spend
// a fifth of its time in the signing job (bench: POST /access-tokens/refresh). The format is plain
// RFC 7515 compact serialisation; jose still makes and exports the keys.

/** The digest per JWS `alg`; ES256 also converts between JOSE's r||s and OpenSSL's DER. */
const SCHEMES: Record<SigningAlgorithm, { digest: string | null; ecdsa: boolean }> = {
  ES256: { digest: 'sha256', ecdsa: true },
  RS256: { digest: 'sha256', ecdsa: false },
  EdDSA: { digest: null, ecdsa: false },
}

// P-256's r and s are 32 bytes each. node:crypto can produce and read r||s itself (dsaEncoding),
// but measured, passing that option costs more than the signature: 102 µs against 41 µs to sign,
// 160 µs against 95 µs to verify. So signatures go through node:crypto as DER, converted here.
const P256_PART = 32

// ECDSA signatures come in pairs: if (r, s) verifies, so does (r, n − s). OpenSSL signs with
// either; we issue only the low form (s ≤ n/2) and accept only that, so no token has a twin.
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const P256_HALF_N = Buffer.from('7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8', 'hex')

const isLowS = (signature: Buffer) => Buffer.compare(signature.subarray(P256_PART), P256_HALF_N) <= 0

/** The low-S form of an r||s signature. */
function lowS(signature: Buffer): Buffer {
  if (isLowS(signature)) return signature
  const s = BigInt(`0x${signature.subarray(P256_PART).toString('hex')}`)
  Buffer.from((P256_N - s).toString(16).padStart(2 * P256_PART, '0'), 'hex').copy(signature, P256_PART)
  return signature
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }` (as OpenSSL makes it) → r||s. */
function derToJose(der: Buffer): Buffer {
  const out = Buffer.alloc(2 * P256_PART)
  let offset = 2 // SEQUENCE tag and (short-form: under 128 bytes) length
  for (const part of [0, 1]) {
    const length = der[offset + 1] ?? 0
    let value = der.subarray(offset + 2, offset + 2 + length)
    while (value.length > P256_PART && value[0] === 0) value = value.subarray(1) // sign byte
    value.copy(out, part * P256_PART + P256_PART - value.length)
    offset += 2 + length
  }
  return out
}

/** r||s → DER; undefined when it is not two 32-byte halves. */
function joseToDer(signature: Buffer): Buffer | undefined {
  if (signature.length !== 2 * P256_PART) return undefined
  const integer = (part: Buffer) => {
    let start = 0
    while (start < part.length - 1 && part[start] === 0) start++
    const bytes = part.subarray(start)
    // A set high bit would read as negative: DER then leads with a zero byte.
    const body = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes
    return Buffer.concat([Buffer.of(0x02, body.length), body])
  }
  const parts = Buffer.concat([
    integer(signature.subarray(0, P256_PART)),
    integer(signature.subarray(P256_PART)),
  ])
  return Buffer.concat([Buffer.of(0x30, parts.length), parts])
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

function decode(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// base64url without padding, as RFC 7515 §2 requires: anything else is not a token we made.
const BASE64URL = /^[A-Za-z0-9_-]*$/
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
// Bits of the last character that encode nothing, by length mod 4 (1 cannot end a byte).
const UNUSED_BITS = [0, -1, 4, 2] as const

/**
 * Canonical base64url: the alphabet, no padding, and zero unused bits in the last character. A
 * lenient decoder ignores those bits, which would give every signature look-alike spellings.
 */
function isCanonical(segment: string): boolean {
  if (!BASE64URL.test(segment)) return false
  const unused = UNUSED_BITS[segment.length % 4] ?? -1
  if (unused <= 0) return unused === 0
  return (ALPHABET.indexOf(segment.at(-1) ?? '') & ((1 << unused) - 1)) === 0
}

export interface JwsHeader {
  readonly alg: SigningAlgorithm
  readonly kid: string
  readonly typ: 'JWT'
}

/** `header.payload.signature` for the given header and claims. */
export function signCompact(header: JwsHeader, payload: object, privateKey: KeyObject): string {
  const scheme = SCHEMES[header.alg]
  const input = `${encode(header)}.${encode(payload)}`
  const signature = sign(scheme.digest, Buffer.from(input), privateKey)
  return `${input}.${(scheme.ecdsa ? lowS(derToJose(signature)) : signature).toString('base64url')}`
}

/** The protected header of a compact JWS, or undefined when it is not one. */
export function readHeader(token: string): Record<string, unknown> | undefined {
  const dot = token.indexOf('.')
  if (dot <= 0) return undefined
  const header = token.slice(0, dot)
  if (!isCanonical(header)) return undefined
  const decoded = decode(header)
  return isObject(decoded) ? decoded : undefined
}

/**
 * The payload when the signature is right for `publicKey` under `alg` and the header names exactly
 * that `alg` (no `none`, no HMAC with a public key, no `crit` extensions we do not understand), in
 * the one form we issue: canonical base64url and, for ES256, low S.
 */
export function verifyCompact(
  token: string,
  alg: SigningAlgorithm,
  publicKey: KeyObject,
): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const [header = '', payload = '', signature = ''] = parts
  if (!isCanonical(header) || !isCanonical(payload) || !isCanonical(signature)) return undefined
  const decodedHeader = decode(header)
  if (!isObject(decodedHeader) || decodedHeader.alg !== alg || 'crit' in decodedHeader) return undefined
  const scheme = SCHEMES[alg]
  const raw = Buffer.from(signature, 'base64url')
  // Ed25519's twin (S + L) OpenSSL refuses itself; RSA PKCS#1 v1.5 has none.
  const encoded = scheme.ecdsa ? (isLowS(raw) ? joseToDer(raw) : undefined) : raw
  if (encoded === undefined) return undefined
  let valid = false
  try {
    valid = verify(scheme.digest, Buffer.from(`${header}.${payload}`), publicKey, encoded)
  } catch {
    // OpenSSL refuses some malformed signatures outright rather than answering false.
  }
  if (!valid) return undefined
  const claims = decode(payload)
  return isObject(claims) ? claims : undefined
}
