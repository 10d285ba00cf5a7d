import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { everyRateLimit } from '../../src/config/config.ts'
import { createPostgresSchema, type PostgresSchema } from '../support/databases.ts'
import { type LatchkeyProcess, startLatchkeyProcess } from '../support/latchkey-process.ts'
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts'

const databaseUrl = process.env.TEST_DATABASE_URL
const redisUrl = process.env.TEST_REDIS_URL

async function send(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

// Two real Latchkey processes behind no load balancer, on one PostgreSQL schema and one Redis.
describe('two instances on PostgreSQL and Redis', { skip: !databaseUrl || !redisUrl }, () => {
  let schema: PostgresSchema
  let sink: SmtpSink
  let a: LatchkeyProcess
  let b: LatchkeyProcess
  const dataDirs: string[] = []

  // Limits on and shared through Redis; out of reach but for webhooks and the lockout, which the
  // sharing test drives (the other tests sign up 50 times from one address).
  const sharedLimits = {
    ...everyRateLimit('100000/60'),
    RATE_LIMITS_ENABLED: 'true',
    RATE_LIMIT_WEBHOOK: '4/60',
    LOCKOUT_THRESHOLD: '4',
    RATE_LIMIT_REDIS_PREFIX: `latchkey-test:${randomBytes(6).toString('hex')}:`,
  }

  before(async () => {
    schema = await createPostgresSchema()
    sink = await startSmtpSink()
    const env = (name: string) => {
      const dataDir = mkdtempSync(join(tmpdir(), `latchkey-${name}-`))
      dataDirs.push(dataDir)
      return {
        DATA_DIR: dataDir,
        DATABASE_URL: schema.url,
        DATABASE_POOL_SIZE: '4',
        REDIS_URL: redisUrl ?? '',
        SECRET_KEY: 'multi-instance-secret-key-0123456789abcdef',
        SMTP_URL: sink.url,
        MAIL_BASE_URL: 'https://app.example',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_ITERATIONS: '1',
        PUBLIC_URL: 'http://latchkey.test',
        LOG_LEVEL: 'warn',
        ...sharedLimits,
      }
    }
    // Started together: the migration lock and the key ring must cope with a simultaneous start.
    ;[a, b] = await Promise.all([startLatchkeyProcess(env('a')), startLatchkeyProcess(env('b'))])
  })

  after(async () => {
    for (const instance of [a, b]) instance?.child.kill('SIGKILL')
    await sink?.close()
    await schema?.drop()
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
  })

  it('accepts on B a token issued by A, and refuses it on B within a second of logout on A', async () => {
    const signUp = await send(`${a.url}/users`, 'POST', {
      email: 'both@example.com',
      name: 'Both',
      password: 'the-Secret-123',
    })
    assert.equal(signUp.status, 201)
    const token = { 'x-access-token': signUp.body.jwt }
    assert.equal((await send(`${b.url}/me`, 'GET', undefined, token)).status, 200)

    const logout = await send(
      `${a.url}/access-tokens`,
      'DELETE',
      { refresh_token: signUp.body.refresh_token },
      token,
    )
    assert.equal(logout.status, 204)
    const endedAt = Date.now()
    let status = 200
    while (status === 200 && Date.now() - endedAt < 1000)
      status = (await send(`${b.url}/me`, 'GET', undefined, token)).status
    assert.equal(status, 401, 'refused on B within one second')
  })

  it('creates exactly one user from 50 concurrent duplicate sign-ups split across A and B', async () => {
    const attempts = Array.from({ length: 50 }, (_, i) =>
      send(`${i % 2 === 0 ? a.url : b.url}/users`, 'POST', {
        email: 'Race@Example.com',
        name: 'Race',
        password: 'the-Secret-123',
      }),
    )
    const statuses = (await Promise.all(attempts)).map((response) => response.status)
    assert.equal(statuses.filter((status) => status === 201).length, 1)
    assert.equal(statuses.filter((status) => status === 422).length, 49)
    const client = new pg.Client({ connectionString: schema.url })
    await client.connect()
    const { rows } = await client.query(
      "select count(*)::int as n from users where email_normalized = 'race@example.com'",
    )
    await client.end()
    assert.equal(rows[0].n, 1)
  })

  it('drains one mail outbox from both instances with no mail sent twice', async () => {
    const before = sink.mails.length
    const signUps = Array.from({ length: 20 }, (_, i) =>
      send(`${i % 2 === 0 ? a.url : b.url}/signup`, 'POST', {
        signup_method: 'EMAIL',
        user_info: { email: `mail-${i}@example.com`, password: 'abcdefgh' },
      }),
    )
    assert.deepEqual(
      (await Promise.all(signUps)).map((response) => response.status),
      Array(20).fill(200),
    )
    const mails = (await sink.waitFor(before + 20, 15_000)).slice(before)
    await new Promise((resolve) => setTimeout(resolve, 500)) // a duplicate would arrive now
    const recipients = sink.mails.slice(before).map((mail) => mail.to)
    assert.equal(recipients.length, 20, 'no duplicates')
    assert.equal(new Set(mails.map((mail) => mail.to)).size, 20)
  })

  it('shares rate limits and lockouts: hits split across A and B reach the limit together', async () => {
    const webhook = (instance: LatchkeyProcess) =>
      fetch(`${instance.url}/veriff/webhook/decision`, { method: 'POST', body: '{}' })
    for (const instance of [a, b, a, b]) assert.equal((await webhook(instance)).status, 400)
    for (const instance of [a, b]) {
      const refused = await webhook(instance)
      assert.equal(refused.status, 429)
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/)
      assert.equal(((await refused.json()) as { status: number }).status, 429)
    }

    const credentials = { email: 'shared-lock@example.com', password: 'the-Secret-123' }
    assert.equal((await send(`${a.url}/users`, 'POST', { ...credentials, name: 'Lock' })).status, 201)
    for (const instance of [a, b, a, b]) {
      const failed = await send(`${instance.url}/access-tokens`, 'POST', {
        ...credentials,
        password: 'wrong',
      })
      assert.equal(failed.status, 401)
    }
    for (const instance of [a, b]) {
      const locked = await send(`${instance.url}/access-tokens`, 'POST', credentials)
      assert.equal(locked.status, 429)
      assert.match(locked.body.reason, /^Too many requests, try again in \d+ seconds$/)
    }
  })
})
