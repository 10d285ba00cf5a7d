import { decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT } from 'jose'
import { AppError } from '../errors.ts'
import type { RevocationList } from '../session/revocation.ts'
import { type Clock, epochSeconds } from '../shared/clock.ts'
import type { KeyRing } from './key-ring.ts'
import type { SigningAlgorithm } from './signing-key.ts'
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

const ALGORITHMS: SigningAlgorithm[] = ['ES256', 'RS256', 'EdDSA']

export type TokenService = ReturnType<typeof createTokenService>

export function createTokenService({ clock, keyRing, revocations, issuer }: TokenServiceDeps) {
  const invalid = (cause?: unknown) => new AppError('invalid_token', {}, { cause })
  // Bounded: about 1 KB an entry; a client's token is met again on each of its requests.
  const verified = createVerifiedTokenCache(10_000)

  return {
    async issue(input: IssueInput): Promise<string> {
      const { key, privateKey } = keyRing.signer()
      const now = epochSeconds(clock.now())
      return new SignJWT({
        ...input.extraClaims,
        uid: input.userId,
        tid: input.tenantId,
        sid: input.sessionId,
      })
        .setProtectedHeader({ alg: key.algorithm, kid: key.id, typ: 'JWT' })
        .setSubject(input.subject ?? input.userId)
        .setIssuer(issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + input.ttlSeconds)
        .sign(privateKey)
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
      let payload: JWTPayload
      try {
        const { kid } = decodeProtectedHeader(token)
        const key = typeof kid === 'string' ? await keyRing.verificationKey(kid) : undefined
        if (key === undefined) throw invalid()
        const result = await jwtVerify(token, key.publicKey, {
          algorithms: ALGORITHMS.filter((alg) => alg === key.algorithm),
          issuer,
          currentDate: clock.now(),
          requiredClaims: ['sub', 'uid', 'exp', 'iat'],
        })
        payload = result.payload
      } catch (error) {
        throw error instanceof AppError ? error : invalid(error)
      }
      // The user is `uid`: `sub` is whatever the issuing surface's clients expect there.
      const { uid, tid, sid, exp } = payload
      if (
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
