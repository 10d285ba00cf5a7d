import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError, validationError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { assertPaging } from '../shared/paging.ts'
import { newId, safeEqual } from '../shared/random.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { credentialRefusal } from '../user/user.ts'
import {
  deleteApiKeyOfUser,
  findApiKeyByHmac,
  findApiKeyPageOfTenant,
  insertApiKey,
  listApiKeysOfUser,
  type StoredApiKey,
} from './api-key.repository.ts'
import {
  type ApiKey,
  type ApiKeyOwner,
  apiKeyNameProblem,
  looksLikeApiKey,
  newApiKeyToken,
} from './api-key.ts'

export interface ApiKeyServiceDeps {
  readonly db: Db
  readonly clock: Clock
  /** Encrypts the key at rest: its owner's list shows it again, so a one-way hash will not do. */
  readonly secretBox: SecretBox
  /** The keyed hash a key is stored and found under (see api-key-digest.ts). */
  readonly digest: (token: string) => string
  readonly audit?: AuditRecorder
}

export interface IssueApiKeyInput {
  readonly tenantId: string
  readonly userId: string
  readonly name: string
  /** undefined: the key never expires. */
  readonly ttlSeconds: number | undefined
}

/** A key as an administrator sees it: never its value. */
export interface ApiKeySummary {
  readonly id: string
  readonly name: string
  readonly createdAt: Date
  readonly expiresAt: Date | undefined
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>

export function createApiKeyService({ db, clock, secretBox, digest, audit = noAuditLog }: ApiKeyServiceDeps) {
  const open = (stored: StoredApiKey): ApiKey => ({
    id: stored.id,
    tenantId: stored.tenantId,
    userId: stored.userId,
    name: stored.name,
    token: secretBox.open(stored.tokenSealed),
    createdAt: stored.createdAt,
    expiresAt: stored.expiresAt,
  })

  /** The audit log leaves the subject out when it is the actor (a user revoking their own key). */
  async function revokeKey(
    userId: string,
    key: Parameters<typeof deleteApiKeyOfUser>[2],
    actorUserId: string,
  ): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const deleted = await deleteApiKeyOfUser(trx, userId, key)
      if (deleted === undefined) throw new AppError('api_key_not_found')
      await audit.record(
        {
          type: 'api_key.revoked',
          tenantId: deleted.tenantId,
          actorUserId,
          subjectUserId: userId,
          details: { key_id: deleted.id },
        },
        trx,
      )
    })
  }

  return {
    /** @throws {AppError} validation_failed when the name is blank or over 128 characters */
    async issue(input: IssueApiKeyInput): Promise<ApiKey> {
      const problem = apiKeyNameProblem(input.name)
      if (problem !== undefined) throw validationError([{ field: 'name', problem }])
      const token = newApiKeyToken()
      const now = clock.now()
      const key: ApiKey = {
        id: newId(),
        tenantId: input.tenantId,
        userId: input.userId,
        name: input.name,
        token,
        createdAt: now,
        expiresAt:
          input.ttlSeconds === undefined ? undefined : new Date(now.getTime() + input.ttlSeconds * 1000),
      }
      await db.transaction().execute(async (trx) => {
        await insertApiKey(trx, { ...key, tokenSealed: secretBox.seal(token), tokenHmac: digest(token) })
        await audit.record(
          {
            type: 'api_key.issued',
            tenantId: key.tenantId,
            actorUserId: key.userId,
            details: { key_id: key.id, name: key.name },
          },
          trx,
        )
      })
      return key
    },

    /** The user's keys, oldest first, with their values (decrypted only for their owner). */
    async list(userId: string): Promise<ApiKey[]> {
      return (await listApiKeysOfUser(db, userId)).map(open)
    },

    /** The user's keys without their values: what an administrator sees. */
    async describe(userId: string): Promise<ApiKeySummary[]> {
      return (await listApiKeysOfUser(db, userId)).map(({ id, name, createdAt, expiresAt }) => ({
        id,
        name,
        createdAt,
        expiresAt,
      }))
    },

    /**
     * One page of every key of the tenant's users, newest first, without values (the console's list).
     * @throws {AppError} validation_failed for a page or size out of range
     */
    async pageOfTenant(tenantId: string, request: { page: number; size: number }) {
      assertPaging(request)
      const { keys, total } = await findApiKeyPageOfTenant(db, tenantId, request)
      return { keys, page: request.page, totalPages: Math.ceil(total / request.size) }
    },

    /**
     * Deletes the user's key with this id for someone else (an administrator, the audit's actor).
     * @throws {AppError} api_key_not_found when it is not one of the user's keys
     */
    revokeById(userId: string, keyId: string, actorUserId: string): Promise<void> {
      return revokeKey(userId, { id: keyId }, actorUserId)
    },

    /**
     * Deletes the user's key with this value; the next request with it is refused.
     * @throws {AppError} api_key_not_found when it is not one of the user's keys
     */
    async revoke(userId: string, token: string): Promise<void> {
      if (!looksLikeApiKey(token)) throw new AppError('api_key_not_found')
      await revokeKey(userId, { token_hmac: digest(token) }, userId)
    },

    /**
     * The owner of a presented key: one indexed look-up by keyed hash, then a constant-time
     * comparison, so that neither the query nor the check reveals how much of a guess was right.
     * @throws {AppError} invalid_api_key when malformed, unknown, revoked or expired; account_disabled
     */
    async authenticate(token: string): Promise<ApiKeyOwner> {
      if (!looksLikeApiKey(token)) throw new AppError('invalid_api_key')
      const tokenHmac = digest(token)
      const found = await findApiKeyByHmac(db, tokenHmac)
      if (found === undefined || !safeEqual(found.key.tokenHmac, tokenHmac))
        throw new AppError('invalid_api_key')
      const stored = found.key
      if (stored.expiresAt !== undefined && stored.expiresAt.getTime() <= clock.now().getTime()) {
        throw new AppError('invalid_api_key')
      }
      // The rule every access token's user passes too (unconfirmed or disabled owners are refused).
      const refusal = credentialRefusal(found.owner)
      if (refusal !== undefined) throw new AppError(refusal)
      return { keyId: stored.id, userId: stored.userId, tenantId: stored.tenantId, user: found.owner }
    },
  }
}
