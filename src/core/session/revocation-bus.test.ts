import assert from 'node:assert/strict'
import { it } from 'node:test'
import { coreSuite } from '../../../test/support/suite.ts'
import { createPostgresRevocationBus } from '../../db/pg-revocation-bus.ts'
import { silentLogger } from '../shared/logger.ts'
import { createRedisRevocationBus } from './redis-revocation-bus.ts'
import { createRevocationList } from './revocation.ts'
import type { RevocationBus } from './revocation-bus.ts'

async function eventually(check: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return check()
}

// Two revocation lists stand for two instances; a sync interval of an hour rules the database
// sync out, so only the bus can carry the news within the second allowed.
coreSuite('revocation bus', (world, dialect) => {
  const instance = (bus: RevocationBus) =>
    createRevocationList({
      db: world.database.db,
      clock: world.clock,
      log: silentLogger,
      horizonSeconds: 600,
      syncSeconds: 3600,
      bus,
    })

  async function showsEndedSessionOnOtherInstance(makeBus: () => RevocationBus) {
    const [a, b] = [instance(makeBus()), instance(makeBus())]
    await Promise.all([a.start(), b.start()])
    try {
      a.add('session-ended-on-a', world.clock.now())
      assert.equal(await eventually(() => b.isRevoked('session-ended-on-a'), 1000), true)
    } finally {
      a.stop()
      b.stop()
    }
  }

  it(
    'carries an ended session to another instance within a second over Redis',
    { skip: !process.env.TEST_REDIS_URL },
    () =>
      showsEndedSessionOnOtherInstance(() =>
        createRedisRevocationBus(process.env.TEST_REDIS_URL ?? '', silentLogger),
      ),
  )

  if (dialect === 'postgres') {
    it('carries an ended session to another instance within a second over LISTEN/NOTIFY', () =>
      showsEndedSessionOnOtherInstance(() =>
        createPostgresRevocationBus(world.config.storage.databaseUrl ?? '', silentLogger),
      ))
  }
})
