import type { AbuseGuard } from '../abuse/abuse-guard.ts'
import type { ApiKeyService } from '../api-key/api-key.service.ts'
import { AppError } from '../errors.ts'
import type { TokenService } from '../token/token.service.ts'
import type { UserService } from '../user/user.service.ts'
import { credentialRefusal, type User } from '../user/user.ts'
import type { Actor, ApiKeyActor, Credential, SessionActor } from './actor.ts'

export interface AccessDeps {
  readonly tokens: Pick<TokenService, 'verify'>
  readonly users: Pick<UserService, 'findOfToken'>
  readonly apiKeys: Pick<ApiKeyService, 'authenticate'>
  readonly abuse: Pick<AbuseGuard, 'assertNotBlocked' | 'limit'>
}

export interface AuthenticateOptions {
  /** AMPnet's few calls an unconfirmed user needs (resend the mail, confirm, log out). */
  readonly admitsUnconfirmed?: boolean
}

/**
 * A genuine credential whose user may not act (gone, unconfirmed or disabled). It names the holder
 * so that a surface can log who was refused, and AMPnet can name the missing user in its answer.
 */
export class RefusedHolderError extends AppError {
  readonly holder: { readonly userId: string; readonly tenantId: string }

  constructor(code: 'user_not_found' | 'account_disabled', holder: { userId: string; tenantId: string }) {
    super(code)
    this.name = 'RefusedHolderError'
    this.holder = { userId: holder.userId, tenantId: holder.tenantId }
  }
}

export type AccessService = ReturnType<typeof createAccess>

export function createAccess({ tokens, users, apiKeys, abuse }: AccessDeps) {
  /**
   * The one rule for every credential: the holder's user as the database has them now
   * (credentialRefusal); undefined when gone or in another tenant than the credential's.
   */
  function admitted(
    user: User | undefined,
    holder: { userId: string; tenantId: string },
    options: AuthenticateOptions,
  ): User {
    const refusal = credentialRefusal(user, options.admitsUnconfirmed)
    if (refusal !== undefined || user === undefined) {
      throw new RefusedHolderError(refusal ?? 'user_not_found', holder)
    }
    return user
  }

  async function withAccessToken(token: string, options: AuthenticateOptions): Promise<SessionActor> {
    const claims = await tokens.verify(token)
    const user = admitted(await users.findOfToken(claims), claims, options)
    return { user, tenantId: claims.tenantId, claims, sessionId: claims.sessionId }
  }

  async function withApiKey(key: string, client: string, options: AuthenticateOptions): Promise<ApiKeyActor> {
    // Only failed checks are counted, so a valid key costs no counter; a client over its budget of
    // failures is refused before its key is looked at.
    abuse.assertNotBlocked('apiKeyFailures', client)
    const owner = await apiKeys.authenticate(key).catch(async (error: unknown) => {
      await abuse.limit('apiKeyFailures', client)
      throw error
    })
    // The owner came with the key, in the key's own query.
    const user = admitted(owner.user.tenantId === owner.tenantId ? owner.user : undefined, owner, options)
    return { user, tenantId: owner.tenantId, apiKey: { id: owner.keyId } }
  }

  return {
    /**
     * Who presents this credential, when they may act now: every surface's authentication.
     * A user gone is `user_not_found`, an unconfirmed or disabled one `account_disabled`, both as
     * RefusedHolderError; an API key's failures count towards the client's `apiKeyFailures` limit.
     * @throws {AppError} invalid_token, invalid_api_key, user_not_found, account_disabled, rate_limited
     */
    authenticate(credential: Credential, options: AuthenticateOptions = {}): Promise<Actor> {
      return credential.kind === 'accessToken'
        ? withAccessToken(credential.token, options)
        : withApiKey(credential.key, credential.client, options)
    },
  }
}
