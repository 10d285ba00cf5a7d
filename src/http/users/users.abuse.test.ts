import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  assertTooManyRequests,
  forEachCounterStore,
  occupyHashing,
  useAbuseApp,
} from '../../../test/support/abuse.ts'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import type { TestApp } from '../../../test/support/test-app.ts'

type Reply = Awaited<ReturnType<TestApp['inject']>>
const WRONG_PASSWORD = { success: false, message: 'Authentication failed. Wrong password.' }

forEachCounterStore('users rate limits and lockout', (dialect, store) => {
  const appOf = useAbuseApp(dialect, store, {
    RATE_LIMIT_SIGN_IN: '3/60',
    RATE_LIMIT_SIGN_UP: '1/3600',
    LOCKOUT_THRESHOLD: '2',
    ARGON2_CONCURRENCY: '1',
    ARGON2_QUEUE_LIMIT: '0',
  })

  const post = (url: string, payload: object, ip: string) =>
    appOf().inject({ method: 'POST', url, payload, remoteAddress: ip })
  const assertTooMany = (response: Reply, seconds: number) =>
    assertTooManyRequests(response, seconds, {
      success: false,
      message: `Too many requests, try again in ${seconds} seconds.`,
    })

  it('refuses the fourth login from one IP within a minute', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await post(
        '/users/login',
        { email: `no-${attempt}@example.com`, password: 'x' },
        '10.0.0.1',
      )
      assert.deepEqual([response.statusCode, response.json()], [401, WRONG_PASSWORD])
    }
    assertTooMany(await post('/users/login', { email: 'no@example.com', password: 'x' }, '10.0.0.1'), 60)
  })

  it('refuses the second sign-up from one IP within an hour', async () => {
    const first = await post(
      '/users/register',
      { email: 'r1@example.com', password: 'Password-1' },
      '10.0.1.1',
    )
    assert.equal(first.statusCode, 201)
    assertTooMany(
      await post('/users/register', { email: 'r2@example.com', password: 'Password-1' }, '10.0.1.1'),
      3600,
    )
  })

  it('locks an email after two failures, whatever the password', async () => {
    await createAccount(appOf(), { email: 'locked@example.com' })
    for (const ip of ['10.1.0.1', '10.1.0.2']) {
      assert.equal(
        (await post('/users/login', { email: 'locked@example.com', password: 'x' }, ip)).statusCode,
        401,
      )
    }
    assertTooMany(
      await post('/users/login', { email: 'locked@example.com', password: DEFAULT_PASSWORD }, '10.1.0.3'),
      60,
    )
  })

  it('answers 503 with Retry-After when the Argon2 queue is full', async () => {
    await createAccount(appOf(), { email: 'busy@example.com' })
    const held = occupyHashing(appOf(), 1)
    try {
      const response = await post(
        '/users/login',
        { email: 'busy@example.com', password: DEFAULT_PASSWORD },
        '10.2.0.1',
      )
      assert.deepEqual(
        [response.statusCode, response.json()],
        [503, { success: false, message: 'Server is busy, try again shortly.' }],
      )
      assert.equal(response.headers['retry-after'], '1')
    } finally {
      await held.release()
    }
  })
})
