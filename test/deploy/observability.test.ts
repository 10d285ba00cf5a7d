import assert from 'node:assert/strict'
import { connect, createServer, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { abuseEnv } from '../support/abuse.ts'
import { asUser, PASSWORD, signUp } from '../support/ideapool-client.ts'
import { createTestApp, type TestApp } from '../support/test-app.ts'

/** The log lines (JSON) whose msg is `message`. */
const logged = (app: TestApp, message: string) =>
  app.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === message)

const scrape = async (app: TestApp) => (await app.inject({ url: '/metrics' })).body

describe('observability for operators', () => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ env: abuseEnv('memory', { RATE_LIMIT_SIGN_UP: '2/3600' }) })
  })
  after(() => app.close())

  it("serves prom-client's process and Node.js metrics on /metrics, in every server of the process", async () => {
    const other = await createTestApp()
    try {
      for (const text of [await scrape(app), await scrape(other)]) {
        for (const series of [
          'process_cpu_user_seconds_total',
          'process_resident_memory_bytes',
          'process_open_fds',
          'nodejs_eventloop_lag_seconds',
          'nodejs_heap_size_used_bytes',
          'nodejs_version_info',
          'latchkey_rate_limit_store_failures_total 0',
        ]) {
          assert.match(text, new RegExp(`^${series}`, 'm'), series)
        }
      }
    } finally {
      await other.close()
    }
  })

  it('logs at debug why an access token was refused, without the token', async () => {
    const tokens = await signUp(app, 'debug-token@example.com')
    assert.equal(
      (await app.inject({ url: '/me', headers: { 'x-access-token': 'not-a-jwt' } })).statusCode,
      401,
    )
    app.clock.advance(601)
    assert.equal((await app.inject({ url: '/me', headers: asUser(tokens) })).statusCode, 401)
    const reasons = logged(app, 'access token refused').map((line) => line.reason)
    assert.deepEqual(reasons, ['not a JWT with a kid', 'expired'])
    assert.ok(!app.logLines.some((line) => line.includes(tokens.jwt)), 'the token is not logged')
  })

  it('logs at debug which rate limit refused a request', async () => {
    const body = (i: number) => ({ email: `limit-${i}@example.com`, name: 'Limit', password: PASSWORD })
    // One sign-up happened in the test above.
    const statuses = []
    for (const i of [1, 2]) {
      statuses.push((await app.inject({ method: 'POST', url: '/users', payload: body(i) })).statusCode)
    }
    assert.deepEqual(statuses, [201, 429])
    const [line] = logged(app, 'rate limit refused a request')
    assert.equal(line?.category, 'signUp')
    assert.equal(line?.allowed, 2)
    assert.equal(line?.windowSeconds, 3600)
    assert.equal(typeof line?.client, 'string')
  })
})

const redisUrl = process.env.TEST_REDIS_URL

/** A TCP proxy to Redis that the test can cut, as a network failure would. */
async function cuttableProxy(target: URL): Promise<{ url: string; cut(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname)
    sockets.add(client).add(upstream)
    client.pipe(upstream).pipe(client)
    const drop = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const url = new URL(target)
  url.host = `127.0.0.1:${port}`
  return {
    url: url.toString(),
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}

it('fails open when Redis is lost at runtime: requests pass, /ready stays 200, a metric counts them', {
  skip: !redisUrl && 'TEST_REDIS_URL unset',
}, async () => {
  const proxy = await cuttableProxy(new URL(redisUrl ?? ''))
  const app = await createTestApp({ env: { ...abuseEnv('redis'), REDIS_URL: proxy.url } })
  try {
    assert.equal((await app.inject({ url: '/ready' })).statusCode, 200)
    await proxy.cut()
    const response = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { email: 'redis-lost@example.com', name: 'Redis Lost', password: PASSWORD },
    })
    assert.equal(response.statusCode, 201)
    assert.equal((await app.inject({ url: '/ready' })).statusCode, 200)
    assert.match(await scrape(app), /^latchkey_rate_limit_store_failures_total [1-9]/m)
    assert.equal(logged(app, 'rate-limit store failed; requests let through until it is back').length, 1)
  } finally {
    await app.close()
  }
})
