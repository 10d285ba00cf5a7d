import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { createFakeClock } from '../../../test/support/fake-clock.ts'
import { silentLogger } from '../shared/logger.ts'
import { createMemoryCounterStore } from './counter-store.ts'
import { createRedisCounterStore } from './redis-counter-store.ts'

const redisUrl = process.env.TEST_REDIS_URL
const START_MS = Date.parse('2026-01-01T00:00:00Z')

describe('in-memory counter store', () => {
  it('counts hits in a window that starts with the first hit and ends windowSeconds later', async () => {
    const clock = createFakeClock(new Date(START_MS))
    const store = createMemoryCounterStore({ clock, maxEntries: 100 })
    assert.deepEqual(await store.hit('a', 60), { count: 1, resetAtMs: START_MS + 60_000 })
    clock.advance(59)
    assert.deepEqual(await store.hit('a', 60), { count: 2, resetAtMs: START_MS + 60_000 })
    assert.deepEqual(await store.peek('a'), { count: 2, resetAtMs: START_MS + 60_000 })
    clock.advance(1)
    assert.equal(await store.peek('a'), undefined)
    assert.deepEqual(await store.hit('a', 60), { count: 1, resetAtMs: START_MS + 120_000 })
  })

  it('keeps keys apart and forgets a cleared one', async () => {
    const store = createMemoryCounterStore({ clock: createFakeClock(new Date(START_MS)), maxEntries: 100 })
    await store.hit('a', 60)
    await store.hit('a', 60)
    assert.equal((await store.hit('b', 60)).count, 1)
    await store.clear('a')
    assert.equal(await store.peek('a'), undefined)
    assert.equal((await store.peek('b'))?.count, 1)
  })

  it('holds at most maxEntries counters: expired ones are swept first, then the oldest go', async () => {
    const clock = createFakeClock(new Date(START_MS))
    const store = createMemoryCounterStore({ clock, maxEntries: 3 })
    await store.hit('short', 1)
    await store.hit('old', 600)
    await store.hit('middle', 600)
    clock.advance(2)
    await store.hit('new', 600) // full: the expired `short` makes room
    assert.equal(store.size, 3)
    assert.equal((await store.peek('old'))?.count, 1)
    await store.hit('newest', 600) // full of live counters: the oldest window goes
    assert.equal(store.size, 3)
    assert.equal(await store.peek('old'), undefined)
    assert.equal((await store.peek('middle'))?.count, 1)
    assert.equal((await store.peek('newest'))?.count, 1)
  })

  it('sweeps expired counters once a minute even when not full', async () => {
    const clock = createFakeClock(new Date(START_MS))
    const store = createMemoryCounterStore({ clock, maxEntries: 100 })
    for (const key of ['a', 'b', 'c']) await store.hit(key, 10)
    clock.advance(61)
    await store.hit('d', 10)
    assert.equal(store.size, 1)
  })
})

describe('Redis counter store', { skip: !redisUrl && 'TEST_REDIS_URL is not set' }, () => {
  const clock = createFakeClock(new Date(START_MS))
  const prefix = () => `latchkey-test:${randomBytes(6).toString('hex')}:`
  const open = (keyPrefix: string) =>
    createRedisCounterStore({ url: redisUrl ?? '', prefix: keyPrefix, clock, log: silentLogger })
  const stores: { close(): Promise<void> }[] = []
  after(async () => {
    for (const store of stores) await store.close()
  })

  it('counts atomically across connections and tells the reset time on the core clock', async () => {
    const keyPrefix = prefix()
    const [first, second] = [open(keyPrefix), open(keyPrefix)]
    stores.push(first, second)
    const hits = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).hit('k', 60)),
    )
    assert.deepEqual(
      hits.map((hit) => hit.count).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    for (const hit of hits) {
      assert.ok(
        hit.resetAtMs > START_MS + 55_000 && hit.resetAtMs <= START_MS + 60_000,
        String(hit.resetAtMs),
      )
    }
    assert.equal((await first.peek('k'))?.count, 20)
  })

  it('peeks without counting, clears, and keeps prefixes apart', async () => {
    const [mine, other] = [open(prefix()), open(prefix())]
    stores.push(mine, other)
    assert.equal(await mine.peek('k'), undefined)
    await mine.hit('k', 60)
    assert.equal((await mine.peek('k'))?.count, 1)
    assert.equal((await mine.peek('k'))?.count, 1)
    assert.equal(await other.peek('k'), undefined)
    await mine.clear('k')
    assert.equal(await mine.peek('k'), undefined)
  })

  it('starts a new window once the old one has expired', async () => {
    const store = open(prefix())
    stores.push(store)
    await store.hit('k', 1)
    await store.hit('k', 1)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    assert.equal(await store.peek('k'), undefined)
    assert.equal((await store.hit('k', 1)).count, 1)
  })
})
