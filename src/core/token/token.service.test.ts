import assert from 'node:assert/strict'
import { it } from 'node:test'
import { decodeProtectedHeader } from 'jose'
import { signedInAccount } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { createTestCore } from '../../../test/support/test-core.ts'
import { longestAccessTtlSeconds } from '../core.ts'
import { isAppError } from '../errors.ts'
import { silentLogger } from '../shared/logger.ts'
import { createSecretBox } from '../shared/secret-box.ts'
import { createKeyRing } from './key-ring.ts'

coreSuite('access tokens', (world, dialect) => {
  const newSession = () => signedInAccount(world, `t${Math.random().toString(36).slice(2)}@example.com`)

  const rejects = (promise: Promise<unknown>) =>
    assert.rejects(promise, (error) => isAppError(error) && error.code === 'invalid_token')

  it('verifies its own token until the second it expires (fake clock)', async () => {
    const { accessToken, user, sessionId } = await newSession()
    const claims = await world.core.sessions.tokens.verify(accessToken)
    assert.deepEqual(
      { ...claims },
      { userId: user.id, tenantId: user.tenantId, sessionId, expiresAt: claims.expiresAt },
    )
    assert.equal(claims.expiresAt.getTime(), Math.floor(world.clock.now().getTime() / 1000) * 1000 + 60_000)
    world.clock.advance(59)
    await world.core.sessions.tokens.verify(accessToken)
    world.clock.advance(1)
    await rejects(world.core.sessions.tokens.verify(accessToken))
  })

  it('signs ES256 with a kid that is published in the JWKS', async () => {
    const { accessToken } = await newSession()
    const header = decodeProtectedHeader(accessToken)
    assert.equal(header.alg, 'ES256')
    const kids = world.core.sessions.keyRing.publicJwks().map((jwk) => jwk.kid)
    assert.ok(kids.includes(header.kid))
    for (const jwk of world.core.sessions.keyRing.publicJwks())
      assert.equal(jwk.d, undefined, 'no private part')
  })

  it('rejects a token of an ended session at once, also after the list reloads from the database', async () => {
    const { accessToken, sessionId } = await newSession()
    await world.core.sessions.sessions.end(sessionId, 'logout')
    await rejects(world.core.sessions.tokens.verify(accessToken))
    await world.core.sessions.revocations.sync()
    await rejects(world.core.sessions.tokens.verify(accessToken))
  })

  it('keeps verifying tokens of a retired key after rotation, and forgets the key after its tokens expire', async () => {
    const { accessToken, user, sessionId } = await newSession()
    const oldKid = decodeProtectedHeader(accessToken).kid
    const longLived = await world.core.sessions.tokens.issue({
      userId: user.id,
      tenantId: user.tenantId,
      sessionId,
      ttlSeconds: 3600,
    })
    const newKey = await world.core.sessions.keyRing.rotate()
    assert.notEqual(newKey.id, oldKid)
    await world.core.sessions.tokens.verify(accessToken)
    assert.ok(
      world.core.sessions.keyRing.publicJwks().some((jwk) => jwk.kid === newKey.id),
      'published at once',
    )
    const { accessToken: meanwhile } = await newSession()
    assert.equal(
      decodeProtectedHeader(meanwhile).kid,
      oldKid,
      'the old key signs until the new one activates',
    )
    world.clock.advance(world.config.tokens.keyPublishSeconds)
    const { accessToken: fresh } = await newSession()
    assert.equal(decodeProtectedHeader(fresh).kid, newKey.id)
    await world.core.sessions.tokens.verify(longLived)
    assert.deepEqual(
      world.core.sessions.keyRing
        .publicJwks()
        .map((jwk) => jwk.kid)
        .sort(),
      [oldKid, newKey.id].sort(),
    )
    world.clock.advance(longestAccessTtlSeconds(world.config) + 1)
    await world.core.sessions.keyRing.start()
    const kids = world.core.sessions.keyRing.publicJwks().map((jwk) => jwk.kid)
    assert.ok(!kids.includes(oldKid), 'the first key is gone')
    assert.ok(kids.includes(newKey.id), 'the key that signed the newest tokens stays')
  })

  // Several instances share PostgreSQL only; SQLite serves one.
  it('makes one first key when instances start together, so each can verify the other’s tokens', {
    skip: dialect !== 'postgres',
  }, async () => {
    const fresh = await createTestCore({ dialect })
    try {
      await fresh.database.db.deleteFrom('signing_keys').execute()
      const ring = () =>
        createKeyRing({
          db: fresh.database.db,
          clock: fresh.clock,
          log: silentLogger,
          secretBox: createSecretBox('test-secret-key-of-at-least-32-characters'),
          algorithm: 'ES256',
          rotationDays: 90,
          horizonSeconds: 600,
          publishSeconds: 300,
          exclusively: (work) => fresh.database.exclusively(727_105_234, work),
        })
      const [a, b] = [ring(), ring()]
      await Promise.all([a.start(), b.start()])
      try {
        assert.equal(a.signer().key.id, b.signer().key.id)
        assert.equal((await fresh.database.db.selectFrom('signing_keys').select('id').execute()).length, 1)
      } finally {
        a.stop()
        b.stop()
      }
    } finally {
      await fresh.close()
    }
  })

  it('lets another instance learn a pending key from the database and switch to it on time', async () => {
    const pending = await world.core.sessions.keyRing.rotate()
    const other = createKeyRing({
      db: world.database.db,
      clock: world.clock,
      log: silentLogger,
      secretBox: createSecretBox('test-secret-key-of-at-least-32-characters'),
      algorithm: 'ES256',
      rotationDays: 90,
      horizonSeconds: longestAccessTtlSeconds(world.config),
      publishSeconds: world.config.tokens.keyPublishSeconds,
      exclusively: (work) => work(),
    })
    await other.start()
    try {
      assert.ok(other.publicJwks().some((jwk) => jwk.kid === pending.id))
      assert.notEqual(other.signer().key.id, pending.id)
      world.clock.advance(world.config.tokens.keyPublishSeconds)
      assert.equal(other.signer().key.id, pending.id)
      assert.equal(world.core.sessions.keyRing.signer().key.id, pending.id)
    } finally {
      other.stop()
    }
  })
})

for (const algorithm of ['RS256', 'EdDSA'] as const) {
  it(`signs and verifies with ${algorithm} when configured, and replaces a key of another algorithm`, async () => {
    const configured = await createTestCore({ env: { JWT_ALGORITHM: algorithm } })
    try {
      const { accessToken } = await signedInAccount(configured, 'alg@example.com')
      assert.equal(decodeProtectedHeader(accessToken).alg, algorithm)
      await configured.core.sessions.tokens.verify(accessToken)
      assert.deepEqual(
        configured.core.sessions.keyRing.publicJwks().map((jwk) => jwk.alg),
        [algorithm],
      )
    } finally {
      await configured.close()
    }
  })
}
