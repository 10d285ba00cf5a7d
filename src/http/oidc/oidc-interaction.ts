import type { FastifyReply, FastifyRequest } from 'fastify'
import type { InteractionResults } from 'oidc-provider'
import { oidcProviderModule } from './oidc-provider.ts'
import type { TenantProvider } from './oidc-registry.ts'

type Details = Awaited<ReturnType<TenantProvider['provider']['interactionDetails']>>

export interface Interaction {
  readonly details: Details
  readonly clientName: string
}

/**
 * The provider's interaction of this browser (its interaction cookie), when it is the one the path
 * names; undefined when it expired, was finished, or belongs to another page.
 */
export async function interactionOf(
  target: TenantProvider,
  request: FastifyRequest,
  reply: FastifyReply,
  uid: string,
): Promise<Interaction | undefined> {
  let details: Details
  try {
    details = await target.provider.interactionDetails(request.raw, reply.raw)
  } catch (error) {
    if (error instanceof oidcProviderModule().errors.SessionNotFound) return undefined
    throw error
  }
  if (details.uid !== uid) return undefined
  const client = await target.provider.Client.find(String(details.params.client_id))
  if (client === undefined) return undefined
  return { details, clientName: client.clientName ?? client.clientId }
}

/** Grants what the consent prompt found missing (scopes, claims, API scopes), on the existing grant. */
export async function resultOfConsent(
  target: TenantProvider,
  { details }: Interaction,
): Promise<InteractionResults> {
  const { provider } = target
  const accountId = details.session?.accountId
  const clientId = String(details.params.client_id)
  const grant =
    (details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)) ??
    new provider.Grant({ accountId, clientId })
  const missing = details.prompt.details as {
    missingOIDCScope?: string[]
    missingOIDCClaims?: string[]
    missingResourceScopes?: Record<string, string[]>
  }
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(' '))
  const grantId = await grant.save()
  return { consent: { grantId } }
}
