import { type LookupAddress, lookup } from 'node:dns'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { isNonPublicAddress } from './webhook-url.ts'

export interface WebhookSenderOptions {
  readonly timeoutMs: number
  /** Loopback and private addresses may be called (development, or an operator's choice). */
  readonly allowPrivate: boolean
}

/** POSTs a body; resolves with the receiver's status, rejects when no answer came in time. */
export type WebhookSender = (
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
) => Promise<number>

/**
 * Refuses a name that resolves to a non-public address at the moment of connecting, so that a
 * name which pointed elsewhere when the endpoint was added (DNS rebinding) cannot reach inside.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0)
    if (addresses.length === 0 || addresses.some(({ address }) => isNonPublicAddress(address)))
      return callback(new Error(`${hostname} resolves to a non-public address`), '', 0)
    if (options.all) return callback(null, addresses)
    const [first] = addresses
    return callback(null, first?.address ?? '', first?.family ?? 4)
  })
}

export function createWebhookSender({ timeoutMs, allowPrivate }: WebhookSenderOptions): WebhookSender {
  return (target, headers, body) =>
    new Promise((resolve, reject) => {
      const url = new URL(target)
      const host = url.hostname.replace(/^\[|\]$/g, '')
      if (!allowPrivate && isIP(host) !== 0 && isNonPublicAddress(host))
        return reject(new Error(`${host} is a non-public address`))
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest
      // Redirects are not followed: a 3xx is a failed attempt, and cannot lead inside either.
      const request = send(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Latchkey-Webhooks',
        },
        signal: AbortSignal.timeout(timeoutMs),
        ...(!allowPrivate && { lookup: publicOnlyLookup }),
      })
      request.on('response', (response) => {
        // The answer's body means nothing to us; reading it frees the connection.
        response.resume()
        resolve(response.statusCode ?? 0)
      })
      request.on('error', (error) =>
        reject(error.name === 'AbortError' ? new Error(`no answer within ${timeoutMs} ms`) : error),
      )
      request.end(body)
    })
}
