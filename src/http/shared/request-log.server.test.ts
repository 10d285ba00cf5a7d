import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import type { Config } from '../../config/config.ts'
import { buildServer } from '../../server.ts'

type Line = Record<string, unknown>

/** A server on the test app's core whose log lines land in `lines`. */
async function loggingServer(app: TestApp, level: Config['log']['level']) {
  const lines: Line[] = []
  const server = await buildServer({
    core: app.core,
    config: { ...app.config, log: { level } },
    isReady: async () => true,
    logStream: { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
  })
  return { server, lines }
}

const completed = (lines: readonly Line[]) => lines.filter((line) => line.msg === 'request completed')

forEachDatabase('request log', (dialect) => {
  let app: TestApp
  let userId: string
  before(async () => {
    app = await createTestApp({ dialect })
    userId = (await createAccount(app, { email: 'logged@example.com' })).id
  })
  after(() => app.close())

  it('writes one JSON line per request with request id, route, status, duration, tenant and user', async () => {
    const { server, lines } = await loggingServer(app, 'info')
    try {
      const login = await server.inject({
        method: 'POST',
        url: '/users/login',
        payload: { email: 'logged@example.com', password: DEFAULT_PASSWORD },
      })
      const { uid, token } = login.json() as { uid: string; token: string }
      const me = await server.inject({
        url: `/users/me?token=${token}`,
        headers: { 'x-request-id': 'ignored' },
      })
      assert.equal(me.statusCode, 200)
      const [loginLine, meLine] = completed(lines)
      assert.equal(completed(lines).length, 2)
      assert.equal(loginLine?.route, '/users/login')
      assert.equal(loginLine?.userId, undefined, 'no caller is known before sign-in')
      assert.equal(meLine?.level, 30)
      assert.equal(meLine?.method, 'GET')
      assert.equal(meLine?.route, '/users/me')
      assert.equal(meLine?.url, '/users/me?token=[Redacted]')
      assert.equal(meLine?.status, 200)
      assert.equal(typeof meLine?.durationMs, 'number')
      assert.equal(typeof meLine?.reqId, 'string')
      assert.notEqual(meLine?.reqId, loginLine?.reqId)
      assert.equal(meLine?.userId, uid)
      assert.equal(meLine?.tenantId, app.core.tenants.tenants.defaultTenant().id)
      assert.ok(!JSON.stringify(lines).includes(token), 'the token is never logged')
      assert.ok(!JSON.stringify(lines).includes(DEFAULT_PASSWORD), 'the password is never logged')
    } finally {
      await server.close()
    }
  })

  it('names the caller of an AMPnet and an API-key request, and the route of an unknown path', async () => {
    const { server, lines } = await loggingServer(app, 'info')
    try {
      const signedIn = await server.inject({
        method: 'POST',
        url: '/user/login',
        payload: { username: 'logged@example.com', password: DEFAULT_PASSWORD },
      })
      const jwt = (signedIn.json() as { Token: string }).Token
      const key = (
        await server.inject({
          method: 'POST',
          url: '/authheader/add',
          headers: { authorization: jwt },
          payload: { name: 'k' },
        })
      ).json() as { token: string }
      assert.equal(
        (await server.inject({ url: '/test/secure', headers: { 'x-authorization': key.token } })).statusCode,
        200,
      )
      assert.equal(
        (await server.inject({ url: '/me', headers: { authorization: `Bearer ${jwt}` } })).statusCode,
        200,
      )
      assert.equal((await server.inject({ url: '/nowhere' })).statusCode, 404)
      const [, , probe, me, nowhere] = completed(lines)
      assert.deepEqual([probe?.route, probe?.userId], ['/test/secure', userId])
      assert.deepEqual([me?.route, me?.userId, me?.status], ['/me', userId, 200])
      assert.deepEqual([nowhere?.route, nowhere?.userId, nowhere?.status], ['(unmatched)', undefined, 404])
      assert.ok(!JSON.stringify(lines).includes(key.token), 'the API key is never logged')
    } finally {
      await server.close()
    }
  })
})

it('redacts credential headers and body fields wherever a line carries them', async () => {
  const app = await createTestApp()
  const { server, lines } = await loggingServer(app, 'info')
  try {
    server.log.info(
      {
        request: {
          headers: { authorization: 'Bearer a', cookie: 'sid=b', 'x-authorization': 'c', accept: '*/*' },
        },
        body: {
          email: 'kept@example.com',
          password: 'd',
          refresh_token: 'e',
          new_password: 'f',
          text: 'g',
          credentials: { email: 'x', password: 'k' },
        },
        headers: { 'x-access-token': 'h', 'set-cookie': 'i', 'secret-key': 'j' },
      },
      'probe',
    )
    const line = lines.find((candidate) => candidate.msg === 'probe')
    assert.deepEqual(line?.request, {
      headers: {
        authorization: '[Redacted]',
        cookie: '[Redacted]',
        'x-authorization': '[Redacted]',
        accept: '*/*',
      },
    })
    assert.deepEqual(line?.body, {
      email: 'kept@example.com',
      password: '[Redacted]',
      refresh_token: '[Redacted]',
      new_password: '[Redacted]',
      text: '[Redacted]',
      credentials: { email: 'x', password: '[Redacted]' },
    })
    assert.deepEqual(line?.headers, {
      'x-access-token': '[Redacted]',
      'set-cookie': '[Redacted]',
      'secret-key': '[Redacted]',
    })
  } finally {
    await server.close()
    await app.close()
  }
})

it('respects LOG_LEVEL: at warn, no request lines', async () => {
  const app = await createTestApp()
  const { server, lines } = await loggingServer(app, 'warn')
  try {
    assert.equal((await server.inject({ url: '/health' })).statusCode, 200)
    server.log.warn('a warning')
    assert.deepEqual(
      lines.map((line) => line.msg),
      ['a warning'],
    )
  } finally {
    await server.close()
    await app.close()
  }
})
