/** A passkey (WebAuthn credential) a user registered, as the pages list it. */
export interface Passkey {
  readonly id: string
  readonly tenantId: string
  readonly userId: string
  /** base64url: how the browser names the credential. */
  readonly credentialId: string
  /** The COSE public key. */
  readonly publicKey: Uint8Array
  /** The authenticator's signature counter (0 for those that keep none, as synced passkeys). */
  readonly counter: number
  readonly transports: readonly string[]
  readonly name: string
  readonly createdAt: Date
  readonly lastUsedAt: Date | undefined
}

export type CeremonyPurpose = 'registration' | 'authentication'

/** A challenge handed to a browser and not answered yet. */
export interface StoredChallenge {
  readonly challenge: string
  readonly purpose: CeremonyPurpose
  readonly tenantId: string
  /** Whose passkey is being registered, or who must answer (a second factor); undefined: anyone of the tenant. */
  readonly userId: string | undefined
  readonly expiresAt: Date
}

export const MAX_PASSKEY_NAME_LENGTH = 100
