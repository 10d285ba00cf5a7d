import type { Db } from '../../db/database.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import {
  consumeOidcPayload,
  deleteExpiredOidcPayloads,
  deleteOidcPayload,
  deleteOidcPayloadsOfGrant,
  findOidcPayload,
  type StoredPayload,
  upsertOidcPayload,
} from './oidc-payload.repository.ts'

export type OidcPayload = Record<string, unknown>

/** What the provider stores for one tenant, in the shape its adapter interface asks for. */
export interface OidcTenantStore {
  upsert(model: string, id: string, payload: OidcPayload, expiresInSeconds: number | undefined): Promise<void>
  find(model: string, id: string): Promise<OidcPayload | undefined>
  findByUid(model: string, uid: string): Promise<OidcPayload | undefined>
  findByUserCode(model: string, userCode: string): Promise<OidcPayload | undefined>
  consume(model: string, id: string): Promise<void>
  destroy(model: string, id: string): Promise<void>
  revokeByGrantId(grantId: string): Promise<void>
}

export interface OidcStoreDeps {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  /** How often expired rows are deleted. */
  readonly sweepSeconds: number
}

export type OidcStore = ReturnType<typeof createOidcStore>

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

export function createOidcStore({ db, clock, log, sweepSeconds }: OidcStoreDeps) {
  let timer: NodeJS.Timeout | undefined

  // A consumed payload is still found (until it expires), marked, so that the provider can tell a
  // reused authorization code or rotated refresh token and revoke its whole grant.
  const open = (stored: StoredPayload | undefined): OidcPayload | undefined =>
    stored && {
      ...(JSON.parse(stored.payload) as OidcPayload),
      ...(stored.consumedAt && { consumed: Math.floor(stored.consumedAt.getTime() / 1000) }),
    }

  async function sweep(): Promise<number> {
    return deleteExpiredOidcPayloads(db, clock.now())
  }

  return {
    forTenant(tenantId: string): OidcTenantStore {
      return {
        async upsert(model, id, payload, expiresInSeconds) {
          await upsertOidcPayload(db, {
            tenantId,
            model,
            id,
            payload: JSON.stringify(payload),
            grantId: text(payload.grantId),
            uid: text(payload.uid),
            userCode: text(payload.userCode),
            expiresAt:
              expiresInSeconds === undefined
                ? undefined
                : new Date(clock.now().getTime() + expiresInSeconds * 1000),
          })
        },
        find: async (model, id) => open(await findOidcPayload(db, tenantId, model, 'id', id, clock.now())),
        findByUid: async (model, uid) =>
          open(await findOidcPayload(db, tenantId, model, 'uid', uid, clock.now())),
        findByUserCode: async (model, userCode) =>
          open(await findOidcPayload(db, tenantId, model, 'user_code', userCode, clock.now())),
        consume: (model, id) => consumeOidcPayload(db, tenantId, model, id, clock.now()),
        destroy: (model, id) => deleteOidcPayload(db, tenantId, model, id),
        revokeByGrantId: (grantId) => deleteOidcPayloadsOfGrant(db, tenantId, grantId),
      }
    },

    sweep,

    /** Deletes expired rows now and then (every instance may; the deletes do not conflict). */
    start(): void {
      timer = setInterval(() => {
        sweep().catch((error: unknown) => log.error({ err: error }, 'oidc payload sweep failed'))
      }, sweepSeconds * 1000)
      timer.unref()
    },
    stop(): void {
      if (timer !== undefined) clearInterval(timer)
    },
  }
}
