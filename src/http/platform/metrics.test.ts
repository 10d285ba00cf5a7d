import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { abuseEnv, occupyHashing } from '../../../test/support/abuse.ts'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { buildServer } from '../../server.ts'

/** The value of one sample line, e.g. `latchkey_active_sessions` or `x{a="b"}`; undefined if absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

async function scrape(app: TestApp): Promise<string> {
  const response = await app.inject({ url: '/metrics' })
  assert.equal(response.statusCode, 200)
  assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/)
  return response.body
}

forEachDatabase('GET /metrics', (dialect) => {
  let app: TestApp
  before(async () => {
    // Every scrape queries: these tests compare the gauges with the database after each change.
    app = await createTestApp({ dialect, env: { METRICS_GAUGE_SECONDS: '0' } })
    await createAccount(app, { email: 'metrics@example.com' })
  })
  after(() => app.close())

  it('counts requests by route pattern and status, never by raw URL', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/access-tokens',
      payload: { email: 'metrics@example.com', password: DEFAULT_PASSWORD },
    })
    assert.equal(login.statusCode, 201)
    const jwt = (login.json() as { jwt: string }).jwt
    for (const id of ['aaa', 'bbb']) {
      const response = await app.inject({
        method: 'DELETE',
        url: `/ideas/${id}`,
        headers: { 'x-access-token': jwt },
      })
      assert.equal(response.statusCode, 404)
    }
    assert.equal((await app.inject({ url: '/no/such/path' })).statusCode, 404)
    const text = await scrape(app)
    assert.equal(
      sample(text, 'latchkey_http_requests_total{method="DELETE",route="/ideas/:id",status="404"}'),
      2,
    )
    assert.equal(
      sample(
        text,
        'latchkey_http_request_duration_seconds_count{method="DELETE",route="/ideas/:id",status="404"}',
      ),
      2,
    )
    assert.equal(
      sample(text, 'latchkey_http_requests_total{method="GET",route="(unmatched)",status="404"}'),
      1,
    )
    assert.doesNotMatch(text, /aaa|bbb|no\/such/)
  })

  it('counts sign-in successes and failures per surface', async () => {
    const before = await scrape(app)
    const count = (text: string, surface: string, outcome: string) =>
      sample(text, `latchkey_sign_ins_total{surface="${surface}",outcome="${outcome}"}`) ?? 0
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload })
    assert.equal(
      (await post('/users/login', { email: 'metrics@example.com', password: DEFAULT_PASSWORD })).statusCode,
      200,
    )
    assert.equal(
      (await post('/users/login', { email: 'metrics@example.com', password: 'wrong' })).statusCode,
      401,
    )
    assert.equal((await post('/users/login', {})).statusCode, 400)
    assert.equal(
      (await post('/user/login', { username: 'metrics@example.com', password: 'wrong' })).statusCode,
      401,
    )
    const after = await scrape(app)
    assert.equal(count(after, 'users', 'success') - count(before, 'users', 'success'), 1)
    assert.equal(count(after, 'users', 'failure') - count(before, 'users', 'failure'), 2)
    assert.equal(count(after, 'authheader', 'failure') - count(before, 'authheader', 'failure'), 1)
    assert.equal(count(after, 'authheader', 'success') - count(before, 'authheader', 'success'), 0)
    // Sign-up and refresh are not sign-ins.
    assert.equal(
      (await post('/users/register', { email: 'other@example.com', password: DEFAULT_PASSWORD })).statusCode,
      201,
    )
    assert.equal(count(await scrape(app), 'users', 'success'), count(after, 'users', 'success'))
  })

  it('reports open sessions and the mail backlog as the database has them on scrape', async () => {
    const open = await app.core.sessions.sessions.countOpen()
    const backlog = await app.core.mail.mailOutbox.backlog()
    const text = await scrape(app)
    assert.equal(sample(text, 'latchkey_active_sessions'), open)
    assert.equal(sample(text, 'latchkey_mail_outbox_backlog'), backlog)
    const login = await app.inject({
      method: 'POST',
      url: '/access-tokens',
      payload: { email: 'metrics@example.com', password: DEFAULT_PASSWORD },
    })
    const { refresh_token: refreshToken, jwt } = login.json() as { refresh_token: string; jwt: string }
    assert.equal(sample(await scrape(app), 'latchkey_active_sessions'), open + 1)
    const logout = await app.inject({
      method: 'DELETE',
      url: '/access-tokens',
      headers: { 'x-access-token': jwt },
      payload: { refresh_token: refreshToken },
    })
    assert.equal(logout.statusCode, 204)
    assert.equal(sample(await scrape(app), 'latchkey_active_sessions'), open)
  })

  it('serves the given Argon2 and rate-limit getters, and none when a server is built without them', async () => {
    let depth = 3
    const server = await buildServer({
      core: app.core,
      config: app.config,
      isReady: async () => true,
      metricsSources: { argon2QueueDepth: () => depth, rateLimitRejections: () => 7 },
    })
    const bare = await buildServer({ core: app.core, config: app.config, isReady: async () => true })
    try {
      const first = (await server.inject({ url: '/metrics' })).body
      assert.equal(sample(first, 'latchkey_argon2_queue_depth'), 3)
      assert.equal(sample(first, 'latchkey_rate_limit_rejections_total'), 7)
      depth = 0
      assert.equal(sample((await server.inject({ url: '/metrics' })).body, 'latchkey_argon2_queue_depth'), 0)
      assert.doesNotMatch((await bare.inject({ url: '/metrics' })).body, /argon2|rate_limit/)
    } finally {
      await Promise.all([server.close(), bare.close()])
    }
  })
})

it('asks for METRICS_TOKEN as a Bearer token when it is set, and serves nothing when off', async () => {
  const token = 'metrics-token-0123456789'
  const app = await createTestApp({ env: { METRICS_TOKEN: token } })
  try {
    assert.equal((await app.inject({ url: '/metrics' })).statusCode, 401)
    const wrong = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}x` } })
    assert.equal(wrong.statusCode, 401)
    assert.deepEqual(wrong.json(), { error: 'unauthorized' })
    const right = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } })
    assert.equal(right.statusCode, 200)
    assert.match(right.body, /^# HELP latchkey_/m)
  } finally {
    await app.close()
  }
  const off = await createTestApp({ env: { METRICS_ENABLED: 'false' } })
  try {
    assert.equal((await off.inject({ url: '/metrics' })).statusCode, 404)
  } finally {
    await off.close()
  }
})

it('keeps one registry per server: two apps count apart', async () => {
  const [one, two] = [await createTestApp(), await createTestApp()]
  try {
    await one.inject({ url: '/health' })
    await one.inject({ url: '/health' })
    await two.inject({ url: '/health' })
    const series = 'latchkey_http_requests_total{method="GET",route="/health",status="200"}'
    assert.equal(sample(await scrape(one), series), 2)
    assert.equal(sample(await scrape(two), series), 1)
  } finally {
    await one.close()
    await two.close()
  }
})

it('counts the core’s rate-limit refusals and Argon2 queue in the running app', async () => {
  const app = await createTestApp({
    env: abuseEnv('memory', { RATE_LIMIT_SIGN_UP: '1/3600', ARGON2_CONCURRENCY: '1' }),
  })
  try {
    const signUp = (email: string) =>
      app.inject({
        method: 'POST',
        url: '/users',
        payload: { email, name: 'Metric Person', password: DEFAULT_PASSWORD },
      })
    assert.equal((await signUp('first@example.com')).statusCode, 201)
    assert.equal((await signUp('second@example.com')).statusCode, 429)
    // With the one Argon2 slot held, a sign-in's password check waits in the queue.
    const held = occupyHashing(app, 1)
    const signIn = app.inject({
      method: 'POST',
      url: '/access-tokens',
      payload: { email: 'first@example.com', password: DEFAULT_PASSWORD },
    })
    while (app.core.ops.hashing.queueDepth === 0) await new Promise((resolve) => setImmediate(resolve))
    const text = await scrape(app)
    await held.release()
    assert.equal((await signIn).statusCode, 201)
    assert.equal(sample(text, 'latchkey_rate_limit_rejections_total'), 1)
    assert.equal(sample(text, 'latchkey_argon2_queue_depth'), 1)
  } finally {
    await app.close()
  }
})

it('answers the database gauges from the last scrape for METRICS_GAUGE_SECONDS', async () => {
  const app = await createTestApp({ env: { METRICS_GAUGE_SECONDS: '10' } })
  try {
    const open = sample(await scrape(app), 'latchkey_active_sessions')
    await createAccount(app, { email: 'gauged@example.com' })
    const login = await app.inject({
      method: 'POST',
      url: '/access-tokens',
      payload: { email: 'gauged@example.com', password: DEFAULT_PASSWORD },
    })
    assert.equal(login.statusCode, 201)
    assert.equal(sample(await scrape(app), 'latchkey_active_sessions'), open, 'within 10 s: the last answer')
    app.clock.advance(10)
    assert.equal(sample(await scrape(app), 'latchkey_active_sessions'), (open ?? 0) + 1)
  } finally {
    await app.close()
  }
})
