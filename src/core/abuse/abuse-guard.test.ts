import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createFakeClock } from '../../../test/support/fake-clock.ts'
import { AppError } from '../errors.ts'
import { silentLogger } from '../shared/logger.ts'
import { createAbuseGuard, isLockoutState, rateCategories } from './abuse-guard.ts'
import { createMemoryCounterStore } from './counter-store.ts'

function guardWith(maxEntries = 10_000) {
  const clock = createFakeClock()
  const store = createMemoryCounterStore({ clock, maxEntries, keepWhenFull: isLockoutState })
  const roomy = { limit: 1_000_000, windowSeconds: 60 }
  const limits = Object.fromEntries(rateCategories.map((category) => [category, roomy])) as Record<
    (typeof rateCategories)[number],
    typeof roomy
  >
  const lockout = {
    threshold: 3,
    windowSeconds: 900,
    baseSeconds: 60,
    maxSeconds: 900,
    escalationSeconds: 3600,
  }
  const guard = createAbuseGuard(
    { store, clock, log: silentLogger, enabled: true, limits, lockout },
    'default',
  )
  return { guard, store, clock }
}

const account = { tenant: undefined, identifier: 'victim@example.com' }
const wrong = async () => {
  await new Promise((resolve) => setImmediate(resolve))
  throw new AppError('invalid_credentials')
}
const right = async () => 'signed in'
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => String(value),
    (error: AppError) => error.code,
  )

it('checks one password at a time per account, so a burst of guesses stops at the threshold', async () => {
  const { guard } = guardWith()
  let checked = 0
  const guess = async () => {
    checked += 1
    return wrong()
  }
  const outcomes = await Promise.all(
    Array.from({ length: 30 }, (_, n) => outcome(guard.signIn(`10.0.0.${n}`, account, guess))),
  )
  assert.equal(checked, 3, 'three wrong passwords lock the account; the other 27 never reach a check')
  assert.deepEqual(
    [
      outcomes.filter((code) => code === 'invalid_credentials').length,
      outcomes.filter((code) => code === 'rate_limited').length,
    ],
    [3, 27],
  )
})

it('lets a client that signed in to the account before through its lock, and no other', async () => {
  const { guard } = guardWith()
  assert.equal(await guard.signIn('192.0.2.1', account, right), 'signed in')
  for (const attacker of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
    assert.equal(await outcome(guard.signIn(attacker, account, wrong)), 'invalid_credentials')
  assert.equal(await outcome(guard.signIn('203.0.113.4', account, right)), 'rate_limited')
  assert.equal(await guard.signIn('192.0.2.1', account, right), 'signed in', 'the owner’s usual address')
})

it('keeps a lock when a full in-process store makes room for new clients', async () => {
  const { guard } = guardWith(50)
  for (const attacker of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
    await outcome(guard.signIn(attacker, account, wrong))
  for (let n = 0; n < 200; n++) await guard.limit('signUp', `198.51.100.${n}`)
  assert.equal(await outcome(guard.signIn('203.0.113.9', account, right)), 'rate_limited')
})
