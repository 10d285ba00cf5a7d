import type { Core } from '../../core/core.ts'
import { cookieSession, type SignedIn } from './session-cookie.ts'

// The account pages' own sign-in (the security page): like the console's, a cookie session
// (session-cookie.ts) of surface `account`. Short, and Strict: a link from another site arrives
// signed out.

export const ACCOUNT_SURFACE = 'account'
export const accountSession = cookieSession('lk_account', ACCOUNT_SURFACE, 30 * 60)

export type AccountHolder = SignedIn

/** The signed-in user of the request, or undefined (no cookie, ended session, disabled). */
export const accountHolderOf = accountSession.signedInOf

// Removing a passkey within this long of signing in needs no password again.
export const FRESH_SIGN_IN_SECONDS = 300

/** Whether the holder signed in within FRESH_SIGN_IN_SECONDS. */
export async function isFreshSignIn(core: Core, holder: AccountHolder): Promise<boolean> {
  const session = await core.sessions.sessions.findOpen(holder.sessionId)
  if (session === undefined) return false
  return core.clock.now().getTime() - session.createdAt.getTime() <= FRESH_SIGN_IN_SECONDS * 1000
}
