import type { AccessClaims } from '../token/token.service.ts'
import type { User } from '../user/user.ts'

/** A caller with an access token: a session of the user. */
export interface SessionActor {
  readonly user: User
  readonly tenantId: string
  readonly claims: AccessClaims
  readonly sessionId: string
  readonly apiKey?: undefined
}

/** A caller with an API key: the key's owner, with no session to renew or end. */
export interface ApiKeyActor {
  readonly user: User
  readonly tenantId: string
  readonly apiKey: { readonly id: string }
  readonly claims?: undefined
  readonly sessionId?: undefined
}

/** Who calls, once their credential and their user's state have been judged. */
export type Actor = SessionActor | ApiKeyActor

/** An access token as surfaces receive it, or an API key with the client that presents it. */
export type Credential =
  | { readonly kind: 'accessToken'; readonly token: string }
  /** `client` is the rate-limit key of the caller (its address), for counting failed keys. */
  | { readonly kind: 'apiKey'; readonly key: string; readonly client: string }
