import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { isAppError } from '../errors.ts'
import { endSession } from './session.repository.ts'
import { MAX_CHOSEN_TTL_SECONDS } from './session-control.service.ts'

const policy = { surface: 'test', accessTtlSeconds: 60, refreshTtlSeconds: undefined }
const withCode = (code: string) => (error: unknown) => isAppError(error) && error.code === code

coreSuite('session control', (world) => {
  let counter = 0
  async function session() {
    counter += 1
    const user = await createAccount(world, { email: `control${counter}@example.com` })
    const signedIn = await world.core.identity.auth.openSession(user, policy)
    return { user, signedIn, caller: { userId: user.id, sessionId: signedIn.sessionId } }
  }

  it('renews within the same session, and refuses a session ended by another instance', async () => {
    const { signedIn, caller } = await session()
    const renewed = await world.core.sessions.sessionControl.renew(caller, policy)
    assert.equal((await world.core.sessions.tokens.verify(renewed.accessToken)).sessionId, signedIn.sessionId)
    assert.equal(renewed.expiresInSeconds, 60)
    // Ended in the database only, as another instance would: this instance's memory does not know yet.
    await endSession(world.database.db, signedIn.sessionId, world.clock.now())
    await world.core.sessions.tokens.verify(signedIn.accessToken)
    await assert.rejects(world.core.sessions.sessionControl.renew(caller, policy), withCode('invalid_token'))
    await assert.rejects(
      world.core.sessions.sessionControl.reissue(caller, 600, policy),
      withCode('invalid_token'),
    )
  })

  it('re-issues in a new session with the chosen lifetime and ends the old one', async () => {
    const { signedIn, caller } = await session()
    const reissued = await world.core.sessions.sessionControl.reissue(caller, MAX_CHOSEN_TTL_SECONDS, policy)
    const claims = await world.core.sessions.tokens.verify(reissued.accessToken)
    assert.notEqual(claims.sessionId, signedIn.sessionId)
    const nowSeconds = Math.floor(world.clock.now().getTime() / 1000)
    assert.equal(claims.expiresAt.getTime() / 1000, nowSeconds + MAX_CHOSEN_TTL_SECONDS)
    await assert.rejects(world.core.sessions.tokens.verify(signedIn.accessToken), withCode('invalid_token'))
  })

  it('refuses lifetimes under a minute, over 365 days or fractional, changing nothing', async () => {
    const { signedIn, caller } = await session()
    for (const ttl of [0, 59, MAX_CHOSEN_TTL_SECONDS + 1, 90.5, Number.NaN]) {
      await assert.rejects(
        world.core.sessions.sessionControl.reissue(caller, ttl, policy),
        withCode('validation_failed'),
      )
    }
    await world.core.sessions.tokens.verify(signedIn.accessToken)
  })

  it('ends all of a user’s sessions, and refuses a key caller (no session) to sign out', async () => {
    const { user, signedIn } = await session()
    const second = await world.core.identity.auth.openSession(user, policy)
    await assert.rejects(
      world.core.sessions.sessionControl.signOut({ userId: user.id, sessionId: undefined }),
      withCode('invalid_token'),
    )
    await world.core.sessions.tokens.verify(second.accessToken)
    assert.equal(await world.core.sessions.sessionControl.endAllOfUser(user), 2)
    for (const token of [signedIn.accessToken, second.accessToken]) {
      await assert.rejects(world.core.sessions.tokens.verify(token), withCode('invalid_token'))
    }
  })

  it('opens, renews and reissues nothing for a key caller (no session): a key mints no session', async () => {
    const { user } = await session()
    const open = await world.core.sessions.sessions.countOpen()
    const keyCaller = { userId: user.id, sessionId: undefined }
    await assert.rejects(
      world.core.sessions.sessionControl.renew(keyCaller, policy),
      withCode('invalid_token'),
    )
    await assert.rejects(
      world.core.sessions.sessionControl.reissue(keyCaller, MAX_CHOSEN_TTL_SECONDS, policy),
      withCode('invalid_token'),
    )
    assert.equal(await world.core.sessions.sessions.countOpen(), open)
  })
})
