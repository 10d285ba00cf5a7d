import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export const RECAPTCHA_SECRET = 'fake-recaptcha-secret'

/**
 * Google's siteverify endpoint as documented (POST, `secret` and `response`, from the query string
 * or a form body; JSON `{success, score, action, challenge_ts, hostname, error-codes}`), answering by
 * token: `human` scores 0.9, `bot` 0.1, `no-score` passes without a score, `empty` and `garbage`
 * reply with nothing usable; any other token fails with invalid-input-response.
 */
export async function startFakeRecaptcha(): Promise<{ url: string; calls: number; close(): Promise<void> }> {
  const state = { calls: 0 }
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    request.on('end', () => {
      state.calls++
      const query = new URL(request.url ?? '/', 'http://fake').searchParams
      const form = new URLSearchParams(body)
      const secret = query.get('secret') ?? form.get('secret')
      const token = query.get('response') ?? form.get('response')
      const reply = (json: unknown) => {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify(json))
      }
      if (request.method !== 'POST') return reply({ success: false, 'error-codes': ['bad-request'] })
      if (secret !== RECAPTCHA_SECRET)
        return reply({ success: false, 'error-codes': ['invalid-input-secret'] })
      const ok = {
        success: true,
        challenge_ts: new Date().toISOString(),
        hostname: 'app.example',
        action: 'submit',
      }
      if (token === 'human') return reply({ ...ok, score: 0.9 })
      if (token === 'bot') return reply({ ...ok, score: 0.1 })
      if (token === 'no-score') return reply(ok)
      if (token === 'empty') return response.end()
      if (token === 'garbage') return response.end('<html>oops</html>')
      reply({ success: false, 'error-codes': ['invalid-input-response', 'timeout-or-duplicate'] })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/recaptcha/api/siteverify`,
    get calls() {
      return state.calls
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
