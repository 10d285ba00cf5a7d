import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto'

// Between a correct password and a correct code, the browser holds a ticket: the stage, the user
// and an expiry, signed with a key of its own and bound to where the sign-in began (the OIDC
// interaction, or the browser's CSRF nonce). It proves the password only: it opens no session, and
// a ticket copied to another browser or interaction is worthless.

export const TICKET_FIELD = 'mfa_ticket'
export const TICKET_SECONDS = 300

/** verify: asks a code; enrol: confirms a new authenticator; done: the second step passed. */
export type TicketStage = 'verify' | 'enrol' | 'done'
const STAGES: readonly string[] = ['verify', 'enrol', 'done']
const isStage = (value: string): value is TicketStage => STAGES.includes(value)

export interface Ticket {
  readonly stage: TicketStage
  readonly userId: string
}

function signatureOf(key: KeyObject, binding: string, payload: string): string {
  return createHmac('sha256', key).update(`mfa ticket v1\u0000${binding}\u0000${payload}`).digest('base64url')
}

export function issueTicket(key: KeyObject, ticket: Ticket, binding: string, now: Date): string {
  const payload = `${ticket.stage}.${ticket.userId}.${now.getTime() + TICKET_SECONDS * 1000}`
  return `${payload}.${signatureOf(key, binding, payload)}`
}

/** The ticket when it is genuine, bound to `binding` and not expired; else undefined. */
export function readTicket(key: KeyObject, value: unknown, binding: string, now: Date): Ticket | undefined {
  if (typeof value !== 'string' || value.length > 300) return undefined
  const parts = value.split('.')
  const [stage, userId, expiresMs, signature] = parts
  if (parts.length !== 4 || stage === undefined || userId === undefined || signature === undefined)
    return undefined
  const payload = `${stage}.${userId}.${expiresMs}`
  const expected = Buffer.from(signatureOf(key, binding, payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  if (!isStage(stage) || !(Number(expiresMs) > now.getTime())) return undefined
  return { stage, userId }
}
