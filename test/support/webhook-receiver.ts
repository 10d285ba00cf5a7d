import { createHmac, timingSafeEqual } from 'node:crypto'
import { type FakeRequest, type FakeServer, startFakeServer } from './fake-http.ts'

/** A webhook receiver on a loopback port: answers with the statuses it is given, then 204. */
export interface WebhookReceiver extends FakeServer {
  readonly received: FakeRequest[]
  /** The statuses of the next answers, in order; 'hang' never answers. */
  answerWith(...statuses: (number | 'hang')[]): void
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: FakeRequest[] = []
  const next: (number | 'hang')[] = []
  const server = await startFakeServer((request, response) => {
    received.push(request)
    const status = next.shift() ?? 204
    if (status !== 'hang') response.writeHead(status).end()
  })
  return { ...server, received, answerWith: (...statuses) => next.push(...statuses) }
}

/**
 * A receiver's check, written from the Standard Webhooks spec as docs/webhooks.md tells it (not
 * from Latchkey's code): HMAC-SHA256 under the base64-decoded secret after `whsec_`, over
 * `id.timestamp.body`, compared with each `v1,` signature of the header.
 */
export function verifyStandardWebhook(secret: string, request: FakeRequest): boolean {
  const id = String(request.headers['webhook-id'])
  const timestamp = String(request.headers['webhook-timestamp'])
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(request.body).digest()
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const [version, value] = signature.split(',')
      const given = Buffer.from(value ?? '', 'base64')
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
    })
}
