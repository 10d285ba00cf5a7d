import type { Core } from '../../src/core/core.ts'
import type { User } from '../../src/core/user/user.ts'

/** A test app or a test core: both carry the started core. */
export interface WithCore {
  readonly core: Core
}

export interface AccountInput {
  readonly email: string
  readonly password?: string
  readonly name?: string
  readonly username?: string
}

export const DEFAULT_PASSWORD = 'Password1'

/** A user in the default tenant, made through the core (no surface), optionally with a username. */
export async function createAccount(app: WithCore, input: AccountInput): Promise<User> {
  const name = input.name ?? 'John Doe'
  const space = name.indexOf(' ')
  const user = await app.core.identity.auth.createAccount({
    tenantId: app.core.tenants.tenants.defaultTenant().id,
    email: input.email,
    password: input.password ?? DEFAULT_PASSWORD,
    displayName: name,
    givenName: space < 0 ? name : name.slice(0, space),
    familyName: space < 0 ? '' : name.slice(space + 1),
    passwordRule: { check: () => undefined },
  })
  return input.username === undefined ? user : app.core.identity.users.setUsername(user.id, input.username)
}

/** The claims of a JWT, read without verifying (tests check lifetimes and session ids). */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
}

/** A user in the default tenant with an open session and a `ttlSeconds` access token (core tests). */
export async function signedInAccount(app: WithCore, email: string, ttlSeconds = 60) {
  const user = await createAccount(app, { email })
  return app.core.identity.auth.openSession(user, {
    surface: 'test',
    accessTtlSeconds: ttlSeconds,
    refreshTtlSeconds: undefined,
  })
}

/** An API key of `user` that never expires, issued through the core. */
export function issueApiKey(app: WithCore, user: Pick<User, 'id' | 'tenantId'>, name = 'k') {
  return app.core.identity.apiKeys.issue({
    tenantId: user.tenantId,
    userId: user.id,
    name,
    ttlSeconds: undefined,
  })
}
