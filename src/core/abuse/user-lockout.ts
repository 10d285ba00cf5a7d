import type { User } from '../user/user.ts'
import type { AbuseGuard, AccountRef } from './abuse-guard.ts'

/**
 * The accounts a user's lockout may be kept under: one per login they may type (the email, and
 * the username when they have one), in their tenant.
 */
export function loginsOf(tenant: string, user: Pick<User, 'email' | 'username'>): AccountRef[] {
  const email = { tenant, identifier: user.email }
  return user.username ? [email, { tenant, identifier: user.username }] : [email]
}

/** Lifts the user's locks and forgets their failures, whichever login they were typed under. */
export async function clearLockoutsOf(
  abuse: Pick<AbuseGuard, 'clearLockout'>,
  tenant: string,
  user: Pick<User, 'email' | 'username'>,
): Promise<void> {
  for (const account of loginsOf(tenant, user)) await abuse.clearLockout(account)
}
