import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { signedInAccount } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { silentLogger } from '../shared/logger.ts'
import { createRevocationList } from './revocation.ts'

forEachDatabase('revocation list', (dialect) => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ dialect })
  })
  after(() => app.close())

  const freshList = () =>
    createRevocationList({
      db: app.database.db,
      clock: app.clock,
      log: silentLogger,
      horizonSeconds: 600,
      syncSeconds: 60,
    })

  it('learns from the database the sessions ended by another process, and forgets them past the horizon', async () => {
    const { sessionId } = await signedInAccount(app, 'rev@example.com')
    const other = freshList()
    await other.start()
    assert.equal(other.isRevoked(sessionId), false)
    await app.core.sessions.end(sessionId, 'logout')
    await other.sync()
    assert.equal(other.isRevoked(sessionId), true)
    const restarted = freshList()
    await restarted.start()
    assert.equal(restarted.isRevoked(sessionId), true)
    app.clock.advance(601)
    await restarted.sync()
    assert.equal(restarted.isRevoked(sessionId), false)
    other.stop()
    restarted.stop()
  })
})
