import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { measure } from '../../bench/load.ts'
import { script } from '../../bench/wrk.ts'

// The generator the bench found (wrk, else autocannon) against a server that counts what it gets.
describe('a load spec with an alternate request', () => {
  const seen = new Map<string, number>()
  let server: Server
  let url: string
  before(async () => {
    server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      request.on('end', () => {
        const key = `${request.method} ${request.url} ${body}`
        seen.set(key, (seen.get(key) ?? 0) + 1)
        response.end('{}')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('sends the main request and the alternate in turn, each with its own method, path and body', async () => {
    const result = await measure({
      url: `${url}/ideas?page=1`,
      headers: { 'x-access-token': 't' },
      alternate: { method: 'PUT', path: '/ideas/abc', body: '{"content":"x"}' },
      connections: 4,
      seconds: 1,
      warmupSeconds: 0,
    })
    const reads = seen.get('GET /ideas?page=1 ') ?? 0
    const edits = seen.get('PUT /ideas/abc {"content":"x"}') ?? 0
    assert.deepEqual([...seen.keys()].sort(), ['GET /ideas?page=1 ', 'PUT /ideas/abc {"content":"x"}'])
    assert.ok(reads > 100, `${reads} reads`)
    // In turn: never more than one request per connection apart (those still in flight at the end).
    assert.ok(Math.abs(reads - edits) <= 4 + 1, `${reads} reads, ${edits} edits`)
    assert.equal(result.non2xx, 0)
  })

  it('refuses numbered bodies and an alternate in one wrk script', () => {
    assert.throws(
      () =>
        script({
          url,
          method: 'POST',
          headers: {},
          bodyTemplate: '{"n":%d}',
          alternate: { method: 'GET', path: '/' },
          connections: 1,
          seconds: 1,
          core: undefined,
        }),
      /not both/,
    )
  })
})
