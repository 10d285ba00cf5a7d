import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { createFakeClock } from '../../../test/support/fake-clock.ts'
import {
  PADDED_PASSWORD,
  type PwnedRangeFake,
  startPwnedRangeFake,
} from '../../../test/support/pwned-range-fake.ts'
import { AppError } from '../errors.ts'
import { silentLogger } from '../shared/logger.ts'
import { type BreachedPasswordDeps, createBreachedPasswordCheck, parseRange } from './breached-password.ts'

const withCode = (code: string) => (error: unknown) => error instanceof AppError && error.code === code

describe('breached-password check (k-anonymity range API)', () => {
  let fake: PwnedRangeFake
  const clock = createFakeClock()
  const check = (overrides: Partial<BreachedPasswordDeps> = {}) =>
    createBreachedPasswordCheck({
      baseUrl: fake.url,
      timeoutMs: 300,
      failOpen: false,
      cacheTtlSeconds: 60,
      cacheEntries: 10,
      clock,
      log: silentLogger,
      ...overrides,
    })

  before(async () => {
    fake = await startPwnedRangeFake({ Breached1: 42, 'breached-password': 7 })
  })
  after(() => fake.close())
  beforeEach(() => {
    fake.requests.length = 0
    fake.failure = undefined
  })

  it('refuses a breached password as a problem of the named field', async () => {
    await assert.rejects(check().assertNotBreached('Breached1', 'newPassword'), (error: unknown) => {
      assert.ok(error instanceof AppError)
      assert.equal(error.code, 'validation_failed')
      assert.deepEqual(error.details, {
        problems: [{ field: 'newPassword', problem: 'has appeared in a data breach' }],
      })
      return true
    })
  })

  it('accepts a password not in the range, sending only the padded 5-character prefix', async () => {
    await check().assertNotBreached('Not-breached-9', 'password')
    assert.equal(fake.requests.length, 1)
    assert.match(fake.requests[0]?.path ?? '', /^\/range\/[0-9A-F]{5}$/)
    assert.equal(fake.requests[0]?.headers['add-padding'], 'true')
    assert.equal(JSON.stringify(fake.requests).includes('Not-breached-9'), false)
  })

  it('ignores padding lines of count 0, even for the exact suffix', async () => {
    await check().assertNotBreached(PADDED_PASSWORD, 'password')
  })

  it('caches a range by prefix for the TTL, and drops the oldest prefix when full', async () => {
    const cached = check({ cacheEntries: 1 })
    await assert.rejects(cached.assertNotBreached('Breached1', 'password'), withCode('validation_failed'))
    await assert.rejects(cached.assertNotBreached('Breached1', 'password'), withCode('validation_failed'))
    assert.equal(fake.requests.length, 1)
    clock.advance(61)
    await assert.rejects(cached.assertNotBreached('Breached1', 'password'), withCode('validation_failed'))
    assert.equal(fake.requests.length, 2)
    await cached.assertNotBreached('Not-breached-9', 'password') // another prefix takes the one slot
    await assert.rejects(cached.assertNotBreached('Breached1', 'password'), withCode('validation_failed'))
    assert.equal(fake.requests.length, 4)
  })

  it('fails open on a timeout or an error when told to, accepting the password', async () => {
    for (const failure of ['hang', 'server_error'] as const) {
      fake.failure = failure
      await check({ failOpen: true, cacheEntries: 0 }).assertNotBreached('Breached1', 'password')
    }
  })

  it('fails closed with password_check_unavailable on a timeout or an error by default', async () => {
    for (const failure of ['hang', 'server_error'] as const) {
      fake.failure = failure
      await assert.rejects(
        check({ cacheEntries: 0 }).assertNotBreached('Breached1', 'password'),
        withCode('password_check_unavailable'),
      )
    }
  })

  it('asks nothing when no URL is configured', async () => {
    await check({ baseUrl: undefined }).assertNotBreached('Breached1', 'password')
    assert.equal(fake.requests.length, 0)
  })

  it('parses SUFFIX:COUNT lines leniently, leaving out counts of 0 and junk', () => {
    const suffix = 'A'.repeat(35)
    const parsed = parseRange(`${suffix}:3\r\n${'B'.repeat(35)}:0\r\nnonsense\r\n${'c'.repeat(35)}:1`)
    assert.deepEqual([...parsed], [suffix, 'C'.repeat(35)])
  })
})
