import type { Db } from '../../db/database.ts'
import type { ApiKeyService, ApiKeySummary } from '../api-key/api-key.service.ts'
import { AppError } from '../errors.ts'
import type { SessionService } from '../session/session.service.ts'
import type { Session } from '../session/session.ts'
import { findUserById } from './user.repository.ts'
import type { User } from './user.ts'
import type { UserOperator } from './user-operator.service.ts'

export interface UserModerationDeps {
  readonly db: Db
  readonly operator: UserOperator
  readonly sessions: SessionService
  readonly apiKeys: ApiKeyService
}

/** One user of the tenant that an administrator acts on. */
export interface ModeratedUser {
  readonly tenantId: string
  readonly userId: string
}

export type UserModeration = ReturnType<typeof createUserModeration>

/**
 * What a coop's administrator does to the coop's accounts (the console): disable, enable, see and
 * end sessions. Changes follow the role and erasure rules: only the coop's ADMIN makes them (a
 * PLATFORM_MANAGER holds PWA_PROFILE too, but could then disable the ADMIN), never to themselves.
 */
export function createUserModeration({ db, operator, sessions, apiKeys }: UserModerationDeps) {
  /** @throws {AppError} forbidden, user_not_found */
  async function authorise(callerId: string, input: ModeratedUser): Promise<User> {
    const caller = await findUserById(db, callerId)
    if (caller?.tenantId !== input.tenantId || caller.role !== 'ADMIN') throw new AppError('forbidden')
    if (callerId === input.userId) throw new AppError('forbidden')
    const user = await findUserById(db, input.userId)
    if (user === undefined || user.tenantId !== input.tenantId) throw new AppError('user_not_found')
    return user
  }

  return {
    /**
     * Disables the account and ends every session; returns how many ended.
     * @throws {AppError} forbidden, user_not_found
     */
    async disableAs(callerId: string, input: ModeratedUser): Promise<number> {
      const user = await authorise(callerId, input)
      return operator.disable(user.id, callerId)
    },

    /**
     * Lifts a disable; false when the user was not disabled.
     * @throws {AppError} forbidden, user_not_found
     */
    async enableAs(callerId: string, input: ModeratedUser): Promise<boolean> {
      const user = await authorise(callerId, input)
      return operator.enable(user.id, callerId)
    },

    /** The open sessions of a user of the tenant (none for a user of another tenant). */
    async sessionsOf(input: ModeratedUser): Promise<Session[]> {
      const user = await findUserById(db, input.userId)
      if (user === undefined || user.tenantId !== input.tenantId) return []
      return sessions.listOpenOfUser(user.id)
    },

    /** The API keys of a user of the tenant, without their values (none for another tenant's). */
    async apiKeysOf(input: ModeratedUser): Promise<ApiKeySummary[]> {
      const user = await findUserById(db, input.userId)
      if (user === undefined || user.tenantId !== input.tenantId) return []
      return apiKeys.describe(user.id)
    },

    /**
     * Revokes one of the user's API keys (audited with the caller as actor).
     * @throws {AppError} forbidden, user_not_found, api_key_not_found
     */
    async revokeApiKeyAs(callerId: string, input: ModeratedUser & { keyId: string }): Promise<void> {
      const user = await authorise(callerId, input)
      await apiKeys.revokeById(user.id, input.keyId, callerId)
    },

    /**
     * Ends one of the user's sessions (audited with the caller as actor). An unknown session, or one
     * of another user, is `invalid_refresh_token` (the core's code for an unknown or ended session).
     * @throws {AppError} forbidden, user_not_found, invalid_refresh_token
     */
    async endSessionAs(callerId: string, input: ModeratedUser & { sessionId: string }): Promise<void> {
      const user = await authorise(callerId, input)
      const open = await sessions.listOpenOfUser(user.id)
      if (!open.some((session) => session.id === input.sessionId)) throw new AppError('invalid_refresh_token')
      await sessions.end(input.sessionId, 'revoked', callerId)
    },
  }
}
