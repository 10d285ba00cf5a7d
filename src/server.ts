import Fastify, { type FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import { type Config, publicUrlOf } from './config/config.ts'
import type { TrustProxy } from './config/fields.ts'
import { runInRequestContext } from './core/audit/request-context.ts'
import type { Core } from './core/core.ts'
import { ampnetApi } from './http/ampnet/ampnet.api.ts'
import { authheaderApi } from './http/authheader/authheader.api.ts'
import { consoleApi } from './http/console/console.api.ts'
import { CONSOLE_PREFIX } from './http/console/console-layout.ts'
import { createRouteCollector } from './http/docs/openapi.ts'
import { ideapoolApi } from './http/ideapool/ideapool.api.ts'
import { oidcApi } from './http/oidc/oidc.api.ts'
import { pageKitOptionsOf, pagesApi } from './http/pages/pages.api.ts'
import { type OptionalMetricsSources, registerObservability } from './http/platform/observability.ts'
import { platformRoutes } from './http/platform/platform.routes.ts'
import { registerJsonParser } from './http/shared/body-parsers.ts'
import { CompletedRequests } from './http/shared/completed-requests.ts'
import { corsOf } from './http/shared/cors.ts'
import { lazyChildLogger } from './http/shared/lazy-child-logger.ts'
import { lazySerializers } from './http/shared/lazy-serializers.ts'
import { meConstraints, meCredentialStrategy } from './http/shared/me-credential.ts'
import { REDACT_PATHS, requestLogFields } from './http/shared/request-log.ts'
import { applySecurityHeaders } from './http/shared/security-headers.ts'
import { routerErrorHandler, urlRefusal } from './http/shared/url-guard.ts'
import { usersApi } from './http/users/users.api.ts'

export interface ServerDeps {
  readonly core: Core
  readonly config: Config
  readonly isReady: () => Promise<boolean>
  /** Where log lines go (default standard output); tests capture them. */
  readonly logStream?: DestinationStream
  /** Core getters for the Argon2 queue and rate limiting, once the core has them. */
  readonly metricsSources?: OptionalMetricsSources
}

// The request headers the surfaces read, plus Cache-Control, which AMPnet's clients may send.
/** The four legacy APIs: each under its own prefix, switched on and off in the config. */
type LegacySurface = 'ideapool' | 'authheader' | 'users' | 'ampnet'

const CORS_HEADERS = ['Authorization', 'X-Authorization', 'X-Access-Token', 'Content-Type', 'Cache-Control']

function corsOrigin(setting: string): '*' | string[] {
  const origins = setting
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
  return origins.length === 0 || origins.includes('*') ? '*' : origins
}

/** TRUST_PROXY as Fastify takes it (its types have no hop count: the function Fastify would make). */
function fastifyTrustProxy(
  setting: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting
  return typeof setting === 'boolean' ? setting : [...setting]
}

/**
 * Without these, a client that trickles its headers or body holds a connection (and its socket)
 * for ever: Fastify turns Node's request timeout off. Node answers a late request 408 and closes.
 */
function connectionTimeouts(server: Config['server']) {
  const headersMs = server.headersTimeoutSeconds * 1000
  return {
    requestTimeout: server.requestTimeoutSeconds * 1000,
    keepAliveTimeout: server.keepAliveTimeoutSeconds * 1000,
    connectionTimeout: server.idleTimeoutSeconds * 1000,
    http: {
      headersTimeout: headersMs,
      // Node looks for late requests only this often (30 s by default): a timeout would otherwise
      // run up to 30 s over. A quarter of the headers timeout, within 250 ms to 5 s.
      connectionsCheckingInterval: Math.min(5000, Math.max(250, headersMs / 4)),
    },
  }
}

/** The HTTP application, apart from the process: tests build it and call inject(). */
export async function buildServer({
  core,
  config,
  isReady,
  logStream,
  metricsSources,
}: ServerDeps): Promise<FastifyInstance> {
  const completed = new CompletedRequests()
  const app = Fastify({
    logger: {
      level: config.log.level,
      ...(logStream !== undefined && { stream: logStream }),
      redact: [...REDACT_PATHS],
      // The users surface reads a JWT from ?token=, which would otherwise be logged with the URL.
      serializers: { req: requestLogFields },
    },
    childLoggerFactory: lazyChildLogger,
    // One line per request instead, with route, status, duration, tenant and user (request-log.ts),
    // and the request metrics: Fastify tells its log controller of every finished response.
    logController: completed,
    bodyLimit: config.server.bodyLimitBytes,
    ...connectionTimeouts(config.server),
    // request.ip, which the rate limits count, comes from X-Forwarded-For only through trusted proxies.
    trustProxy: fastifyTrustProxy(config.abuse.trustProxy),
    return503OnClosing: true,
    routerOptions: {
      constraints: { [meCredentialStrategy.name]: meCredentialStrategy },
      // AMPnet coop hostnames run to 512 characters; Fastify's default is 100.
      maxParamLength: 1024,
    },
    frameworkErrors: routerErrorHandler,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
  })
  // Both surfaces answer `GET /me` at the same path only when both are on with the same prefix.
  const meShared =
    config.ideapool.enabled && config.ampnet.enabled && config.ideapool.prefix === config.ampnet.prefix

  // The core audits with the request's IP and user agent without taking them as arguments. A
  // callback hook, so that every later hook and the handler run inside the context; preHandler, after
  // the body is read (a stream's events would run outside it).
  app.addHook('preHandler', (request, _reply, done) => {
    const userAgent = request.headers['user-agent']
    runInRequestContext(
      { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined },
      done,
    )
  })
  const cors = corsOf({
    origins: corsOrigin(config.server.corsOrigins),
    allowedHeaders: CORS_HEADERS,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  })
  // What every request gets at the door, in one callback hook: each hook run is a measurable share
  // of a short request (bench/levers.md). The headers first, so that a refusal carries them too;
  // a preflight is answered here, before any route.
  app.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(reply)
    const refusal = urlRefusal(request)
    if (refusal !== undefined) done(refusal)
    else if (!cors(request, reply)) done()
  })
  registerJsonParser(app)
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `Route ${request.method} ${request.url} not found` })
  })

  const collector = createRouteCollector()
  registerObservability(app, {
    core,
    config,
    collector,
    completed,
    ...(metricsSources !== undefined && { sources: metricsSources }),
  })
  await app.register(platformRoutes, { core, isReady })
  /** A legacy surface, when enabled: under its prefix, its routes collected for the API docs. */
  async function mount<S>(
    surface: LegacySurface,
    plugin: (app: FastifyInstance, options: { core: Core; settings: S }) => Promise<void>,
    settings: S,
  ): Promise<void> {
    if (!config[surface].enabled) return
    await app.register(collector.collect(surface, plugin), { prefix: config[surface].prefix, core, settings })
  }
  await mount('ideapool', ideapoolApi, {
    accessTtlSeconds: config.ideapool.accessTtlSeconds,
    refreshTtlSeconds: config.ideapool.refreshTtlSeconds,
    meConstraints: meConstraints(meShared, 'x-access-token'),
  })
  await mount('authheader', authheaderApi, {
    accessTtlSeconds: config.authheader.accessTtlSeconds,
    apiKeyTtlSeconds:
      config.authheader.apiKeyTtlDays === 0 ? undefined : config.authheader.apiKeyTtlDays * 86_400,
  })
  await mount('users', usersApi, { accessTtlSeconds: config.users.accessTtlSeconds })
  await mount('ampnet', ampnetApi, {
    accessTtlSeconds: config.ampnet.accessTtlSeconds,
    refreshTtlSeconds: config.ampnet.refreshTtlSeconds,
    mailConfirmation: config.ampnet.mailConfirmation,
    meConstraints: meConstraints(meShared, 'other'),
    publicBaseUrl: `${publicUrlOf(config)}${config.ampnet.prefix}`,
  })
  if (config.oidc.enabled) {
    const kit = pageKitOptionsOf(config, core)
    await app.register(oidcApi, {
      prefix: config.oidc.prefix,
      core,
      kit,
      settings: {
        prefix: config.oidc.prefix,
        publicUrl: publicUrlOf(config),
        accessTtlSeconds: config.oidc.accessTtlSeconds,
        idTokenTtlSeconds: config.oidc.idTokenTtlSeconds,
        refreshTtlSeconds: config.oidc.refreshTtlSeconds,
        sessionTtlSeconds: config.oidc.sessionTtlSeconds,
        algorithm: config.tokens.algorithm,
        cookieKey: core.deriveKey('oidc provider cookies v1'),
        pages: { stylesheetHref: kit.stylesheetHref, pagesPrefix: config.pages.prefix },
      },
    })
    // Discovery at the root names the default tenant's issuer, where its document lives.
    app.get('/.well-known/openid-configuration', (_request, reply) =>
      reply.redirect(`${config.oidc.prefix}/.well-known/openid-configuration`, 302),
    )
  }
  await app.register(pagesApi, {
    prefix: config.pages.prefix,
    core,
    kit: pageKitOptionsOf(config, core),
    settings: { prefix: config.pages.prefix, mailConfirmation: config.ampnet.mailConfirmation },
  })
  await app.register(consoleApi, { prefix: CONSOLE_PREFIX, core, kit: pageKitOptionsOf(config, core) })
  return app
}
