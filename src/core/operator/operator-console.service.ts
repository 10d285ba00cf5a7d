import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import type { AuditDetails, AuditEventInput, AuditEventType } from '../audit/audit.ts'
import type { Clock } from '../shared/clock.ts'
import { hashSecretToken, newId, newSecretToken } from '../shared/random.ts'
import type { KeyRing } from '../token/key-ring.ts'
import {
  endOperatorSession,
  findOpenOperatorSession,
  insertOperatorSignInLink,
  openOperatorSession,
} from './operator.repository.ts'

export interface OperatorConsoleDeps {
  readonly db: Db
  readonly clock: Clock
  /** The signing keys an operator lists and rotates, as `latchkey keys` does. */
  readonly keyRing: Pick<KeyRing, 'list' | 'rotate'>
  readonly audit?: AuditRecorder
  /** How long a printed link may be used (once). */
  readonly linkSeconds?: number
  /** How long the console session it opens lasts (not sliding), as a coop administrator's. */
  readonly sessionSeconds?: number
}

export const OPERATOR_LINK_SECONDS = 10 * 60
export const OPERATOR_SESSION_SECONDS = 8 * 3600

/** An operator's console session: the token goes in the cookie, only its hash is stored. */
export interface OperatorSession {
  readonly id: string
  readonly token: string
  readonly expiresAt: Date
}

/** An operator acts in no coop and is no user: their events have neither a tenant nor an actor. */
function operatorEvent(type: AuditEventType, details: AuditDetails): AuditEventInput {
  return { type, tenantId: undefined, actorUserId: undefined, details }
}

export type OperatorConsole = ReturnType<typeof createOperatorConsole>

/**
 * The console's operators: whoever may run the CLI on the server. They are not users of any coop:
 * `latchkey console sign-in-link` prints a link, and redeeming it (once, soon) opens a session.
 */
export function createOperatorConsole({
  db,
  clock,
  keyRing,
  audit = noAuditLog,
  linkSeconds = OPERATOR_LINK_SECONDS,
  sessionSeconds = OPERATOR_SESSION_SECONDS,
}: OperatorConsoleDeps) {
  return {
    sessionSeconds,

    /** A new sign-in link's token (shown once, to the operator at the CLI) and when it expires. */
    async createSignInLink(): Promise<{ token: string; expiresAt: Date }> {
      const token = newSecretToken(32)
      const now = clock.now()
      const expiresAt = new Date(now.getTime() + linkSeconds * 1000)
      await insertOperatorSignInLink(db, {
        id: newId(),
        tokenHash: hashSecretToken(token),
        createdAt: now,
        expiresAt,
      })
      return { token, expiresAt }
    },

    /**
     * Uses a link up and opens an operator session; undefined for an unknown, used or expired link.
     * One conditional update: of two redeemers at once, only one gets a session.
     */
    async redeem(token: string): Promise<OperatorSession | undefined> {
      const now = clock.now()
      return db.transaction().execute(async (trx) => {
        const session = {
          id: newId(),
          token: newSecretToken(32),
          expiresAt: new Date(now.getTime() + sessionSeconds * 1000),
        }
        const stored = {
          id: session.id,
          tokenHash: hashSecretToken(session.token),
          createdAt: now,
          expiresAt: session.expiresAt,
        }
        if (!(await openOperatorSession(trx, hashSecretToken(token), stored))) return undefined
        await audit.record(operatorEvent('operator.signed_in', { session_id: session.id }), trx)
        return session
      })
    },

    /** The open session of a cookie's token, if there is one. */
    async sessionOf(token: string): Promise<{ id: string } | undefined> {
      const session = await findOpenOperatorSession(db, hashSecretToken(token))
      return session !== undefined && session.expiresAt > clock.now() ? { id: session.id } : undefined
    },

    /** The signing keys, newest first, with their state (as `latchkey keys list`). */
    signingKeys: () => keyRing.list(),

    /** A new signing key (as `latchkey keys rotate`), audited with the operator's session. */
    async rotateSigningKey(sessionId: string) {
      const key = await keyRing.rotate()
      await audit.record(operatorEvent('signing_key.rotated', { kid: key.id, session_id: sessionId }))
      return key
    },

    endSession: (id: string): Promise<void> => endOperatorSession(db, id, clock.now()),
  }
}
