import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TokenPolicy } from '../../core/auth/auth.ts'
import type { Core } from '../../core/core.ts'
import type { User } from '../../core/user/user.ts'
import { appendSetCookie, cookieSignInOf, sessionCookie } from './session-cookie.ts'

// The account pages' own sign-in (the security page): like the console's, a cookie holding the
// refresh token of a real core session (surface `account`), so a password reset, a disable or a
// sign-out ends it like any other. Short, and Strict: a link from another site arrives signed out.

export const ACCOUNT_SURFACE = 'account'
export const ACCOUNT_SESSION_SECONDS = 30 * 60

export const accountPolicy: TokenPolicy = {
  surface: ACCOUNT_SURFACE,
  // The pages never hand an access token out.
  accessTtlSeconds: 60,
  refreshTtlSeconds: ACCOUNT_SESSION_SECONDS,
}

export interface AccountHolder {
  readonly user: User
  readonly sessionId: string
}

const cookie = sessionCookie('lk_account')
export const accountCookie = cookie.serialize

/** The signed-in user of the request, or undefined (no cookie, ended session, disabled). */
export async function accountHolderOf(
  core: Core,
  request: FastifyRequest,
  secure: boolean,
): Promise<AccountHolder | undefined> {
  const signedIn = await cookieSignInOf(core, request, secure, cookie, ACCOUNT_SURFACE)
  return signedIn && { user: signedIn.user, sessionId: signedIn.session.id }
}

// Removing a passkey within this long of signing in needs no password again.
export const FRESH_SIGN_IN_SECONDS = 300

/** Opens the account session of a user who completed a sign-in, and hands the browser its cookie. */
export async function startAccountSession(
  core: Core,
  reply: FastifyReply,
  user: User,
  secure: boolean,
): Promise<string> {
  const signedIn = await core.identity.auth.openSession(user, accountPolicy)
  appendSetCookie(reply, accountCookie(secure, signedIn.refreshToken, ACCOUNT_SESSION_SECONDS))
  return signedIn.sessionId
}

/** Whether the holder signed in within FRESH_SIGN_IN_SECONDS. */
export async function isFreshSignIn(core: Core, holder: AccountHolder): Promise<boolean> {
  const session = await core.sessions.sessions.findOpen(holder.sessionId)
  if (session === undefined) return false
  return core.clock.now().getTime() - session.createdAt.getTime() <= FRESH_SIGN_IN_SECONDS * 1000
}
