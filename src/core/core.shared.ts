import type { Config } from '../config/config.ts'
import type { Database } from '../db/database.ts'
import { createRevocationList, type RevocationList } from './session/revocation.ts'
import type { RevocationBus } from './session/revocation-bus.ts'
import { MAX_CHOSEN_TTL_SECONDS } from './session/session-control.service.ts'
import type { Clock } from './shared/clock.ts'
import type { Logger } from './shared/logger.ts'
import { createSecretBox, type SecretBox } from './shared/secret-box.ts'
import { createKeyRing, type KeyRing } from './token/key-ring.ts'

/** What every group of the core is built from: storage, settings, time, secrets, signing keys. */
export interface CoreShared {
  readonly database: Database
  readonly db: Database['db']
  readonly config: Config
  readonly clock: Clock
  readonly log: Logger
  readonly secretKey: string
  readonly issuer: string
  readonly secretBox: SecretBox
  readonly revocations: RevocationList
  readonly keyRing: KeyRing
}

/**
 * The longest access-token lifetime of any surface (the OIDC provider's JWTs and ID tokens too),
 * including the lifetime an authheader caller may choose: how long ends and retired keys are remembered.
 */
export function longestAccessTtlSeconds(config: Config): number {
  return Math.max(
    config.ideapool.accessTtlSeconds,
    config.authheader.accessTtlSeconds,
    config.users.accessTtlSeconds,
    config.ampnet.accessTtlSeconds,
    config.oidc.accessTtlSeconds,
    config.oidc.idTokenTtlSeconds,
    MAX_CHOSEN_TTL_SECONDS,
  )
}

// Arbitrary constant naming the lock under which instances make the first signing key.
const SIGNING_KEY_LOCK = 727_105_234

export function createCoreShared(input: {
  database: Database
  config: Config
  clock: Clock
  log: Logger
  secretKey: string
  issuer: string
  revocationBus: RevocationBus | undefined
}): CoreShared {
  const { database, config, clock, log, secretKey, issuer, revocationBus } = input
  const { db } = database
  const horizonSeconds = longestAccessTtlSeconds(config)
  const secretBox = createSecretBox(secretKey)
  return {
    database,
    db,
    config,
    clock,
    log,
    secretKey,
    issuer,
    secretBox,
    revocations: createRevocationList({
      db,
      clock,
      log,
      horizonSeconds,
      syncSeconds: config.tokens.revocationSyncSeconds,
      ...(revocationBus && { bus: revocationBus }),
    }),
    keyRing: createKeyRing({
      db,
      exclusively: (work) => database.exclusively(SIGNING_KEY_LOCK, work),
      clock,
      log,
      secretBox,
      algorithm: config.tokens.algorithm,
      rotationDays: config.tokens.keyRotationDays,
      publishSeconds: config.tokens.keyPublishSeconds,
      horizonSeconds,
    }),
  }
}
