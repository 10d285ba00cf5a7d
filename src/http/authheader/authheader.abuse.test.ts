import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  assertTooManyRequests,
  forEachCounterStore,
  occupyHashing,
  useAbuseApp,
} from '../../../test/support/abuse.ts'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { authheaderClient } from '../../../test/support/authheader-client.ts'
import type { TestApp } from '../../../test/support/test-app.ts'

type Reply = Awaited<ReturnType<TestApp['inject']>>

forEachCounterStore('authheader rate limits and lockout', (dialect, store) => {
  const appOf = useAbuseApp(dialect, store, {
    RATE_LIMIT_SIGN_IN: '3/60',
    RATE_LIMIT_API_KEY_FAILURES: '2/60',
    LOCKOUT_THRESHOLD: '2',
    ARGON2_CONCURRENCY: '1',
    ARGON2_QUEUE_LIMIT: '0',
  })

  const login = (username: string, password: string, ip: string) =>
    appOf().inject({ method: 'POST', url: '/user/login', payload: { username, password }, remoteAddress: ip })
  const secure = (key: string, ip: string) =>
    appOf().inject({
      method: 'GET',
      url: '/test/secure',
      headers: { 'x-authorization': key },
      remoteAddress: ip,
    })
  const assertTooMany = (response: Reply, seconds: number) =>
    assertTooManyRequests(response, seconds, {
      message: `Too many requests, try again in ${seconds} seconds`,
    })

  it('refuses the fourth login from one IP within a minute', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await login(`nobody${attempt}`, 'wrong', '10.0.0.1')
      assert.deepEqual([response.statusCode, response.json()], [401, { message: 'Incorrect credentials' }])
    }
    assertTooMany(await login('nobody', 'wrong', '10.0.0.1'), 60)
  })

  it('locks a username after two failures, whatever the password', async () => {
    await createAccount(appOf(), { email: 'locked@example.com', username: 'Locked' })
    for (const ip of ['10.1.0.1', '10.1.0.2'])
      assert.equal((await login('locked', 'wrong', ip)).statusCode, 401)
    assertTooMany(await login('LOCKED', DEFAULT_PASSWORD, '10.1.0.3'), 60)
  })

  it('locks an account once whether the client types its username or its email', async () => {
    await createAccount(appOf(), { email: 'both@example.com', username: 'both' })
    assert.equal((await login('both', 'wrong', '10.5.0.1')).statusCode, 401)
    assert.equal((await login('both@example.com', 'wrong', '10.5.0.2')).statusCode, 401)
    assertTooMany(await login('both', DEFAULT_PASSWORD, '10.5.0.3'), 60)
    assertTooMany(await login('BOTH@example.com', DEFAULT_PASSWORD, '10.5.0.4'), 60)
  })

  it('counts wrong old passwords of POST /user/password towards the lockout, as sign-ins', async () => {
    await createAccount(appOf(), { email: 'changer@example.com', username: 'changer' })
    const change = (old: string, ip: string) =>
      appOf().inject({
        method: 'POST',
        url: '/user/password',
        payload: { username: 'changer', old, new: 'Another-Secret-9', confirm: 'Another-Secret-9' },
        remoteAddress: ip,
      })
    for (const ip of ['10.4.0.1', '10.4.0.2']) assert.equal((await change('wrong', ip)).statusCode, 401)
    assertTooMany(await change(DEFAULT_PASSWORD, '10.4.0.3'), 60)
    assertTooMany(await login('changer', DEFAULT_PASSWORD, '10.4.0.4'), 60)
  })

  it('counts only failed API-key checks: past the budget the IP is refused, valid keys elsewhere pass', async () => {
    const { signedIn, add } = authheaderClient(appOf)
    const key: string = (await add(await signedIn(), { name: 'k' })).json().token
    for (let call = 0; call < 5; call += 1) assert.equal((await secure(key, '10.2.0.2')).statusCode, 200)
    const wrong = `lk_${'x'.repeat(43)}`
    for (let call = 0; call < 2; call += 1) assert.equal((await secure(wrong, '10.2.0.3')).statusCode, 401)
    assertTooMany(await secure(wrong, '10.2.0.3'), 60)
    assertTooMany(await secure(key, '10.2.0.3'), 60)
    assert.equal((await secure(key, '10.2.0.2')).statusCode, 200)
    assert.equal(appOf().core.ops.abuse.rejections.apiKeyFailures, 2)
  })

  it('answers 503 with Retry-After when the Argon2 queue is full', async () => {
    await createAccount(appOf(), { email: 'busy@example.com', username: 'busy' })
    const held = occupyHashing(appOf(), 1)
    try {
      const response = await login('busy', DEFAULT_PASSWORD, '10.3.0.1')
      assert.deepEqual(
        [response.statusCode, response.json()],
        [503, { message: 'Server is busy, try again shortly' }],
      )
      assert.equal(response.headers['retry-after'], '1')
    } finally {
      await held.release()
    }
  })
})
