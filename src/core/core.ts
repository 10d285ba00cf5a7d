import type { Config } from '../config/config.ts'
import type { Database } from '../db/database.ts'
import type { CounterStore } from './abuse/counter-store.ts'
import { createIdentity } from './core.identity.ts'
import { createKyc } from './core.kyc.ts'
import { createMail } from './core.mail.ts'
import { createOps } from './core.ops.ts'
import { createSessions } from './core.sessions.ts'
import { createCoreShared } from './core.shared.ts'
import { createTenants } from './core.tenants.ts'
import type { RevocationBus } from './session/revocation-bus.ts'
import { createSessionControl } from './session/session-control.service.ts'
import { type Clock, systemClock } from './shared/clock.ts'
import { deriveKey } from './shared/derived-key.ts'
import { type Logger, silentLogger } from './shared/logger.ts'

export { longestAccessTtlSeconds } from './core.shared.ts'

export interface CoreDeps {
  readonly database: Database
  readonly config: Config
  readonly secretKey: string
  readonly issuer: string
  readonly clock?: Clock
  readonly log?: Logger
  /** Announces ended sessions to other instances (Redis or PostgreSQL); none for a lone instance. */
  readonly revocationBus?: RevocationBus
  /** Rate-limit and lockout counters (Redis when instances share them); in memory by default. */
  readonly counterStore?: CounterStore
}

export type Core = ReturnType<typeof createCore>

/**
 * The core in six groups, by the question a caller asks, so that a surface names the part it leans
 * on: `identity` (who someone is, how they prove it), `sessions` (what a sign-in yields),
 * `tenants`, `kyc`, `mail` and `ops` (running the service). Where a member fits none it goes where
 * its data does: bank accounts to kyc, ideas to tenants, the audit log and its webhooks to ops
 * (see each group's factory). The clock, derived keys and the lifecycle stay top-level: every group
 * shares them.
 */
export function createCore({
  database,
  config,
  secretKey,
  issuer,
  clock = systemClock,
  log = silentLogger,
  revocationBus,
  counterStore,
}: CoreDeps) {
  const shared = createCoreShared({ database, config, clock, log, secretKey, issuer, revocationBus })
  const ops = createOps(shared, {
    counterStore,
    // The tenants group is made next; the guard asks only when it judges a request, after createCore.
    lockoutOf: (tenant) => tenants.tenantLockouts.policyOf(tenant),
  })
  const tenants = createTenants(shared, ops)
  const sessions = createSessions(shared, ops.audit)
  const mail = createMail(shared)
  const identity = createIdentity(shared, {
    ops,
    tenants: tenants.tenants,
    sessions: sessions.sessions,
    tokens: sessions.tokens,
    mail,
  })
  const { keyRing, revocations, oidcStore } = sessions

  return {
    clock,
    /** A key for one purpose (e.g. the hosted pages' CSRF tokens), derived from SECRET_KEY. */
    deriveKey: (purpose: string) => deriveKey(secretKey, purpose),
    identity,
    sessions: {
      ...sessions,
      sessionControl: createSessionControl({
        auth: identity.auth,
        sessions: sessions.sessions,
        users: identity.users,
      }),
    },
    tenants,
    kyc: createKyc(shared, ops.audit),
    mail: { mailOutbox: mail.mailOutbox },
    ops,

    /** Loads what the core keeps in memory; call after migrations. */
    async start(): Promise<void> {
      await tenants.tenants.ensureDefaultTenant()
      await keyRing.start()
      await revocations.start()
      oidcStore.start()
    },
    stop(): void {
      keyRing.stop()
      revocations.stop()
      oidcStore.stop()
      void ops.abuse.close()
    },
  }
}
