import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'

// A software passkey authenticator built from the WebAuthn spec (Level 3, §6.1 authenticator data,
// §6.5 attestation 'none', §6.3.3 assertions): an ES256 key pair from node:crypto, its COSE key and
// the CBOR attestation object encoded here, so that the tests exercise the server without a browser.

type Cbor = number | string | Uint8Array | ReadonlyMap<number | string, Cbor>

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length])
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length])
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff])
  const out = Buffer.alloc(5)
  out[0] = (major << 5) | 26
  out.writeUInt32BE(length, 1)
  return out
}

/** The few CBOR items attestation needs: integers, byte and text strings, maps (RFC 8949). */
export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value)
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([head(3, bytes.length), bytes])
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value])
  const parts = [head(5, value.size)]
  for (const [key, item] of value) parts.push(encodeCbor(key), encodeCbor(item))
  return Buffer.concat(parts)
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()
const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_AT = 0x40

function authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
  const count = Buffer.alloc(4)
  count.writeUInt32BE(counter)
  return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])])
}

function coseKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' })
  return encodeCbor(
    new Map<number, Cbor>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(String(jwk.x), 'base64url')],
      [-3, Buffer.from(String(jwk.y), 'base64url')],
    ]),
  )
}

export interface CeremonyOverrides {
  /** The origin the "browser" puts into clientDataJSON. */
  readonly origin?: string
  /** The RP id whose hash the authenticator signs. */
  readonly rpId?: string
  /** The challenge answered, instead of the options' one. */
  readonly challenge?: string
  /** The signature counter sent, instead of the next one. */
  readonly counter?: number
}

export interface SoftPasskey {
  readonly credentialId: string
  readonly userHandle: string
  counter: number
}

/** An authenticator holding discoverable passkeys for `origin` (whose host is the RP id). */
export function createSoftAuthenticator(origin: string) {
  const keys = new Map<string, { privateKey: KeyObject; passkey: SoftPasskey }>()
  const rpIdOf = (overrides: CeremonyOverrides, optionsRpId: string | undefined) =>
    overrides.rpId ?? optionsRpId ?? new URL(origin).hostname
  const clientData = (type: string, challenge: string, overrides: CeremonyOverrides) =>
    Buffer.from(
      JSON.stringify({
        type,
        challenge: overrides.challenge ?? challenge,
        origin: overrides.origin ?? origin,
        crossOrigin: false,
      }),
    )

  return {
    /** navigator.credentials.create: the registration response, as JSON text. */
    create(
      options: { challenge: string; rp: { id?: string }; user: { id: string } },
      overrides: CeremonyOverrides = {},
    ): string {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const credentialId = randomBytes(32)
      const idLength = Buffer.alloc(2)
      idLength.writeUInt16BE(credentialId.length)
      const attested = Buffer.concat([Buffer.alloc(16), idLength, credentialId, coseKey(publicKey)])
      const counter = overrides.counter ?? 0
      const authData = authenticatorData(
        rpIdOf(overrides, options.rp.id),
        FLAG_UP | FLAG_UV | FLAG_AT,
        counter,
        attested,
      )
      const id = credentialId.toString('base64url')
      keys.set(id, { privateKey, passkey: { credentialId: id, userHandle: options.user.id, counter } })
      const attestationObject = encodeCbor(
        new Map<string, Cbor>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
        ]),
      )
      return JSON.stringify({
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON: clientData('webauthn.create', options.challenge, overrides).toString('base64url'),
          attestationObject: attestationObject.toString('base64url'),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      })
    },

    /** navigator.credentials.get with one of its passkeys (the only one, by default): JSON text. */
    get(
      options: { challenge: string; rpId?: string },
      overrides: CeremonyOverrides & { credentialId?: string } = {},
    ): string {
      const entry =
        overrides.credentialId === undefined ? [...keys.values()][0] : keys.get(overrides.credentialId)
      if (entry === undefined) throw new Error('the authenticator holds no such passkey')
      const { passkey, privateKey } = entry
      passkey.counter = overrides.counter ?? passkey.counter + 1
      const authData = authenticatorData(rpIdOf(overrides, options.rpId), FLAG_UP | FLAG_UV, passkey.counter)
      const clientDataJSON = clientData('webauthn.get', options.challenge, overrides)
      const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), privateKey)
      return JSON.stringify({
        id: passkey.credentialId,
        rawId: passkey.credentialId,
        type: 'public-key',
        response: {
          clientDataJSON: clientDataJSON.toString('base64url'),
          authenticatorData: authData.toString('base64url'),
          signature: signature.toString('base64url'),
          userHandle: passkey.userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      })
    },

    passkeys(): SoftPasskey[] {
      return [...keys.values()].map((entry) => entry.passkey)
    },
  }
}

export type SoftAuthenticator = ReturnType<typeof createSoftAuthenticator>
