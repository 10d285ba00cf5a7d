import assert from 'node:assert/strict'
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { describe, it } from 'node:test'
import { CompactSign, compactVerify } from 'jose'
import { signatureTwins } from '../../../test/support/signature-twins.ts'
import { readHeader, signCompact, verifyCompact } from './compact-jws.ts'
import type { SigningAlgorithm } from './signing-key.ts'

function pairFor(alg: SigningAlgorithm): { publicKey: KeyObject; privateKey: KeyObject } {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' })
  if (alg === 'RS256') return generateKeyPairSync('rsa', { modulusLength: 2048 })
  return generateKeyPairSync('ed25519')
}

const claims = { sub: 'user', exp: 2_000_000_000 }
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const P256_HALF_N = Buffer.from('7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8', 'hex')
const TWIN = 'ECDSA twin: s replaced by n − s'

const isHighS = (token: string) =>
  Buffer.compare(Buffer.from(token.split('.')[2] ?? '', 'base64url').subarray(32), P256_HALF_N) > 0

/** jose (WebCrypto) signs ES256 with either s: its token, turned into the low-S form we accept. */
const lowSFormOf = (token: string) => (isHighS(token) ? (signatureTwins(token)[TWIN] ?? '') : token)

for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
  describe(`compact JWS with ${alg}`, () => {
    const { publicKey, privateKey } = pairFor(alg)
    const header = { alg, kid: 'k1', typ: 'JWT' } as const

    it('signs what jose verifies, and verifies what jose signs', async () => {
      const ours = signCompact(header, claims, privateKey)
      const { payload } = await compactVerify(ours, publicKey, { algorithms: [alg] })
      assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), claims)
      const theirs = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
        .setProtectedHeader({ alg, kid: 'k1' })
        .sign(privateKey)
      const accepted = alg === 'ES256' ? lowSFormOf(theirs) : theirs
      assert.deepEqual(verifyCompact(accepted, alg, publicKey), claims)
      assert.deepEqual(readHeader(ours), header)
    })

    it('refuses another key, a changed payload, another alg in the header and crit', () => {
      const token = signCompact(header, claims, privateKey)
      const [head, , signature] = token.split('.')
      const other = pairFor(alg).publicKey
      assert.equal(verifyCompact(token, alg, other), undefined)
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')
      assert.equal(verifyCompact(`${head}.${forged}.${signature}`, alg, publicKey), undefined)
      const noneHead = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
      assert.equal(verifyCompact(`${noneHead}.${payload}.`, alg, publicKey), undefined)
      const critical = signCompact({ ...header, crit: ['exp'] } as typeof header, claims, privateKey)
      assert.equal(verifyCompact(critical, alg, publicKey), undefined)
    })

    it('refuses every twin of a signature: another form that verifies, or a non-canonical encoding', () => {
      const token = signCompact(header, claims, privateKey)
      const twins = Object.entries(signatureTwins(token))
      // The standard-alphabet twin exists only when the signature holds a '-' or '_' (not always).
      const always = [
        'signature with non-zero trailing bits',
        'signature with base64 padding',
        'signature with a line break inside',
        ...(alg === 'ES256' ? [TWIN] : alg === 'EdDSA' ? ['EdDSA twin: S replaced by S + L'] : []),
      ]
      for (const name of always)
        assert.ok(
          twins.some(([twin]) => twin === name),
          name,
        )
      for (const [name, twin] of twins) assert.equal(verifyCompact(twin, alg, publicKey), undefined, name)
    })

    it('refuses a header or payload segment with non-zero trailing bits or padding', () => {
      // Signed over the non-canonical text itself, so that only the encoding check can refuse it.
      const signRaw = (input: string): string => {
        for (;;) {
          const digest = alg === 'EdDSA' ? null : 'sha256'
          const raw = sign(digest, Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' })
          // ES256: keep to the low-S form (an s whose first byte is under 0x7f is under n/2).
          if (alg !== 'ES256' || (raw[32] ?? 0xff) < 0x7f) return raw.toString('base64url')
        }
      }
      const head = Buffer.from(JSON.stringify(header)).toString('base64url')
      const body = Buffer.from(JSON.stringify({ ...claims, pad: 'x' })).toString('base64url')
      assert.notEqual(body.length % 4, 0, 'a payload whose last character has unused bits')
      assert.deepEqual(verifyCompact(`${head}.${body}.${signRaw(`${head}.${body}`)}`, alg, publicKey), {
        ...claims,
        pad: 'x',
      })
      const last = ALPHABET.indexOf(body.at(-1) ?? '')
      for (const payload of [`${body.slice(0, -1)}${ALPHABET[last ^ 1]}`, `${body}=`]) {
        const input = `${head}.${payload}`
        assert.equal(verifyCompact(`${input}.${signRaw(input)}`, alg, publicKey), undefined, payload)
      }
    })

    it('answers undefined, never throws, for malformed tokens', () => {
      const token = signCompact(header, claims, privateKey)
      for (const bad of ['', 'a.b', 'a.b.c.d', `${token}=`, `${token.slice(0, -4)}`, `${token}AAAA`, '..']) {
        assert.equal(verifyCompact(bad, alg, publicKey), undefined, bad)
      }
      assert.equal(readHeader('not-a-token'), undefined)
      assert.equal(readHeader('W10.e30.x'), undefined, 'a header that is a JSON array')
    })
  })
}

it('converts ES256 signatures both ways whatever their leading bytes (zeros, high bits)', async () => {
  const { publicKey, privateKey } = pairFor('ES256')
  const header = { alg: 'ES256', kid: 'k1', typ: 'JWT' } as const
  const seen = { leadingZero: false, highBit: false, joseHighS: false }
  // About 1 in 128 halves starts with a zero byte: 600 signatures (1,200 halves) meet some.
  for (let n = 0; n < 600; n++) {
    const ours = signCompact(header, { n }, privateKey)
    const raw = Buffer.from(ours.split('.')[2] ?? '', 'base64url')
    for (const half of [raw.subarray(0, 32), raw.subarray(32)]) {
      if (half[0] === 0) seen.leadingZero = true
      if ((half[0] ?? 0) & 0x80) seen.highBit = true
    }
    await compactVerify(ours, publicKey, { algorithms: ['ES256'] })
    assert.equal(isHighS(ours), false, 'we issue only the low-S form')
    const theirs = await new CompactSign(new TextEncoder().encode(JSON.stringify({ n })))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey)
    if (isHighS(theirs)) {
      seen.joseHighS = true
      assert.equal(verifyCompact(theirs, 'ES256', publicKey), undefined, 'the high-S form is refused')
    }
    assert.deepEqual(verifyCompact(lowSFormOf(theirs), 'ES256', publicKey), { n })
  }
  assert.deepEqual(seen, { leadingZero: true, highBit: true, joseHighS: true })
})
