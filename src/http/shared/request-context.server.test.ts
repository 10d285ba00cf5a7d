import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'

// The core's audit takes the IP and user agent from the request's context (request-context.ts), which
// every request enters before its handler (server.ts), whether it has a body or not.

forEachDatabase('the audit’s request context', (dialect) => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ dialect })
    await createAccount(app, { email: 'ctx@example.com', username: 'ctx' })
  })
  after(() => app.close())

  const events = (type: string) =>
    app.database.db
      .selectFrom('audit_events')
      .select(['ip', 'user_agent'])
      .where('type', '=', type)
      .orderBy('id')
      .execute()
  const login = (userAgent: string) =>
    app.inject({
      method: 'POST',
      url: '/user/login',
      headers: { 'user-agent': userAgent },
      payload: { username: 'ctx', password: DEFAULT_PASSWORD },
    })

  it('records a route with a body, and one without, with their own request’s IP and user agent', async () => {
    const token = (await login('ctx-test/body')).json().Token as string
    const logout = await app.inject({
      method: 'GET',
      url: '/user/logout',
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'ctx-test/no-body' },
    })
    assert.equal(logout.statusCode, 200)
    assert.deepEqual((await events('sign_in.succeeded')).at(-1), {
      ip: '127.0.0.1',
      user_agent: 'ctx-test/body',
    })
    assert.deepEqual((await events('session.ended')).at(-1), {
      ip: '127.0.0.1',
      user_agent: 'ctx-test/no-body',
    })
  })

  it('records a body that reaches the socket after its headers with its request’s user agent', async () => {
    // inject() hands over a body at once; over a socket, the body's own read comes later, outside
    // whatever the headers' read entered.
    await app.server.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.server.address()
    assert.ok(address !== null && typeof address === 'object')
    const body = JSON.stringify({ username: 'ctx', password: DEFAULT_PASSWORD })
    const socket = connect(address.port, '127.0.0.1')
    const answered = new Promise<string>((resolve) => {
      let received = ''
      socket.on('data', (chunk) => {
        received += chunk.toString()
        if (received.includes('"Token"')) resolve(received)
      })
    })
    socket.write(
      'POST /user/login HTTP/1.1\r\nHost: localhost\r\nUser-Agent: ctx-test/late-body\r\n' +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    socket.write(body)
    assert.match(await answered, /^HTTP\/1\.1 200/)
    socket.destroy()
    assert.deepEqual((await events('sign_in.succeeded')).at(-1), {
      ip: '127.0.0.1',
      user_agent: 'ctx-test/late-body',
    })
  })

  it('keeps requests in flight at once apart', async () => {
    const agents = Array.from({ length: 6 }, (_, index) => `ctx-test/parallel-${index}`)
    const responses = await Promise.all(agents.map(login))
    assert.deepEqual(
      responses.map((response) => response.statusCode),
      agents.map(() => 200),
    )
    const recorded = (await events('sign_in.succeeded'))
      .slice(-agents.length)
      .map((event) => event.user_agent)
    assert.deepEqual([...recorded].sort(), agents)
  })
})
