import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  assertTooManyRequests,
  forEachCounterStore,
  occupyHashing,
  useAbuseApp,
} from '../../../test/support/abuse.ts'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { PASSWORD } from '../../../test/support/ideapool-client.ts'

const tooMany = (seconds: number) => ({ reason: `Too many requests, try again in ${seconds} seconds` })
const WRONG = { reason: 'Either email or password is incorrect' }

forEachCounterStore('ideapool rate limits and lockout', (dialect, store) => {
  const onRealTime = store === 'redis' && 'Redis windows run on real time, not the fake clock'
  const appOf = useAbuseApp(dialect, store, {
    RATE_LIMIT_SIGN_IN: '5/60',
    RATE_LIMIT_SIGN_IN_FAILURES: '6/3600',
    RATE_LIMIT_SIGN_UP: '2/3600',
    RATE_LIMIT_REFRESH: '2/60',
    LOCKOUT_THRESHOLD: '3',
    LOCKOUT_WINDOW_SECONDS: '900',
    LOCKOUT_BASE_SECONDS: '60',
    LOCKOUT_MAX_SECONDS: '120',
    ARGON2_CONCURRENCY: '1',
    ARGON2_QUEUE_LIMIT: '0',
  })

  const post = (url: string, payload: object, ip: string, headers: Record<string, string> = {}) =>
    appOf().inject({ method: 'POST', url, payload, remoteAddress: ip, headers })
  const signIn = (email: string, password: string, ip: string, headers: Record<string, string> = {}) =>
    post('/access-tokens', { email, password }, ip, headers)
  const assertRefused = (response: Awaited<ReturnType<typeof post>>, seconds: number) =>
    assertTooManyRequests(response, seconds, tooMany(seconds))

  it('refuses the sixth sign-in from one IP within a minute with 429 and Retry-After', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await signIn(`nobody-${attempt}@example.com`, 'wrong', '10.0.0.1')
      assert.equal(response.statusCode, 401)
      assert.deepEqual(response.json(), WRONG)
    }
    assertRefused(await signIn('nobody-5@example.com', 'wrong', '10.0.0.1'), 60)
    assert.equal((await signIn('nobody-5@example.com', 'wrong', '10.0.0.2')).statusCode, 401)
    assert.equal(appOf().core.ops.abuse.rejections.signIn, 1)
  })

  it('counts the IPv6 addresses of one /64 together, and another /64 apart', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await signIn(`v6-${attempt}@example.com`, 'wrong', `2001:db8:1:2::${attempt + 1}`)
      assert.equal(response.statusCode, 401)
    }
    assertRefused(await signIn('v6@example.com', 'wrong', '2001:db8:1:2:ffff:ffff:ffff:ffff'), 60)
    assert.equal((await signIn('v6@example.com', 'wrong', '2001:db8:1:3::1')).statusCode, 401)
  })

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const forwarded = { 'x-forwarded-for': `198.51.100.${attempt}` }
      assert.equal(
        (await signIn(`xff-${attempt}@example.com`, 'wrong', '10.0.0.3', forwarded)).statusCode,
        401,
      )
    }
    assertRefused(
      await signIn('xff@example.com', 'wrong', '10.0.0.3', { 'x-forwarded-for': '198.51.100.99' }),
      60,
    )
  })

  it('refuses the third sign-up from one IP within an hour', async () => {
    for (const email of ['up-1@example.com', 'up-2@example.com']) {
      const response = await post('/users', { email, name: 'Up', password: PASSWORD }, '10.0.1.1')
      assert.equal(response.statusCode, 201)
    }
    const response = await post(
      '/users',
      { email: 'up-3@example.com', name: 'Up', password: PASSWORD },
      '10.0.1.1',
    )
    assertRefused(response, 3600)
    assert.equal((await signIn('up-3@example.com', PASSWORD, '10.0.1.2')).statusCode, 401) // not created
  })

  it('refuses the third refresh from one IP within a minute', async () => {
    await createAccount(appOf(), { email: 'refresh@example.com' })
    const { refresh_token } = (await signIn('refresh@example.com', DEFAULT_PASSWORD, '10.0.2.1')).json()
    for (let attempt = 0; attempt < 2; attempt += 1) {
      assert.equal((await post('/access-tokens/refresh', { refresh_token }, '10.0.2.1')).statusCode, 200)
    }
    assertRefused(await post('/access-tokens/refresh', { refresh_token }, '10.0.2.1'), 60)
  })

  it('locks an account after three failures, whatever the password and the IP', async () => {
    await createAccount(appOf(), { email: 'lock@example.com' })
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) {
      assert.deepEqual((await signIn('lock@example.com', 'wrong', ip)).json(), WRONG)
    }
    assertRefused(await signIn('LOCK@example.com ', DEFAULT_PASSWORD, '10.1.0.4'), 60)
    assert.equal(appOf().core.ops.abuse.lockoutsStarted, 1)
    assert.equal(appOf().core.ops.abuse.lockoutRejections, 1)
  })

  it('locks an unknown account the same way, so the answer tells nothing', async () => {
    for (const ip of ['10.1.1.1', '10.1.1.2', '10.1.1.3']) {
      assert.deepEqual((await signIn('ghost@example.com', 'wrong', ip)).json(), WRONG)
    }
    assertRefused(await signIn('ghost@example.com', 'wrong', '10.1.1.4'), 60)
  })

  it('unlocks after the period, and doubles the next lock', { skip: onRealTime }, async () => {
    await createAccount(appOf(), { email: 'period@example.com' })
    for (const ip of ['10.1.2.1', '10.1.2.2', '10.1.2.3']) await signIn('period@example.com', 'wrong', ip)
    appOf().clock.advance(30)
    assertRefused(await signIn('period@example.com', DEFAULT_PASSWORD, '10.1.2.4'), 30)
    appOf().clock.advance(30)
    assert.equal((await signIn('period@example.com', DEFAULT_PASSWORD, '10.1.2.4')).statusCode, 201)
    for (const ip of ['10.1.2.5', '10.1.2.6', '10.1.2.7']) await signIn('period@example.com', 'wrong', ip)
    assertRefused(await signIn('period@example.com', DEFAULT_PASSWORD, '10.1.2.8'), 120)
    appOf().clock.advance(120)
    for (const ip of ['10.1.2.9', '10.1.2.10', '10.1.2.11']) await signIn('period@example.com', 'wrong', ip)
    // The cap: 60 s doubled twice would be 240 s.
    assertRefused(await signIn('period@example.com', DEFAULT_PASSWORD, '10.1.2.12'), 120)
  })

  it('lets one IP lock an account only as often as its failure budget allows', {
    skip: onRealTime,
  }, async () => {
    await createAccount(appOf(), { email: 'victim@example.com' })
    const attacker = '10.2.0.1'
    for (let attempt = 0; attempt < 3; attempt += 1) await signIn('victim@example.com', 'wrong', attacker)
    assertRefused(await signIn('victim@example.com', 'wrong', attacker), 60) // locked: not a failure
    appOf().clock.advance(60)
    for (let attempt = 0; attempt < 3; attempt += 1) {
      assert.equal((await signIn('victim@example.com', 'wrong', attacker)).statusCode, 401)
    }
    appOf().clock.advance(120)
    // Six failures spent: the IP is refused, and its attempts no longer reach the account.
    const refused = await signIn('victim@example.com', 'wrong', attacker)
    assertRefused(refused, 3600 - 180)
    for (let attempt = 0; attempt < 3; attempt += 1) await signIn('victim@example.com', 'wrong', attacker)
    assert.equal((await signIn('victim@example.com', DEFAULT_PASSWORD, '10.2.0.2')).statusCode, 201)
    assert.ok(appOf().core.ops.abuse.rejections.signInFailures >= 4)
  })

  it('answers 503 with Retry-After when the Argon2 queue is full', async () => {
    await createAccount(appOf(), { email: 'busy@example.com' })
    const held = occupyHashing(appOf(), 1)
    try {
      const response = await signIn('busy@example.com', DEFAULT_PASSWORD, '10.3.0.1')
      assert.equal(response.statusCode, 503)
      assert.deepEqual(response.json(), { reason: 'Server is busy, try again shortly' })
      assert.equal(response.headers['retry-after'], '1')
      const signUp = await post(
        '/users',
        { email: 'busy-2@example.com', name: 'B', password: PASSWORD },
        '10.3.0.2',
      )
      assert.equal(signUp.statusCode, 503)
      assert.equal(appOf().core.ops.hashing.busyRejections, 2)
    } finally {
      await held.release()
    }
    assert.equal((await signIn('busy@example.com', DEFAULT_PASSWORD, '10.3.0.1')).statusCode, 201)
  })
})

forEachCounterStore('ideapool behind a trusted proxy', (dialect, store) => {
  const appOf = useAbuseApp(dialect, store, { RATE_LIMIT_SIGN_IN: '2/60', TRUST_PROXY: '10.9.0.0/16' })

  const signIn = (ip: string, forwardedFor?: string) =>
    appOf().inject({
      method: 'POST',
      url: '/access-tokens',
      payload: { email: 'x@example.com', password: 'wrong' },
      remoteAddress: ip,
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    })

  it('counts the forwarded client when the proxy is trusted, and the proxy itself otherwise', async () => {
    for (const client of ['203.0.113.1', '203.0.113.1'])
      assert.equal((await signIn('10.9.0.1', client)).statusCode, 401)
    assert.equal((await signIn('10.9.0.1', '203.0.113.1')).statusCode, 429)
    assert.equal((await signIn('10.9.0.2', '203.0.113.2')).statusCode, 401) // another client, same proxies
    // Not a trusted proxy: its X-Forwarded-For is ignored and the caller itself counted.
    for (const client of ['203.0.113.3', '203.0.113.4'])
      assert.equal((await signIn('192.0.2.1', client)).statusCode, 401)
    assert.equal((await signIn('192.0.2.1', '203.0.113.5')).statusCode, 429)
  })
})
