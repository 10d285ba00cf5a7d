/**
 * Carries "this session ended" from the instance that ended it to every other instance, so that
 * each one's in-memory revocation list refuses the session's tokens within moments. Delivery is
 * best effort; the periodic database sync of the revocation list bounds what a lost message costs.
 */
export interface RevocationBus {
  publish(sessionId: string, endedAt: Date): Promise<void>
  subscribe(onEnded: (sessionId: string, endedAt: Date) => void): Promise<void>
  close(): Promise<void>
}

export const REVOCATION_CHANNEL = 'latchkey_sessions_ended'

export function encodeRevocation(sessionId: string, endedAt: Date): string {
  return JSON.stringify({ sid: sessionId, at: endedAt.getTime() })
}

export function decodeRevocation(message: string): { sessionId: string; endedAt: Date } | undefined {
  try {
    const { sid, at } = JSON.parse(message) as { sid?: unknown; at?: unknown }
    return typeof sid === 'string' && typeof at === 'number'
      ? { sessionId: sid, endedAt: new Date(at) }
      : undefined
  } catch {
    return undefined
  }
}
