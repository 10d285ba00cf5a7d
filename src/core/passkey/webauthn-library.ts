import { lazyModule } from '../shared/lazy-module.ts'

/**
 * @simplewebauthn/server with its ASN.1 and X.509 dependencies, loaded on the first passkey
 * ceremony: most installations see none for a long while, and it would grow the idle RSS.
 */
export const webauthnLibrary = lazyModule<typeof import('@simplewebauthn/server')>('@simplewebauthn/server')

export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
