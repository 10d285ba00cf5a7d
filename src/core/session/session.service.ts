import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError, assertThat } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { hashSecretToken, newId, newSecretToken } from '../shared/random.ts'
import type { RevocationList } from './revocation.ts'
import {
  countOpenSessions,
  endSession,
  endSessionsOfUser,
  findOpenSessionsOfUser,
  findSessionById,
  findSessionByRefreshTokenHash,
  insertSession,
  useSessionByRefreshTokenHash,
} from './session.repository.ts'
import { isSessionUsable, type Session } from './session.ts'

// 50 random bytes (400 bits) as 100 hex characters: the Idea Pool reference's refresh-token shape.
const REFRESH_TOKEN_BYTES = 50

export interface SessionServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly revocations: RevocationList
  readonly audit?: AuditRecorder
}

/** Why sessions end, as the audit log says it. */
export type SessionEndReason =
  | 'logout'
  | 'reissued'
  | 'password_changed'
  | 'password_reset'
  | 'disabled'
  | 'revoked'

export interface StartedSession {
  readonly session: Session
  /** Plaintext, shown to the client once; only its hash is stored. */
  readonly refreshToken: string
}

export type SessionService = ReturnType<typeof createSessionService>

export function createSessionService({ db, clock, revocations, audit = noAuditLog }: SessionServiceDeps) {
  const expiryFrom = (now: Date, ttlSeconds: number | undefined) =>
    ttlSeconds === undefined ? undefined : new Date(now.getTime() + ttlSeconds * 1000)

  return {
    /** Opens a session; `executor` is the transaction to write it in, if any. */
    async start(
      input: {
        tenantId: string
        userId: string
        surface: string
        refreshTtlSeconds?: number
      },
      executor: Db = db,
    ): Promise<StartedSession> {
      const now = clock.now()
      const refreshToken = newSecretToken(REFRESH_TOKEN_BYTES)
      const session: Session = {
        id: newId(),
        tenantId: input.tenantId,
        userId: input.userId,
        surface: input.surface,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: expiryFrom(now, input.refreshTtlSeconds),
        endedAt: undefined,
      }
      await insertSession(executor, session, hashSecretToken(refreshToken))
      return { session, refreshToken }
    },

    /**
     * The session a refresh token belongs to, if it may still be used; unless `slide` is false, its
     * expiry slides forward by `refreshTtlSeconds` from now. The token itself is not rotated.
     * @throws {AppError} invalid_refresh_token
     */
    async useRefreshToken(
      refreshToken: string,
      refreshTtlSeconds: number | undefined,
      slide = true,
    ): Promise<Session> {
      const now = clock.now()
      // A session opened without an expiry (by a surface whose refresh tokens last) takes this
      // policy's lifetime from now, so a surface that reports the remaining lifetime can.
      const session = await useSessionByRefreshTokenHash(
        db,
        hashSecretToken(refreshToken),
        now,
        expiryFrom(now, refreshTtlSeconds),
        slide,
      )
      if (session === undefined) throw new AppError('invalid_refresh_token')
      return session
    },

    /** The session behind a refresh token, without using it; undefined when unknown or ended. */
    async findByRefreshToken(refreshToken: string): Promise<Session | undefined> {
      const session = await findSessionByRefreshTokenHash(db, hashSecretToken(refreshToken))
      return session && isSessionUsable(session, clock.now()) ? session : undefined
    },

    /** The session when it is still open (not ended, not expired); undefined otherwise. */
    async findOpen(sessionId: string): Promise<Session | undefined> {
      const session = await findSessionById(db, sessionId)
      return session && isSessionUsable(session, clock.now()) ? session : undefined
    },

    /** @throws {AppError} invalid_refresh_token when the session is unknown or already ended */
    async get(sessionId: string): Promise<Session> {
      const session = await findSessionById(db, sessionId)
      assertThat(session && session.endedAt === undefined, 'invalid_refresh_token')
      return session
    },

    /**
     * Ends one session: its refresh token stops at once, and so do its access tokens. `actorUserId`:
     * someone else than its owner ended it (an administrator).
     */
    async end(sessionId: string, reason: SessionEndReason, actorUserId?: string): Promise<void> {
      const now = clock.now()
      const owner = await endSession(db, sessionId, now)
      revocations.add(sessionId, now)
      if (owner !== undefined) {
        await audit.record({
          type: 'session.ended',
          tenantId: owner.tenantId,
          actorUserId: actorUserId ?? owner.userId,
          subjectUserId: owner.userId,
          details: { reason, session_id: sessionId, count: 1 },
        })
      }
    },

    /** Ends all of a user's sessions, or all but one (after a password change). */
    async endAllOfUser(
      user: { id: string; tenantId: string },
      reason: SessionEndReason,
      exceptSessionId?: string,
    ): Promise<number> {
      const now = clock.now()
      const ended = await endSessionsOfUser(db, user.id, now, exceptSessionId)
      for (const sessionId of ended) revocations.add(sessionId, now)
      if (ended.length > 0) {
        await audit.record({
          type: 'session.ended',
          tenantId: user.tenantId,
          actorUserId: user.id,
          details: { reason, count: ended.length },
        })
      }
      return ended.length
    },

    /** The user's open sessions, newest first. */
    listOpenOfUser(userId: string): Promise<Session[]> {
      return findOpenSessionsOfUser(db, userId, clock.now())
    },

    /** How many sessions are open now: the active-sessions metric. */
    countOpen(): Promise<number> {
      return countOpenSessions(db, clock.now())
    },
  }
}
