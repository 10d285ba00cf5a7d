import { BoundedMap } from '../shared/bounded-map.ts'
import { epochSeconds } from '../shared/clock.ts'
import type { AccessClaims } from './token.service.ts'

/**
 * Tokens whose signature already checked out, with their claims, so that a client's repeated
 * requests skip the signature verification (the bulk of a token check's cost). Only the signature
 * work is saved: expiry is checked on every hit and revocation by the caller, exactly as for a fresh
 * verification. Bounded; the oldest entries go first.
 */
export interface VerifiedTokenCache {
  get(token: string, now: Date): AccessClaims | undefined
  set(token: string, claims: AccessClaims): void
}

export function createVerifiedTokenCache(maxEntries: number): VerifiedTokenCache {
  const entries = new BoundedMap<string, AccessClaims>(maxEntries)
  return {
    get(token, now) {
      const claims = entries.get(token)
      if (claims === undefined) return undefined
      // The same rule as jose's: a token is dead from the second its `exp` names.
      if (epochSeconds(now) >= epochSeconds(claims.expiresAt)) {
        entries.delete(token)
        return undefined
      }
      return claims
    },
    set(token, claims) {
      entries.set(token, claims)
    },
  }
}
