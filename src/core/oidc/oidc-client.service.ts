import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { validationError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { newId, newSecretToken } from '../shared/random.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import {
  deleteOidcClient,
  findOidcClient,
  insertOidcClient,
  listOidcClients,
  type StoredOidcClient,
} from './oidc-client.repository.ts'
import type { NewOidcClient, OidcClient, OidcClientWithSecret } from './oidc-client.ts'
import { oidcClientProblems } from './oidc-client.ts'

export interface OidcClientServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly secretBox: SecretBox
  readonly audit?: AuditRecorder
}

export type OidcClientService = ReturnType<typeof createOidcClientService>

function withoutSecret({ secretSealed: _, ...client }: StoredOidcClient): OidcClient {
  return client
}

/**
 * The applications registered with the OpenID Connect provider. The provider compares the client
 * secret in plain (and could sign with it), so it cannot be stored as a hash: it is sealed with the
 * master key, as API keys are.
 */
export function createOidcClientService({ db, clock, secretBox, audit = noAuditLog }: OidcClientServiceDeps) {
  return {
    /**
     * Registers a client; the secret (none for a public client) is shown only in this answer.
     * @throws {AppError} validation_failed
     */
    async create(input: NewOidcClient): Promise<{ client: OidcClient; secret: string | undefined }> {
      const problems = oidcClientProblems(input)
      if (problems.length > 0) throw validationError(problems)
      const secret = input.isPublic ? undefined : newSecretToken(32)
      const client: StoredOidcClient = {
        ...input,
        name: input.name.trim(),
        skipConsent: input.skipConsent ?? false,
        id: newId(),
        createdAt: clock.now(),
        secretSealed: secret === undefined ? undefined : secretBox.seal(secret),
      }
      await insertOidcClient(db, client)
      await audit.record({
        type: 'oidc_client.created',
        tenantId: client.tenantId,
        actorUserId: undefined,
        details: { client_id: client.id },
      })
      return { client: withoutSecret(client), secret }
    },

    list: async (tenantId: string): Promise<OidcClient[]> =>
      (await listOidcClients(db, tenantId)).map(withoutSecret),

    /** The client with its secret opened, for the provider only. */
    async findWithSecret(tenantId: string, clientId: string): Promise<OidcClientWithSecret | undefined> {
      const stored = await findOidcClient(db, tenantId, clientId)
      if (stored === undefined) return undefined
      const secret = stored.secretSealed === undefined ? undefined : secretBox.open(stored.secretSealed)
      return { ...withoutSecret(stored), secret }
    },

    /** Deletes the client: its tokens stop working, since the provider no longer finds it. */
    async delete(tenantId: string, clientId: string): Promise<boolean> {
      const deleted = await deleteOidcClient(db, tenantId, clientId)
      if (deleted)
        await audit.record({
          type: 'oidc_client.deleted',
          tenantId,
          actorUserId: undefined,
          details: { client_id: clientId },
        })
      return deleted
    },
  }
}
