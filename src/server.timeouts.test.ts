import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../test/support/test-app.ts'
import { ConfigError, loadConfig } from './config/config.ts'

/**
 * A client that sends `head` at once, then one more `drip` every 100 ms, never finishing. Answers
 * what the server sent and whether the server closed the connection; after `giveUpMs` the client
 * closes it itself, so a server without timeouts fails the test instead of hanging it.
 *
 * The server closes with bytes of ours still unread, so the close may arrive as a reset
 * (ECONNRESET) rather than a FIN. Either is the server closing; the client waits for 'close' (which
 * follows 'error' too) rather than `once(socket, 'close')`, which rejects on 'error' and would leave
 * the drip timer keeping the test process alive.
 */
async function slowClient(port: number, head: string, drip: string, giveUpMs = 10_000) {
  const socket = connect(port, '127.0.0.1')
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  let received = ''
  let gaveUp = false
  socket.setEncoding('latin1')
  socket.on('data', (chunk: string) => {
    received += chunk
  })
  socket.on('error', () => {})
  let dripping: NodeJS.Timeout | undefined
  socket.once('connect', () => {
    socket.write(head)
    dripping = setInterval(() => {
      // A client that has its answer stops sending, which also keeps the close a FIN more often.
      if (socket.writable && received === '') socket.write(drip)
    }, 100)
  })
  const giveUp = setTimeout(() => {
    gaveUp = true
    socket.destroy()
  }, giveUpMs)
  await closed
  clearInterval(dripping)
  clearTimeout(giveUp)
  return { statusLine: received.split('\r\n')[0], closedByServer: !gaveUp }
}

describe('request timeouts over a real socket', () => {
  let app: TestApp
  let port: number
  before(async () => {
    app = await createTestApp({ env: { REQUEST_TIMEOUT_SECONDS: '2', HEADERS_TIMEOUT_SECONDS: '1' } })
    await app.server.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.server.address() as { port: number }).port
  })
  after(() => app.close())

  it('answers a request that arrives in time', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health`)
    assert.deepEqual([response.status, await response.json()], [200, { status: 'ok' }])
  })

  it('answers 408 and closes a connection whose body trickles in past REQUEST_TIMEOUT_SECONDS', async () => {
    const head = [
      'POST /users/login HTTP/1.1',
      'Host: latchkey.test',
      'Content-Type: application/json',
      'Content-Length: 10000',
      '',
      '{"email":"',
    ].join('\r\n')
    assert.deepEqual(await slowClient(port, head, 'a'), {
      statusLine: 'HTTP/1.1 408 Request Timeout',
      closedByServer: true,
    })
  })

  it('answers 408 and closes a connection whose headers trickle in past HEADERS_TIMEOUT_SECONDS', async () => {
    const head = 'GET /health HTTP/1.1\r\nHost: latchkey.test\r\n'
    assert.deepEqual(await slowClient(port, head, 'X-Slow: 1\r\n'), {
      statusLine: 'HTTP/1.1 408 Request Timeout',
      closedByServer: true,
    })
  })
})

describe('request timeout settings', () => {
  it('defaults to 30 s for a request, 10 s for its headers, 72 s keep-alive and 120 s idle', () => {
    const { server } = loadConfig({})
    assert.deepEqual(
      [
        server.requestTimeoutSeconds,
        server.headersTimeoutSeconds,
        server.keepAliveTimeoutSeconds,
        server.idleTimeoutSeconds,
      ],
      [30, 10, 72, 120],
    )
  })

  it('refuses a headers timeout longer than the request timeout', () => {
    assert.throws(
      () => loadConfig({ REQUEST_TIMEOUT_SECONDS: '5', HEADERS_TIMEOUT_SECONDS: '6' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.includes(
          'HEADERS_TIMEOUT_SECONDS: must not be longer than REQUEST_TIMEOUT_SECONDS (5)',
        ),
    )
  })
})
