import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import type { JWK } from 'jose'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../shared/clock.ts'
import { lazyModule } from '../shared/lazy-module.ts'
import type { Logger } from '../shared/logger.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import {
  insertSigningKeyRetiringOthers,
  listLiveSigningKeys,
  type StoredSigningKey,
} from './signing-key.repository.ts'
import type { SigningAlgorithm, SigningKey, SigningKeyState } from './signing-key.ts'

export interface KeyRingDeps {
  readonly db: Db
  readonly clock: Clock
  readonly log: Logger
  readonly secretBox: SecretBox
  readonly algorithm: SigningAlgorithm
  /** 0: never rotate by age. */
  readonly rotationDays: number
  /** The longest access-token lifetime: how long a retired key must stay verifiable. */
  readonly horizonSeconds: number
  /** How long a new key is only published before it signs (JWKS caches must have seen it). */
  readonly publishSeconds: number
  /** Runs work under a lock shared by all instances (see Database.exclusively). */
  readonly exclusively: <T>(work: () => Promise<T>) => Promise<T>
}

export interface KeyRing {
  /** Loads the keys, making the first one (or a fresh one when the current is too old). */
  start(): Promise<void>
  stop(): void
  signer(): { key: SigningKey; privateKey: KeyObject }
  /** The verification key for a `kid`; re-reads the database once for a key another instance made. */
  verificationKey(kid: string): Promise<SigningKey | undefined>
  publicJwks(): JWK[]
  /**
   * The private JWKs of the keys that sign now or will soon, the signing one first: for the OpenID
   * Connect provider in this process only, never to be published or logged.
   */
  privateJwks(): JWK[]
  /** The published keys, newest first, each with its state now. */
  list(): { key: SigningKey; state: SigningKeyState }[]
  /** Makes a new key; it signs after `publishSeconds`, or at once when no key can sign. */
  rotate(): Promise<SigningKey>
}

// At most one database re-read per this many ms for unknown kids: a flood of forged kids stays cheap.
const RELOAD_INTERVAL_MS = 10_000
// Other instances' new keys are learnt within this; it must stay well under publishSeconds.
const PERIODIC_RELOAD_MS = 60_000

// Only making a key needs jose; tokens are signed and checked with node:crypto (compact-jws.ts).
const jose = lazyModule<typeof import('jose')>('jose')

export function createKeyRing(deps: KeyRingDeps): KeyRing {
  const { db, clock, log, secretBox, algorithm } = deps
  let keys = new Map<string, SigningKey>()
  // Private halves of the keys that sign now or will soon (the current one and a pending one).
  const privateKeys = new Map<string, KeyObject>()
  let lastReload = 0
  let timer: NodeJS.Timeout | undefined

  function openPrivateKey(row: StoredSigningKey): void {
    if (privateKeys.has(row.id)) return
    let privateJwk: JWK
    try {
      privateJwk = JSON.parse(secretBox.open(row.privateJwkSealed)) as JWK
    } catch (error) {
      throw new Error('cannot decrypt the signing key: SECRET_KEY differs from the one that stored it', {
        cause: error,
      })
    }
    privateKeys.set(row.id, createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' }))
  }

  async function load(): Promise<void> {
    const now = clock.now().getTime()
    const stored = await listLiveSigningKeys(db, new Date(now - deps.horizonSeconds * 1000))
    const next = new Map<string, SigningKey>()
    for (const row of stored) {
      const publicJwk = JSON.parse(row.publicJwk) as JWK
      const { privateJwkSealed: _, ...rest } = row
      const publicKey = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' })
      next.set(row.id, { ...rest, algorithm: row.algorithm as SigningAlgorithm, publicJwk, publicKey })
      if (row.retiredAt === undefined || row.retiredAt.getTime() > now) openPrivateKey(row)
    }
    for (const kid of privateKeys.keys()) if (!next.has(kid)) privateKeys.delete(kid)
    keys = next
    lastReload = now
  }

  /** The newest key whose activation has come and that is not retired yet. */
  function signingKey(): SigningKey | undefined {
    const now = clock.now().getTime()
    let best: SigningKey | undefined
    for (const key of keys.values()) {
      const active =
        key.activatesAt.getTime() <= now && (key.retiredAt === undefined || key.retiredAt.getTime() > now)
      if (active && privateKeys.has(key.id) && (best === undefined || key.activatesAt > best.activatesAt))
        best = key
    }
    return best
  }

  function newest(): SigningKey | undefined {
    return [...keys.values()].sort((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime())[0]
  }

  function isDue(key: SigningKey | undefined): boolean {
    if (key === undefined || key.algorithm !== algorithm) return true
    if (deps.rotationDays === 0) return false
    return clock.now().getTime() - key.createdAt.getTime() > deps.rotationDays * 86_400_000
  }

  const ring: KeyRing = {
    async start() {
      // Instances starting together must not each make a key, or one would sign with a key the
      // other has not loaded yet: the second to get the lock finds the first's key and uses it.
      await deps.exclusively(async () => {
        await load()
        if (signingKey() === undefined || isDue(newest())) await ring.rotate()
      })
      timer = setInterval(() => {
        load().catch((error: unknown) => log.error({ err: error }, 'signing key reload failed'))
      }, PERIODIC_RELOAD_MS)
      timer.unref()
    },
    stop() {
      if (timer !== undefined) clearInterval(timer)
    },
    signer() {
      const key = signingKey()
      const privateKey = key && privateKeys.get(key.id)
      if (key === undefined || privateKey === undefined)
        throw new Error('no signing key: key ring not started')
      return { key, privateKey }
    },
    async verificationKey(kid) {
      const known = keys.get(kid)
      if (known !== undefined) return known
      if (clock.now().getTime() - lastReload < RELOAD_INTERVAL_MS) return undefined
      await load()
      return keys.get(kid)
    },
    publicJwks() {
      return [...keys.values()].map((key) => ({
        ...key.publicJwk,
        kid: key.id,
        alg: key.algorithm,
        use: 'sig',
      }))
    },
    privateJwks() {
      const signing = signingKey()
      return [...privateKeys.entries()]
        .sort(([a], [b]) => (a === signing?.id ? -1 : b === signing?.id ? 1 : 0))
        .flatMap(([kid, privateKey]) => {
          const key = keys.get(kid)
          if (key === undefined) return []
          return [{ ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg: key.algorithm, use: 'sig' }]
        })
    },
    list() {
      const now = clock.now().getTime()
      const signing = signingKey()
      return [...keys.values()]
        .sort((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime())
        .map((key) => {
          const state: SigningKeyState =
            key.id === signing?.id
              ? 'signing'
              : key.activatesAt.getTime() > now
                ? 'pending'
                : key.retiredAt !== undefined && key.retiredAt.getTime() <= now
                  ? 'retired'
                  : 'verifying'
          return { key, state }
        })
    },
    async rotate() {
      const { generateKeyPair, exportJWK, calculateJwkThumbprint } = jose()
      const pair = await generateKeyPair(algorithm, { extractable: true })
      const publicJwk = await exportJWK(pair.publicKey)
      const privateJwk = await exportJWK(pair.privateKey)
      const id = await calculateJwkThumbprint(publicJwk)
      const now = clock.now()
      // With nothing able to sign (first start, or a changed algorithm's key gone), waiting helps nobody.
      const usable = signingKey()
      const waitMs = usable !== undefined && usable.algorithm === algorithm ? deps.publishSeconds * 1000 : 0
      await insertSigningKeyRetiringOthers(db, {
        id,
        algorithm,
        publicJwk: JSON.stringify(publicJwk),
        privateJwkSealed: secretBox.seal(JSON.stringify(privateJwk)),
        createdAt: now,
        activatesAt: new Date(now.getTime() + waitMs),
        retiredAt: undefined,
      })
      await load()
      log.info({ kid: id, algorithm, activatesInSeconds: waitMs / 1000 }, 'new signing key published')
      const key = keys.get(id)
      if (key === undefined) throw new Error('the new signing key was not stored')
      return key
    },
  }
  return ring
}
