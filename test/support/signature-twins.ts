// The same signature in another form that still verifies mathematically, or in a non-canonical
// encoding that decodes to the same bytes. A verifier that accepts one gives every token a twin:
// a different string that passes for the same grant (caches, deny lists and audit keyed by token).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
// The orders of the P-256 group and of Ed25519's base point.
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n

function toBigInt(bytes: Buffer): bigint {
  return BigInt(`0x${bytes.toString('hex') || '0'}`)
}

function toBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex')
}

/** Named twins of a compact JWS's signature; every one must be refused. */
export function signatureTwins(token: string): Record<string, string> {
  const [header = '', payload = '', signature = ''] = token.split('.')
  const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string }
  const raw = Buffer.from(signature, 'base64url')
  const signed = (text: string) => `${header}.${payload}.${text}`
  const twins: Record<string, string> = {}
  if (alg === 'ES256') {
    const s = toBigInt(raw.subarray(32))
    twins['ECDSA twin: s replaced by n − s'] = signed(
      Buffer.concat([raw.subarray(0, 32), toBytes(P256_N - s, 32)]).toString('base64url'),
    )
  }
  if (alg === 'EdDSA') {
    // S is little-endian; S + L < 2^253 still fits its 32 bytes.
    const s = toBigInt(Buffer.from(raw.subarray(32)).reverse())
    const bigger = toBytes(s + ED25519_L, 32).reverse()
    twins['EdDSA twin: S replaced by S + L'] = signed(
      Buffer.concat([raw.subarray(0, 32), bigger]).toString('base64url'),
    )
  }
  // The last character of a segment whose length is not a multiple of 4 carries unused low bits,
  // which a lenient decoder ignores.
  const unusedBits = [0, 0, 4, 2][signature.length % 4] ?? 0
  if (unusedBits > 0) {
    const last = ALPHABET.indexOf(signature.at(-1) ?? 'A')
    twins['signature with non-zero trailing bits'] = signed(`${signature.slice(0, -1)}${ALPHABET[last ^ 1]}`)
  }
  twins['signature with base64 padding'] = signed(`${signature}==`)
  const standard = raw.toString('base64').replace(/=+$/, '')
  if (standard !== signature) twins['signature in the standard base64 alphabet'] = signed(standard)
  twins['signature with a line break inside'] = signed(`${signature.slice(0, 8)}\n${signature.slice(8)}`)
  return twins
}
