import { AppError } from '../errors.ts'
import type { RevocationList } from '../session/revocation.ts'
import { type Clock, epochSeconds } from '../shared/clock.ts'
import { readHeader, signCompact, verifyCompact } from './compact-jws.ts'
import type { KeyRing } from './key-ring.ts'
import { createVerifiedTokenCache } from './verified-token-cache.ts'

/** Who an access token speaks for: only the core's standard claims (specs README, point 12). */
export interface AccessClaims {
  readonly userId: string
  readonly tenantId: string
  readonly sessionId: string
  readonly expiresAt: Date
}

export interface IssueInput {
  readonly userId: string
  readonly tenantId: string
  readonly sessionId: string
  readonly ttlSeconds: number
  /** `sub` when a surface's clients expect something else than the user id there (AMPnet: the email). */
  readonly subject?: string
  /** A surface's own extra claims (e.g. Idea Pool's `email`, `name`); never read back. */
  readonly extraClaims?: Readonly<Record<string, unknown>>
}

export interface TokenServiceDeps {
  readonly clock: Clock
  readonly keyRing: KeyRing
  readonly revocations: RevocationList
  readonly issuer: string
}

export type TokenService = ReturnType<typeof createTokenService>

/** RFC 7519 §4.1: `iss` must be ours, `exp` in the future, `nbf` (when present) past, `iat` a number. */
function hasValidTimesAndIssuer(payload: Record<string, unknown>, now: number, issuer: string): boolean {
  const { iss, exp, nbf, iat } = payload
  return (
    iss === issuer &&
    typeof exp === 'number' &&
    exp > now &&
    typeof iat === 'number' &&
    (nbf === undefined || (typeof nbf === 'number' && nbf <= now))
  )
}

export function createTokenService({ clock, keyRing, revocations, issuer }: TokenServiceDeps) {
  const invalid = (cause?: unknown) => new AppError('invalid_token', {}, { cause })
  // Bounded: about 1 KB an entry; a client's token is met again on each of its requests.
  const verified = createVerifiedTokenCache(10_000)

  return {
    issue(input: IssueInput): string {
      const { key, privateKey } = keyRing.signer()
      const now = epochSeconds(clock.now())
      return signCompact(
        { alg: key.algorithm, kid: key.id, typ: 'JWT' },
        {
          ...input.extraClaims,
          uid: input.userId,
          tid: input.tenantId,
          sid: input.sessionId,
          sub: input.subject ?? input.userId,
          iss: issuer,
          iat: now,
          exp: now + input.ttlSeconds,
        },
        privateKey,
      )
    },

    /**
     * Checks signature (only our asymmetric keys, found by `kid`), issuer, expiry and that the
     * session has not ended. @throws {AppError} invalid_token
     */
    async verify(token: string): Promise<AccessClaims> {
      const cached = verified.get(token, clock.now())
      if (cached !== undefined) {
        if (revocations.isRevoked(cached.sessionId)) throw invalid()
        return cached
      }
      const kid = readHeader(token)?.kid
      const key = typeof kid === 'string' ? await keyRing.verificationKey(kid) : undefined
      const payload = key && verifyCompact(token, key.algorithm, key.publicKey)
      if (payload === undefined || !hasValidTimesAndIssuer(payload, epochSeconds(clock.now()), issuer))
        throw invalid()
      // The user is `uid`: `sub` is whatever the issuing surface's clients expect there.
      const { uid, tid, sid, exp } = payload
      if (
        typeof payload.sub !== 'string' ||
        typeof uid !== 'string' ||
        typeof tid !== 'string' ||
        typeof sid !== 'string' ||
        typeof exp !== 'number'
      ) {
        throw invalid()
      }
      if (revocations.isRevoked(sid)) throw invalid()
      const claims = { userId: uid, tenantId: tid, sessionId: sid, expiresAt: new Date(exp * 1000) }
      verified.set(token, claims)
      return claims
    },
  }
}
