import { randomBytes } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import { type AuditRecorder, noAuditLog } from '../audit/audit.service.ts'
import { AppError, validationError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import { findUserById } from '../user/user.repository.ts'
import { canSignIn, type User } from '../user/user.ts'
import { readCeremonyResponse } from './ceremony-response.ts'
import {
  countPasskeysOfUser,
  deletePasskeyOfUser,
  findPasskeyByCredentialId,
  insertChallenge,
  insertPasskey,
  listPasskeysOfUser,
  recordPasskeyUse,
  takeChallenge,
} from './passkey.repository.ts'
import {
  type CeremonyPurpose,
  MAX_PASSKEY_NAME_LENGTH,
  type Passkey,
  type StoredChallenge,
} from './passkey.ts'
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  webauthnLibrary,
} from './webauthn-library.ts'

export interface RelyingParty {
  /** The host name passkeys are bound to. */
  readonly id: string
  /** What the browser's prompt calls this server. */
  readonly name: string
  /** The origin pages run on: a response signed for any other is refused. */
  readonly origin: string
}

export interface PasskeyServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly relyingParty: RelyingParty
  readonly challengeSeconds: number
  readonly audit?: AuditRecorder
}

/** Why a ceremony was refused, for the audit log; the caller hears only invalid_credentials. */
class Refusal extends Error {
  readonly reason: string
  constructor(reason: string) {
    super(reason)
    this.reason = reason
  }
}

const CHALLENGE_BYTES = 32
// The passkey alone signs the user in, so the authenticator must have checked who holds it.
const USER_VERIFICATION = 'required'

export type PasskeyService = ReturnType<typeof createPasskeyService>

export function createPasskeyService({
  db,
  clock,
  relyingParty,
  challengeSeconds,
  audit = noAuditLog,
}: PasskeyServiceDeps) {
  /** A random challenge, stored (as base64url, what clientDataJSON carries) until answered or expired. */
  async function newChallenge(
    purpose: CeremonyPurpose,
    tenantId: string,
    userId?: string,
  ): Promise<Uint8Array<ArrayBuffer>> {
    const now = clock.now()
    const bytes = new Uint8Array(randomBytes(CHALLENGE_BYTES))
    const challenge = Buffer.from(bytes).toString('base64url')
    const expiresAt = new Date(now.getTime() + challengeSeconds * 1000)
    await insertChallenge(db, { challenge, purpose, tenantId, userId, expiresAt }, now)
    // The library would read a string as text to encode; bytes go into the options as they are.
    return bytes
  }

  /** The stored challenge the response answers, taken out so it serves once. */
  async function takeAnsweredChallenge(
    challenge: string,
    purpose: CeremonyPurpose,
    tenantId: string,
  ): Promise<StoredChallenge> {
    const stored = await takeChallenge(db, challenge)
    if (stored === undefined) throw new Refusal('unknown_challenge')
    if (stored.expiresAt.getTime() <= clock.now().getTime()) throw new Refusal('expired_challenge')
    if (stored.purpose !== purpose || stored.tenantId !== tenantId) throw new Refusal('wrong_ceremony')
    return stored
  }

  async function refused(
    error: unknown,
    ceremony: CeremonyPurpose,
    context: { tenantId: string; userId: string | undefined; surface: string },
  ): Promise<never> {
    if (!(error instanceof Refusal)) throw error
    await audit.record({
      type: 'passkey.failed',
      tenantId: context.tenantId,
      actorUserId: context.userId,
      details: { ceremony, surface: context.surface, reason: error.reason },
    })
    throw ceremony === 'registration'
      ? validationError([{ field: 'passkey', problem: 'was not accepted' }])
      : new AppError('invalid_credentials')
  }

  /** The library's verdict; a throw (bad signature, origin, RP id, counter) is a refusal too. */
  async function verified<T>(verify: () => Promise<T>): Promise<T> {
    try {
      return await verify()
    } catch (error) {
      const message = error instanceof Error ? error.message : ''
      throw new Refusal(/counter/i.test(message) ? 'counter_regression' : 'verification_failed')
    }
  }

  return {
    /** Options for navigator.credentials.create: a discoverable passkey for `user`, none twice. */
    async registrationOptions(user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await listPasskeysOfUser(db, user.id)
      return webauthnLibrary().generateRegistrationOptions({
        rpName: relyingParty.name,
        rpID: relyingParty.id,
        userName: user.email,
        userID: new TextEncoder().encode(user.id),
        userDisplayName: user.displayName || user.email,
        challenge: await newChallenge('registration', user.tenantId, user.id),
        timeout: challengeSeconds * 1000,
        attestationType: 'none',
        excludeCredentials: existing.map((key) => ({
          id: key.credentialId,
          transports: [...key.transports],
        })),
        authenticatorSelection: { residentKey: 'required', userVerification: USER_VERIFICATION },
      })
    },

    /**
     * Checks the browser's answer to registrationOptions and stores the passkey.
     * @throws {AppError} validation_failed
     */
    async register(user: User, input: { response: string; name: string }, surface: string): Promise<Passkey> {
      const name = input.name.trim() || 'Passkey'
      if (name.length > MAX_PASSKEY_NAME_LENGTH)
        throw validationError([
          { field: 'name', problem: `must be at most ${MAX_PASSKEY_NAME_LENGTH} characters` },
        ])
      const context = { tenantId: user.tenantId, userId: user.id, surface }
      try {
        const read = readCeremonyResponse<RegistrationResponseJSON>(input.response)
        if (read === undefined) throw new Refusal('malformed')
        const stored = await takeAnsweredChallenge(read.challenge, 'registration', user.tenantId)
        if (stored.userId !== user.id) throw new Refusal('wrong_user')
        const result = await verified(() =>
          webauthnLibrary().verifyRegistrationResponse({
            response: read.json,
            expectedChallenge: stored.challenge,
            expectedOrigin: relyingParty.origin,
            expectedRPID: relyingParty.id,
            requireUserVerification: true,
          }),
        )
        if (!result.verified) throw new Refusal('verification_failed')
        const { credential } = result.registrationInfo
        const passkey: Passkey = {
          id: newId(),
          tenantId: user.tenantId,
          userId: user.id,
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: credential.counter,
          transports: credential.transports ?? [],
          name,
          createdAt: clock.now(),
          lastUsedAt: undefined,
        }
        if (!(await insertPasskey(db, passkey))) throw new Refusal('credential_exists')
        await audit.record({
          type: 'passkey.registered',
          tenantId: user.tenantId,
          actorUserId: user.id,
          details: { passkey_id: passkey.id, name },
        })
        return passkey
      } catch (error) {
        return refused(error, 'registration', context)
      }
    },

    /**
     * Options for navigator.credentials.get. Without `userId` any discoverable passkey of the
     * tenant will do (a passwordless sign-in); with it, only that user's (a second factor).
     */
    async authenticationOptions(input: {
      tenantId: string
      userId?: string
    }): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const allowed = input.userId === undefined ? [] : await listPasskeysOfUser(db, input.userId)
      return webauthnLibrary().generateAuthenticationOptions({
        rpID: relyingParty.id,
        challenge: await newChallenge('authentication', input.tenantId, input.userId),
        timeout: challengeSeconds * 1000,
        userVerification: USER_VERIFICATION,
        allowCredentials: allowed.map((key) => ({ id: key.credentialId, transports: [...key.transports] })),
      })
    },

    /**
     * Checks the browser's answer to authenticationOptions: the user whose passkey signed it.
     * Passwordless sign-ins (no `userId`) are audited as sign-ins with the method passkey.
     * @throws {AppError} invalid_credentials
     */
    async authenticate(
      input: { tenantId: string; response: string; userId?: string },
      surface: string,
    ): Promise<User> {
      const context = { tenantId: input.tenantId, userId: input.userId, surface }
      try {
        const read = readCeremonyResponse<AuthenticationResponseJSON>(input.response)
        if (read === undefined) throw new Refusal('malformed')
        // The passkey first, so that a refusal names its owner in the audit log.
        const passkey = await findPasskeyByCredentialId(db, read.credentialId)
        const known = passkey !== undefined && passkey.tenantId === input.tenantId
        if (known) context.userId = passkey.userId
        const stored = await takeAnsweredChallenge(read.challenge, 'authentication', input.tenantId)
        if (stored.userId !== input.userId) throw new Refusal('wrong_ceremony')
        if (!known) throw new Refusal('unknown_credential')
        if (input.userId !== undefined && passkey.userId !== input.userId) throw new Refusal('wrong_user')
        const userHandle = read.json.response.userHandle
        if (
          userHandle !== undefined &&
          Buffer.from(userHandle, 'base64url').toString('utf8') !== passkey.userId
        )
          throw new Refusal('wrong_user')
        const result = await verified(() =>
          webauthnLibrary().verifyAuthenticationResponse({
            response: read.json,
            expectedChallenge: stored.challenge,
            expectedOrigin: relyingParty.origin,
            expectedRPID: relyingParty.id,
            credential: {
              id: passkey.credentialId,
              publicKey: new Uint8Array(passkey.publicKey),
              counter: passkey.counter,
              transports: [...passkey.transports],
            },
            requireUserVerification: true,
          }),
        )
        if (!result.verified) throw new Refusal('verification_failed')
        const { newCounter } = result.authenticationInfo
        if (!(await recordPasskeyUse(db, passkey.id, passkey.counter, newCounter, clock.now())))
          throw new Refusal('counter_regression')
        const user = await findUserById(db, passkey.userId)
        if (user === undefined || !canSignIn(user)) throw new Refusal('disabled')
        if (input.userId === undefined) {
          await audit.record({
            type: 'sign_in.succeeded',
            tenantId: user.tenantId,
            actorUserId: user.id,
            details: { method: 'passkey', surface, passkey_id: passkey.id },
          })
        }
        return user
      } catch (error) {
        return refused(error, 'authentication', context)
      }
    },

    /** The user's passkeys, oldest first. */
    list(userId: string): Promise<Passkey[]> {
      return listPasskeysOfUser(db, userId)
    },

    async hasAny(userId: string): Promise<boolean> {
      return (await countPasskeysOfUser(db, userId)) > 0
    },

    /** Removes one of the user's passkeys; false when it is not theirs (or gone already). */
    async remove(user: User, passkeyId: string): Promise<boolean> {
      if (!(await deletePasskeyOfUser(db, user.id, passkeyId))) return false
      await audit.record({
        type: 'passkey.removed',
        tenantId: user.tenantId,
        actorUserId: user.id,
        details: { passkey_id: passkeyId },
      })
      return true
    },
  }
}
