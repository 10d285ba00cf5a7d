import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { SecretBox } from '../shared/secret-box.ts'
import { insertSigningKeyRetiringOthers, listLiveSigningKeys } from './signing-key.repository.ts'
import type { SigningAlgorithm, SigningKey } from './signing-key.ts'

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
}

export interface KeyRing {
  /** Loads the keys, making the first one (or a fresh one when the current is too old). */
  start(): Promise<void>
  signer(): { key: SigningKey; privateKey: CryptoKey }
  /** The verification key for a `kid`; re-reads the database once for a key another instance made. */
  verificationKey(kid: string): Promise<SigningKey | undefined>
  publicJwks(): JWK[]
  rotate(): Promise<SigningKey>
}

// At most one database re-read per this many ms for unknown kids: a flood of forged kids stays cheap.
const RELOAD_INTERVAL_MS = 10_000

export function createKeyRing(deps: KeyRingDeps): KeyRing {
  const { db, clock, log, secretBox, algorithm } = deps
  let keys = new Map<string, SigningKey>()
  let current: { key: SigningKey; privateKey: CryptoKey } | undefined
  let lastReload = 0

  async function load(): Promise<void> {
    const retiredAfter = new Date(clock.now().getTime() - deps.horizonSeconds * 1000)
    const stored = await listLiveSigningKeys(db, retiredAfter)
    const next = new Map<string, SigningKey>()
    for (const row of stored) {
      const publicJwk = JSON.parse(row.publicJwk) as JWK
      const publicKey = (await importJWK(publicJwk, row.algorithm)) as CryptoKey
      const key = {
        id: row.id,
        algorithm: row.algorithm as SigningAlgorithm,
        publicJwk,
        publicKey,
        createdAt: row.createdAt,
        retiredAt: row.retiredAt,
      }
      next.set(key.id, key)
    }
    const active = stored.find((row) => row.retiredAt === undefined)
    const activeKey = active && next.get(active.id)
    if (active !== undefined && activeKey !== undefined && current?.key.id !== active.id) {
      let privateJwk: JWK
      try {
        privateJwk = JSON.parse(secretBox.open(active.privateJwkSealed)) as JWK
      } catch (error) {
        throw new Error('cannot decrypt the signing key: SECRET_KEY differs from the one that stored it', {
          cause: error,
        })
      }
      current = { key: activeKey, privateKey: (await importJWK(privateJwk, active.algorithm)) as CryptoKey }
    }
    keys = next
    lastReload = clock.now().getTime()
  }

  function isDue(key: SigningKey | undefined): boolean {
    if (key === undefined || key.algorithm !== algorithm) return true
    if (deps.rotationDays === 0) return false
    return clock.now().getTime() - key.createdAt.getTime() > deps.rotationDays * 86_400_000
  }

  const ring: KeyRing = {
    async start() {
      await load()
      if (isDue(current?.key)) await ring.rotate()
    },
    signer() {
      if (current === undefined) throw new Error('key ring not started')
      return current
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
    async rotate() {
      const pair = await generateKeyPair(algorithm, { extractable: true })
      const publicJwk = await exportJWK(pair.publicKey)
      const privateJwk = await exportJWK(pair.privateKey)
      const id = await calculateJwkThumbprint(publicJwk)
      await insertSigningKeyRetiringOthers(db, {
        id,
        algorithm,
        publicJwk: JSON.stringify(publicJwk),
        privateJwkSealed: secretBox.seal(JSON.stringify(privateJwk)),
        createdAt: clock.now(),
        retiredAt: undefined,
      })
      await load()
      log.info({ kid: id, algorithm }, 'new signing key in use')
      return ring.signer().key
    },
  }
  return ring
}
