import type { Db } from '../../db/database.ts'
import { AppError, type FieldProblem, validationError } from '../errors.ts'
import type { PasswordHasher } from '../password/password-hasher.ts'
import type { PasswordRule } from '../password/password-rules.ts'
import type { SessionService } from '../session/session.service.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import type { TokenService } from '../token/token.service.ts'
import {
  findUserById,
  findUserWithPasswordByEmail,
  hasUserWithEmail,
  insertUser,
  updatePasswordHash,
} from '../user/user.repository.ts'
import { isValidEmail, type User } from '../user/user.ts'

export interface AuthServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly passwords: PasswordHasher
  readonly sessions: SessionService
  readonly tokens: TokenService
}

export interface RegisterInput {
  readonly tenantId: string
  readonly email: string
  readonly displayName: string
  readonly givenName: string
  readonly familyName: string
  readonly password: string
  /** The signing-up surface's documented rule. */
  readonly passwordRule: PasswordRule
}

/** How a surface wants its tokens: lifetimes and its own extra claims. */
export interface TokenPolicy {
  readonly surface: string
  readonly accessTtlSeconds: number
  /** undefined: the refresh token never expires by time. */
  readonly refreshTtlSeconds: number | undefined
  readonly claims?: (user: User) => Record<string, unknown>
}

export interface SignedIn {
  readonly user: User
  readonly accessToken: string
  readonly refreshToken: string
  readonly sessionId: string
}

export type AuthService = ReturnType<typeof createAuthService>

export function createAuthService({ db, clock, passwords, sessions, tokens }: AuthServiceDeps) {
  function issueAccessToken(user: User, sessionId: string, policy: TokenPolicy): Promise<string> {
    const extraClaims = policy.claims?.(user)
    return tokens.issue({
      userId: user.id,
      tenantId: user.tenantId,
      sessionId,
      ttlSeconds: policy.accessTtlSeconds,
      ...(extraClaims && { extraClaims }),
    })
  }

  async function openSession(user: User, policy: TokenPolicy): Promise<SignedIn> {
    const { session, refreshToken } = await sessions.start({
      tenantId: user.tenantId,
      userId: user.id,
      surface: policy.surface,
      ...(policy.refreshTtlSeconds !== undefined && { refreshTtlSeconds: policy.refreshTtlSeconds }),
    })
    const accessToken = await issueAccessToken(user, session.id, policy)
    return { user, accessToken, refreshToken, sessionId: session.id }
  }

  return {
    /**
     * Creates an enabled user with a password and signs them in.
     * @throws {AppError} validation_failed, email_taken
     */
    async register(input: RegisterInput, policy: TokenPolicy): Promise<SignedIn> {
      const problems: FieldProblem[] = []
      if (!isValidEmail(input.email)) problems.push({ field: 'email', problem: 'is invalid' })
      const passwordProblem = input.passwordRule.check(input.password)
      if (passwordProblem !== undefined) problems.push({ field: 'password', problem: passwordProblem })
      if (problems.length > 0) throw validationError(problems)
      // Checked first to spare an Argon2 hash; the unique index settles a race.
      if (await hasUserWithEmail(db, input.tenantId, input.email)) throw new AppError('email_taken')

      const now = clock.now()
      const user: User = {
        id: newId(),
        tenantId: input.tenantId,
        email: input.email.trim(),
        displayName: input.displayName,
        givenName: input.givenName,
        familyName: input.familyName,
        hasPassword: true,
        emailConfirmed: false,
        enabled: true,
        createdAt: now,
        updatedAt: now,
      }
      const inserted = await insertUser(db, user, await passwords.hash(input.password))
      if (!inserted) throw new AppError('email_taken')
      return openSession(user, policy)
    },

    /**
     * Checks an email and password and opens a session. Unknown accounts cost one dummy Argon2
     * verification so that they answer in the same time as known ones.
     * @throws {AppError} invalid_credentials
     */
    async signIn(
      input: { tenantId: string; email: string; password: string },
      policy: TokenPolicy,
    ): Promise<SignedIn> {
      const found = await findUserWithPasswordByEmail(db, input.tenantId, input.email)
      if (found?.passwordHash === undefined || !found.user.enabled) {
        await passwords.verifyDummy(input.password)
        throw new AppError('invalid_credentials')
      }
      if (!(await passwords.verify(found.passwordHash, input.password)))
        throw new AppError('invalid_credentials')
      if (passwords.needsRehash(found.passwordHash)) {
        await updatePasswordHash(db, found.user.id, await passwords.hash(input.password), clock.now())
      }
      return openSession(found.user, policy)
    },

    /**
     * A new access token for a refresh token; the refresh token stays the same.
     * @throws {AppError} invalid_refresh_token
     */
    async refresh(refreshToken: string, policy: TokenPolicy): Promise<string> {
      const session = await sessions.useRefreshToken(refreshToken, policy.refreshTtlSeconds)
      const user = await findUserById(db, session.userId)
      if (user === undefined || !user.enabled) throw new AppError('invalid_refresh_token')
      return issueAccessToken(user, session.id, policy)
    },

    /**
     * Ends the session of `refreshToken` when it belongs to `userId`; anything else changes nothing,
     * so that a caller learns nothing about other people's tokens.
     */
    async signOutWithRefreshToken(userId: string, refreshToken: string): Promise<void> {
      const session = await sessions.findByRefreshToken(refreshToken)
      if (session !== undefined && session.userId === userId) await sessions.end(session.id)
    },
  }
}
