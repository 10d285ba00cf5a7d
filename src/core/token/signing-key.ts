import type { KeyObject } from 'node:crypto'
import type { JWK } from 'jose'

export type SigningAlgorithm = 'ES256' | 'RS256' | 'EdDSA'

export interface SigningKey {
  /** The JWT `kid`: the RFC 7638 thumbprint of the public key. */
  readonly id: string
  readonly algorithm: SigningAlgorithm
  readonly publicJwk: JWK
  readonly publicKey: KeyObject
  readonly createdAt: Date
  /** When it starts signing: published in the JWKS before that, so verifiers know it in time. */
  readonly activatesAt: Date
  /** When a newer key took over signing; its public half stays published until its tokens expire. */
  readonly retiredAt: Date | undefined
}

/**
 * pending: published, signs from `activatesAt`; signing: signs new tokens now; retired: only
 * verifies tokens it signed until they expire; verifying: active but not the newest (rare).
 */
export type SigningKeyState = 'pending' | 'signing' | 'retired' | 'verifying'
