import assert from 'node:assert/strict'
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { describe, it } from 'node:test'
import { CompactSign, compactVerify } from 'jose'
import { readHeader, signCompact, verifyCompact } from './compact-jws.ts'
import type { SigningAlgorithm } from './signing-key.ts'

function pairFor(alg: SigningAlgorithm): { publicKey: KeyObject; privateKey: KeyObject } {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' })
  if (alg === 'RS256') return generateKeyPairSync('rsa', { modulusLength: 2048 })
  return generateKeyPairSync('ed25519')
}

const claims = { sub: 'user', exp: 2_000_000_000 }

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
      assert.deepEqual(verifyCompact(theirs, alg, publicKey), claims)
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
  const seen = { leadingZero: false, highBit: false }
  // About 1 in 128 halves starts with a zero byte: 600 signatures (1,200 halves) meet some.
  for (let n = 0; n < 600; n++) {
    const ours = signCompact(header, { n }, privateKey)
    const raw = Buffer.from(ours.split('.')[2] ?? '', 'base64url')
    for (const half of [raw.subarray(0, 32), raw.subarray(32)]) {
      if (half[0] === 0) seen.leadingZero = true
      if ((half[0] ?? 0) & 0x80) seen.highBit = true
    }
    await compactVerify(ours, publicKey, { algorithms: ['ES256'] })
    const theirs = await new CompactSign(new TextEncoder().encode(JSON.stringify({ n })))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey)
    assert.deepEqual(verifyCompact(theirs, 'ES256', publicKey), { n })
  }
  assert.deepEqual(seen, { leadingZero: true, highBit: true })
})
