import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How a fake provider misbehaves on its next calls (tests set it, `undefined` restores it). */
export type FakeFailure = 'server_error' | 'no_content' | 'not_json' | 'unauthorized' | 'hang'

export interface FakeRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly body: Buffer
}

export interface FakeServer {
  /** http://127.0.0.1:<port> */
  readonly url: string
  close(): Promise<void>
}

export type FakeHandler = (request: FakeRequest, response: ServerResponse) => void | Promise<void>

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

/** Answers as the failure says; false when there is no failure to play. */
export function playFailure(response: ServerResponse, failure: FakeFailure | undefined): boolean {
  if (failure === undefined) return false
  if (failure === 'hang') return true // never answers: the caller's timeout must end the wait
  if (failure === 'server_error') sendJson(response, 500, { status: 'fail', message: 'Internal error' })
  if (failure === 'no_content') response.writeHead(204).end()
  if (failure === 'not_json')
    response.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>')
  if (failure === 'unauthorized') sendJson(response, 401, { status: 'fail', message: 'Unauthorized' })
  return true
}

/** A real HTTP server on a free loopback port. */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const fake = {
        method: request.method ?? 'GET',
        path: (request.url ?? '/').split('?')[0] ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks),
      }
      Promise.resolve(handler(fake, response)).catch(() => {
        if (!response.headersSent) sendJson(response, 500, { status: 'fail' })
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
