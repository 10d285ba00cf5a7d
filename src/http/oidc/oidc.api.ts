import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import type { PageKitOptions } from '../pages/page-context.ts'
import { registerPageKit } from '../pages/page-kit.ts'
import { clientOf, limitRoute } from '../shared/rate-limit.ts'
import { interactionPages } from './oidc-interaction.pages.ts'
import type { OidcSettings } from './oidc-provider.ts'
import { createProviderRegistry } from './oidc-registry.ts'

export interface OidcApiOptions {
  readonly core: Core
  readonly kit: PageKitOptions
  readonly settings: OidcSettings & {
    /** OIDC_PREFIX: where the default tenant's issuer lives. */
    readonly prefix: string
    readonly publicUrl: string
  }
}

// The endpoints where a client proves a secret, a code or a refresh token: guesses are counted there.
const TOKEN_ENDPOINTS = new Set(['/token', '/token/introspection', '/token/revocation'])

/**
 * Refuses a client over its budget of refused token requests (429, OAuth-style body), and counts
 * this request when the provider refuses it. Valid requests cost no counter.
 * @returns false when the request was refused here
 */
function guardTokenEndpoint(core: Core, request: FastifyRequest, reply: FastifyReply): boolean {
  const client = clientOf(request)
  try {
    core.ops.abuse.assertNotBlocked('oidcTokenFailures', client)
  } catch (error) {
    if (!isAppError(error) || error.code !== 'rate_limited') throw error
    const retryAfter = String(error.details?.retryAfterSeconds ?? 60)
    void reply
      .code(429)
      .header('retry-after', retryAfter)
      .header('cache-control', 'no-store')
      .send({
        error: 'rate_limited',
        error_description: `Too many refused requests; retry after ${retryAfter} s`,
      })
    return false
  }
  reply.raw.once('finish', () => {
    if (reply.raw.statusCode === 400 || reply.raw.statusCode === 401) {
      // Past the budget this throws rate_limited and blocks the client for the next request.
      limitRoute(core, request, 'oidcTokenFailures').catch(() => undefined)
    }
  })
  return true
}

/**
 * The OpenID Connect provider under OIDC_PREFIX: oidc-provider (a Koa app) answers every protocol
 * route on the raw request; the sign-in and consent pages are the hosted pages kit's.
 */
export async function oidcApi(app: FastifyInstance, { core, kit, settings }: OidcApiOptions): Promise<void> {
  const publicUrl = new URL(settings.publicUrl)
  const registry = createProviderRegistry(core, settings, {
    publicUrl: settings.publicUrl,
    prefix: settings.prefix,
  })

  async function toProvider(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { tenant } = request.params as { tenant?: string }
    const target = await registry.find(tenant)
    const raw = request.raw as IncomingMessage & { originalUrl?: string }
    const url = raw.url ?? '/'
    if (target === undefined || !url.startsWith(target.mountPath)) {
      await reply.code(404).send({ error: 'not_found', message: `Route ${request.method} ${url} not found` })
      return
    }
    const below = url.slice(target.mountPath.length).split('?')[0] || '/'
    if (TOKEN_ENDPOINTS.has(below) && !guardTokenEndpoint(core, request, reply)) return
    // The provider routes on the path below its issuer and finds its mount path in originalUrl.
    reply.hijack()
    raw.originalUrl = url
    raw.url = url.slice(target.mountPath.length) || '/'
    // It builds its endpoint URLs, and decides whether cookies are Secure, from the request's
    // scheme and host: those are PUBLIC_URL's (as the issuer is), whatever a client or proxy sent.
    raw.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1)
    raw.headers['x-forwarded-host'] = publicUrl.host
    // The root's onSend hook never sees a hijacked reply: the headers every response carries.
    reply.raw.setHeader('x-content-type-options', 'nosniff')
    reply.raw.setHeader('x-frame-options', 'DENY')
    reply.raw.setHeader('referrer-policy', 'no-referrer')
    await target.handle(raw, reply.raw)
  }

  await app.register(async (protocol) => {
    // The provider reads its own bodies (form-encoded, with its size limit): none is parsed here.
    protocol.removeAllContentTypeParsers()
    protocol.addContentTypeParser('*', (_request, _payload, done) => done(null))
    protocol.all('/*', toProvider)
    protocol.all('/t/:tenant/*', toProvider)
  })
  await app.register(async (pages) => {
    registerPageKit(pages, kit)
    interactionPages(pages, core, registry, settings.pages.pagesPrefix)
  })
}
