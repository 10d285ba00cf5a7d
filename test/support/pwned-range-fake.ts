import { createHash, randomBytes } from 'node:crypto'
import { type FakeFailure, type FakeRequest, playFailure, startFakeServer } from './fake-http.ts'

// Have I Been Pwned's Pwned Passwords range API as documented: GET /range/{5 hex} answers
// `SUFFIX:COUNT` lines (35 upper-case hex, CRLF-separated); with `Add-Padding: true` it adds
// lines of count 0 so that every answer has a similar size. Other paths or prefixes → 400.

export interface PwnedRangeFake {
  /** http://127.0.0.1:<port>, the BREACHED_PASSWORDS_URL. */
  readonly url: string
  /** The range requests received, in order. */
  readonly requests: FakeRequest[]
  failure: FakeFailure | undefined
  close(): Promise<void>
}

/** A password that appears in its range's padding only (count 0). */
export const PADDED_PASSWORD = 'Padded-only-1'

const sha1 = (password: string) => createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase()

/** A range server that knows `breached` (password → times seen). */
export async function startPwnedRangeFake(
  breached: Readonly<Record<string, number>>,
): Promise<PwnedRangeFake> {
  const hashes = Object.entries(breached).map(([password, count]) => [sha1(password), count] as const)
  const requests: FakeRequest[] = []
  const fake: PwnedRangeFake = {
    url: '',
    requests,
    failure: undefined,
    close: async () => {},
  }
  const server = await startFakeServer((request, response) => {
    const match = /^\/range\/([0-9A-Fa-f]{5})$/.exec(request.path)
    if (request.method !== 'GET' || match?.[1] === undefined) {
      response
        .writeHead(400, { 'content-type': 'text/plain' })
        .end('The hash prefix was not in a valid format')
      return
    }
    requests.push(request)
    if (playFailure(response, fake.failure)) return
    const prefix = match[1].toUpperCase()
    const lines = hashes
      .filter(([hash]) => hash.startsWith(prefix))
      .map(([hash, count]) => `${hash.slice(5)}:${count}`)
    // A real range holds hundreds of other suffixes; a few stand for them here.
    lines.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:3`)
    if (request.headers['add-padding'] === 'true') {
      for (let i = 0; i < 20; i++)
        lines.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:0`)
      // A padding line may carry any suffix, here that of PADDED_PASSWORD: count 0 is not a breach.
      if (sha1(PADDED_PASSWORD).startsWith(prefix)) lines.push(`${sha1(PADDED_PASSWORD).slice(5)}:0`)
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'))
  })
  return Object.assign(fake, { url: server.url, close: () => server.close() })
}
