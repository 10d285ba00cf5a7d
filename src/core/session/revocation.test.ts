import assert from 'node:assert/strict'
import { it } from 'node:test'
import { signedInAccount } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { silentLogger } from '../shared/logger.ts'
import { createRevocationList } from './revocation.ts'

coreSuite('revocation list', (world) => {
  const freshList = () =>
    createRevocationList({
      db: world.database.db,
      clock: world.clock,
      log: silentLogger,
      horizonSeconds: 600,
      syncSeconds: 60,
    })

  it('learns from the database the sessions ended by another process, and forgets them past the horizon', async () => {
    const { sessionId } = await signedInAccount(world, 'rev@example.com')
    const other = freshList()
    await other.start()
    assert.equal(other.isRevoked(sessionId), false)
    await world.core.sessions.sessions.end(sessionId, 'logout')
    await other.sync()
    assert.equal(other.isRevoked(sessionId), true)
    const restarted = freshList()
    await restarted.start()
    assert.equal(restarted.isRevoked(sessionId), true)
    world.clock.advance(601)
    await restarted.sync()
    assert.equal(restarted.isRevoked(sessionId), false)
    other.stop()
    restarted.stop()
  })
})
