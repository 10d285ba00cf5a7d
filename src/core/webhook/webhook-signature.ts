import { createHmac, randomBytes } from 'node:crypto'

// Standard Webhooks (standardwebhooks.com): the secret is `whsec_` + base64 of random bytes; the
// signature is HMAC-SHA256 under those bytes of `<webhook-id>.<webhook-timestamp>.<body>`.
const SECRET_PREFIX = 'whsec_'
const SECRET_BYTES = 32

/** A new endpoint secret, in the form receivers' Standard Webhooks libraries take. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`
}

export type SignedHeaders = {
  readonly 'webhook-id': string
  readonly 'webhook-timestamp': string
  readonly 'webhook-signature': string
}

/** The three headers that let a receiver check the body came from us, unaltered and recently. */
export function signWebhook(secret: string, id: string, at: Date, body: string): SignedHeaders {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` }
}
