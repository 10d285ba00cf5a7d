import { type KeyObject, sign, verify } from 'node:crypto'
import type { SigningAlgorithm } from './signing-key.ts'

// Access tokens are signed and checked with node:crypto directly. jose goes through WebCrypto, whose
// every call is an asynchronous job with copies on both sides: measured, that made a refresh spend
// a fifth of its time in the signing job (bench: POST /access-tokens/refresh). The format is plain
// RFC 7515 compact serialisation; jose still makes and exports the keys.

/** The digest and signature encoding per JWS `alg` (ES256 signatures are r||s, not DER). */
const SCHEMES: Record<SigningAlgorithm, { digest: string | null; dsaEncoding?: 'ieee-p1363' }> = {
  ES256: { digest: 'sha256', dsaEncoding: 'ieee-p1363' },
  RS256: { digest: 'sha256' },
  EdDSA: { digest: null },
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

export interface JwsHeader {
  readonly alg: SigningAlgorithm
  readonly kid: string
  readonly typ: 'JWT'
}

/** `header.payload.signature` for the given header and claims. */
export function signCompact(header: JwsHeader, payload: object, privateKey: KeyObject): string {
  const scheme = SCHEMES[header.alg]
  const input = `${encode(header)}.${encode(payload)}`
  const signature = sign(scheme.digest, Buffer.from(input), {
    key: privateKey,
    ...(scheme.dsaEncoding && { dsaEncoding: scheme.dsaEncoding }),
  })
  return `${input}.${signature.toString('base64url')}`
}

/** The protected header of a compact JWS, or undefined when it is not one. */
export function readHeader(token: string): Record<string, unknown> | undefined {
  const dot = token.indexOf('.')
  if (dot <= 0) return undefined
  const header = token.slice(0, dot)
  if (!BASE64URL.test(header)) return undefined
  const decoded = decode(header)
  return isObject(decoded) ? decoded : undefined
}

/**
 * The payload when the signature is right for `publicKey` under `alg` and the header names exactly
 * that `alg` (no `none`, no HMAC with a public key, no `crit` extensions we do not understand).
 */
export function verifyCompact(
  token: string,
  alg: SigningAlgorithm,
  publicKey: KeyObject,
): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const [header = '', payload = '', signature = ''] = parts
  if (!BASE64URL.test(header) || !BASE64URL.test(payload) || !BASE64URL.test(signature)) return undefined
  const decodedHeader = decode(header)
  if (!isObject(decodedHeader) || decodedHeader.alg !== alg || 'crit' in decodedHeader) return undefined
  const scheme = SCHEMES[alg]
  let valid = false
  try {
    valid = verify(
      scheme.digest,
      Buffer.from(`${header}.${payload}`),
      { key: publicKey, ...(scheme.dsaEncoding && { dsaEncoding: scheme.dsaEncoding }) },
      Buffer.from(signature, 'base64url'),
    )
  } catch {
    // OpenSSL refuses some malformed signatures outright rather than answering false.
  }
  if (!valid) return undefined
  const claims = decode(payload)
  return isObject(claims) ? claims : undefined
}
