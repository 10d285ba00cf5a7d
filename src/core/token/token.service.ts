import { AppError } from '../errors.ts'
import type { RevocationList } from '../session/revocation.ts'
import { type Clock, epochSeconds } from '../shared/clock.ts'
import { type Logger, silentLogger } from '../shared/logger.ts'
import { readHeader, signCompact, verifyCompact } from './compact-jws.ts'
import type { KeyRing } from './key-ring.ts'
import { createVerifiedTokenCache } from './verified-token-cache.ts'

/** Who an access token speaks for: only the core's standard claims. */
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
  readonly log?: Logger
}

export type TokenService = ReturnType<typeof createTokenService>

/** RFC 7519 §4.1: `iss` must be ours, `exp` in the future, `nbf` (when present) past, `iat` a number. */
function timesAndIssuerProblem(
  payload: Record<string, unknown>,
  now: number,
  issuer: string,
): string | undefined {
  const { iss, exp, nbf, iat } = payload
  if (iss !== issuer) return 'issuer is not this server'
  if (typeof exp !== 'number' || typeof iat !== 'number') return 'exp or iat missing'
  if (exp <= now) return 'expired'
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now)) return 'not yet valid (nbf)'
  return undefined
}

export function createTokenService({
  clock,
  keyRing,
  revocations,
  issuer,
  log = silentLogger,
}: TokenServiceDeps) {
  // Clients see only invalid_token; the reason goes to the debug log, never the token itself.
  const invalid = (reason: string, details: object = {}) => {
    log.debug({ reason, ...details }, 'access token refused')
    return new AppError('invalid_token')
  }
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
        if (revocations.isRevoked(cached.sessionId))
          throw invalid('session ended', { sessionId: cached.sessionId })
        return cached
      }
      const kid = readHeader(token)?.kid
      if (typeof kid !== 'string') throw invalid('not a JWT with a kid')
      const key = await keyRing.verificationKey(kid)
      if (key === undefined) throw invalid('unknown signing key', { kid })
      const payload = verifyCompact(token, key.algorithm, key.publicKey)
      if (payload === undefined) throw invalid('bad signature or algorithm', { kid })
      const problem = timesAndIssuerProblem(payload, epochSeconds(clock.now()), issuer)
      if (problem !== undefined) throw invalid(problem, { kid })
      // The user is `uid`: `sub` is whatever the issuing surface's clients expect there.
      const { uid, tid, sid, exp } = payload
      if (
        typeof payload.sub !== 'string' ||
        typeof uid !== 'string' ||
        typeof tid !== 'string' ||
        typeof sid !== 'string' ||
        typeof exp !== 'number'
      ) {
        throw invalid('claims sub, uid, tid or sid missing', { kid })
      }
      if (revocations.isRevoked(sid)) throw invalid('session ended', { sessionId: sid })
      const claims = { userId: uid, tenantId: tid, sessionId: sid, expiresAt: new Date(exp * 1000) }
      verified.set(token, claims)
      return claims
    },
  }
}
