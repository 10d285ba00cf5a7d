import { createHmac, createPublicKey, type JsonWebKey, randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { signatureTwins } from './signature-twins.ts'

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

function partsOf(token: string) {
  const [header, payload, signature] = token.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
  const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid as string
  return { header, payload, signature, claims, kid }
}

/** Tokens that look like `genuine` but must be refused: alg none, tampered claims, a stranger's key. */
export async function forgeriesOf(genuine: string): Promise<string[]> {
  const { header, payload, signature, claims, kid } = partsOf(genuine)
  const stranger = await generateKeyPair('ES256')
  return [
    `${b64({ alg: 'none', typ: 'JWT', kid })}.${payload}.`,
    `${header}.${b64({ ...claims, exp: Number(claims.exp) + 86_400 })}.${signature}`,
    await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(stranger.privateKey),
    `${genuine}x`,
  ]
}

/** What an attacker (or, for the claim checks, a test holding the server's own key) works with. */
export interface AttackInput {
  /** A genuine access token of a live user and session. */
  readonly genuine: string
  /** The server's published signing key, as served at /.well-known/jwks.json. */
  readonly publicJwk: JWK
  /** The server's private key and its algorithm: claim checks must fail for their own reason. */
  readonly sign: (claims: Record<string, unknown>) => Promise<string>
  /** Another user's id in the same tenant, for a tampered `uid`. */
  readonly otherUserId: string
  /** A token another Latchkey (its own key ring, same issuer) made. */
  readonly foreignToken: string
  readonly nowSeconds: number
}

const hs256 = (header: object, claims: object, secret: Buffer | string) => {
  const input = `${b64(header)}.${b64(claims)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** Every forged-JWT attack we test, by name; each must be refused exactly as a missing token would not be. */
export async function jwtAttacks(input: AttackInput): Promise<Record<string, string>> {
  const { header, payload, signature, claims, kid } = partsOf(input.genuine)
  const stranger = await generateKeyPair('ES256')
  const strangerSign = (protectedKid: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: protectedKid, typ: 'JWT' })
      .sign(stranger.privateKey)
  const pem = createPublicKey({ key: input.publicJwk as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString()
  const now = input.nowSeconds
  return {
    'alg none': `${b64({ alg: 'none', typ: 'JWT', kid })}.${payload}.`,
    'alg none, signature kept': `${b64({ alg: 'none', typ: 'JWT', kid })}.${payload}.${signature}`,
    'HS256 keyed with the public JWK': hs256(
      { alg: 'HS256', typ: 'JWT', kid },
      claims,
      JSON.stringify(input.publicJwk),
    ),
    'HS256 keyed with the public PEM': hs256({ alg: 'HS256', typ: 'JWT', kid }, claims, pem),
    'HS256 keyed with the public key x coordinate': hs256(
      { alg: 'HS256', typ: 'JWT', kid },
      claims,
      Buffer.from(String(input.publicJwk.x ?? input.publicJwk.n), 'base64url'),
    ),
    'unknown kid': await strangerSign(randomUUID()),
    'no kid': await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(stranger.privateKey),
    'a fresh key with our kid': await strangerSign(kid),
    'embedded jwk header': await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid, jwk: await exportJWK(stranger.publicKey) })
      .sign(stranger.privateKey),
    'another Latchkey’s token': input.foreignToken,
    'tampered uid, signature kept': `${header}.${b64({ ...claims, uid: input.otherUserId })}.${signature}`,
    'tampered exp, signature kept': `${header}.${b64({ ...claims, exp: Number(claims.exp) + 86_400 })}.${signature}`,
    'truncated signature': `${header}.${payload}.${signature.slice(0, -4)}`,
    'expired (our key)': await input.sign({ ...claims, iat: now - 7200, exp: now - 60 }),
    'not yet valid: nbf in an hour (our key)': await input.sign({
      ...claims,
      nbf: now + 3600,
      exp: now + 7200,
    }),
    'wrong issuer (our key)': await input.sign({ ...claims, iss: 'https://evil.example' }),
    'no issuer (our key)': await input.sign(withoutKey(claims, 'iss')),
    'no exp (our key)': await input.sign(withoutKey(claims, 'exp')),
    'uid not a string (our key)': await input.sign({ ...claims, uid: 42 }),
    'not a JWT': 'not.a.jwt',
    // The genuine token's own signature in another form that decodes or verifies alike.
    ...signatureTwins(input.genuine),
  }
}

function withoutKey(claims: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = claims
  return rest
}
