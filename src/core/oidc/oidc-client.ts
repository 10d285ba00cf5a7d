import type { FieldProblem } from '../errors.ts'

// An application that signs its users in through Latchkey's OpenID Connect provider.

export type OidcGrantType = 'authorization_code' | 'refresh_token' | 'client_credentials'

export interface OidcClient {
  readonly id: string
  readonly tenantId: string
  readonly name: string
  /** Exact URIs the provider may send the user back to; nothing else is accepted. */
  readonly redirectUris: readonly string[]
  readonly postLogoutRedirectUris: readonly string[]
  readonly grantTypes: readonly OidcGrantType[]
  /** A public client (SPA, mobile app) holds no secret and must use PKCE. */
  readonly isPublic: boolean
  /** Resource indicators (API URLs) the client may ask access tokens for: the tokens' `aud`. */
  readonly resources: readonly string[]
  /** A first-party app: its users are not asked to consent (prompt=consent still asks). */
  readonly skipConsent: boolean
  readonly createdAt: Date
}

/** A client as the provider reads it: with its secret, opened from storage. */
export interface OidcClientWithSecret extends OidcClient {
  readonly secret: string | undefined
}

/** What registering a client names: the id and the date are the core's, consent is asked by default. */
export type NewOidcClient = Omit<OidcClient, 'id' | 'createdAt' | 'skipConsent'> & {
  readonly skipConsent?: boolean
}

const GRANT_TYPES: readonly string[] = ['authorization_code', 'refresh_token', 'client_credentials']

export function isOidcGrantType(value: string): value is OidcGrantType {
  return GRANT_TYPES.includes(value)
}

/** An absolute http(s) URL without a fragment (OAuth forbids fragments in redirect URIs). */
function isRedirectUri(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '' && !value.includes('#')
}

/** What is wrong with a client about to be registered (nothing: an empty list). */
export function oidcClientProblems(input: NewOidcClient): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (input.name.trim() === '' || input.name.length > 200)
    problems.push({ field: 'name', problem: 'must be 1 to 200 characters' })
  if (input.grantTypes.length === 0) problems.push({ field: 'grant_types', problem: 'must not be empty' })
  const usesCode = input.grantTypes.includes('authorization_code')
  if (usesCode && input.redirectUris.length === 0)
    problems.push({ field: 'redirect_uris', problem: 'are required for authorization_code' })
  if (!usesCode && input.grantTypes.includes('refresh_token'))
    problems.push({ field: 'grant_types', problem: 'refresh_token needs authorization_code' })
  if (input.isPublic && input.grantTypes.includes('client_credentials'))
    problems.push({ field: 'grant_types', problem: 'client_credentials needs a confidential client' })
  for (const uri of [...input.redirectUris, ...input.postLogoutRedirectUris])
    if (!isRedirectUri(uri))
      problems.push({ field: 'redirect_uris', problem: `${uri} is not an http(s) URL` })
  for (const resource of input.resources)
    if (!URL.canParse(resource) || resource.includes('#'))
      problems.push({ field: 'resources', problem: `${resource} is not an absolute URI` })
  return problems
}
