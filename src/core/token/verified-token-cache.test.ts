import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { signedInAccount } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { isAppError } from '../errors.ts'
import { createVerifiedTokenCache } from './verified-token-cache.ts'

const claims = (expiresAt: Date) => ({ userId: 'u', tenantId: 't', sessionId: 's', expiresAt })

describe('verified-token cache', () => {
  it('answers until the second the token expires, then forgets it', () => {
    const cache = createVerifiedTokenCache(10)
    const expiresAt = new Date('2026-01-01T00:10:00Z')
    cache.set('token', claims(expiresAt))
    assert.deepEqual(cache.get('token', new Date('2026-01-01T00:09:59.999Z')), claims(expiresAt))
    assert.equal(cache.get('token', new Date('2026-01-01T00:10:00Z')), undefined)
    assert.equal(cache.get('token', new Date('2026-01-01T00:00:00Z')), undefined, 'gone for good')
  })

  it('keeps at most its bound, dropping the oldest first', () => {
    const cache = createVerifiedTokenCache(2)
    const later = new Date(Date.now() + 60_000)
    for (const token of ['a', 'b', 'c']) cache.set(token, claims(later))
    assert.equal(cache.get('a', new Date()), undefined)
    assert.ok(cache.get('b', new Date()) && cache.get('c', new Date()))
  })

  it('answers only for the very token it was given, not another with the same ending', () => {
    const cache = createVerifiedTokenCache(10)
    const signature = 'x'.repeat(86)
    const later = new Date(Date.now() + 60_000)
    cache.set(`header.payload-of-alice.${signature}`, claims(later))
    assert.equal(cache.get(`header.payload-of-mallory.${signature}`, new Date()), undefined)
    assert.equal(cache.get(`header.payload-of-alice.${signature}`.slice(1), new Date()), undefined)
    assert.deepEqual(cache.get(`header.payload-of-alice.${signature}`, new Date()), claims(later))
  })
})

coreSuite('token verification with the cache', (world) => {
  const rejects = (promise: Promise<unknown>) =>
    assert.rejects(promise, (error) => isAppError(error) && error.code === 'invalid_token')

  const signedIn = (email: string) => signedInAccount(world, email)

  it('refuses a token already verified (and cached) once its session ends', async () => {
    const { accessToken, sessionId } = await signedIn('cached-revoke@example.com')
    await world.core.sessions.tokens.verify(accessToken)
    await world.core.sessions.tokens.verify(accessToken)
    await world.core.sessions.sessions.end(sessionId, 'logout')
    await rejects(world.core.sessions.tokens.verify(accessToken))
  })

  it('refuses a token already verified (and cached) once it expires', async () => {
    const { accessToken } = await signedIn('cached-expiry@example.com')
    await world.core.sessions.tokens.verify(accessToken)
    world.clock.advance(60)
    await rejects(world.core.sessions.tokens.verify(accessToken))
  })
})
