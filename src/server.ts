import cors from '@fastify/cors'
import Fastify, { type FastifyInstance } from 'fastify'
import { type Config, publicUrlOf } from './config/config.ts'
import type { Core } from './core/core.ts'
import { ampnetApi } from './http/ampnet/ampnet.api.ts'
import { authheaderApi } from './http/authheader/authheader.api.ts'
import { ideapoolApi } from './http/ideapool/ideapool.api.ts'
import { platformRoutes } from './http/platform/platform.routes.ts'
import { registerJsonParser } from './http/shared/body-parsers.ts'
import { meConstraints, meCredentialStrategy } from './http/shared/me-credential.ts'
import { requestLogFields } from './http/shared/request-log.ts'
import { registerSecurityHeaders } from './http/shared/security-headers.ts'
import { registerUrlGuard, routerErrorHandler } from './http/shared/url-guard.ts'
import { usersApi } from './http/users/users.api.ts'

export interface ServerDeps {
  readonly core: Core
  readonly config: Config
  readonly isReady: () => Promise<boolean>
  /** Where the request log goes instead of stdout (tests capture it to look for leaked secrets). */
  readonly logStream?: { write(line: string): void }
}

// The request headers the surfaces read, plus Cache-Control, which AMPnet's clients may send.
const CORS_HEADERS = ['Authorization', 'X-Authorization', 'X-Access-Token', 'Content-Type', 'Cache-Control']

function corsOrigin(setting: string): string | string[] {
  const origins = setting
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
  return origins.length === 0 || origins.includes('*') ? '*' : origins
}

/** The HTTP application, apart from the process: tests build it and call inject(). */
export async function buildServer({
  core,
  config,
  isReady,
  logStream,
}: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.log.level,
      redact: [
        'req.headers.authorization',
        'req.headers["x-authorization"]',
        'req.headers["x-access-token"]',
      ],
      // The users surface reads a JWT from ?token=, which would otherwise be logged with the URL.
      serializers: { req: requestLogFields },
      ...(logStream !== undefined && { stream: logStream }),
    },
    bodyLimit: config.server.bodyLimitBytes,
    return503OnClosing: true,
    routerOptions: {
      constraints: { [meCredentialStrategy.name]: meCredentialStrategy },
      // AMPnet hostnames run to 512 characters (specs/ampnet.md §4.2); Fastify's default is 100.
      maxParamLength: 1024,
    },
    frameworkErrors: routerErrorHandler,
  })
  // Both surfaces answer `GET /me` at the same path only when both are on with the same prefix.
  const meShared =
    config.ideapool.enabled && config.ampnet.enabled && config.ideapool.prefix === config.ampnet.prefix

  registerSecurityHeaders(app)
  registerUrlGuard(app)
  registerJsonParser(app)
  await app.register(cors, {
    origin: corsOrigin(config.server.corsOrigins),
    credentials: false,
    allowedHeaders: CORS_HEADERS,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `Route ${request.method} ${request.url} not found` })
  })

  await app.register(platformRoutes, { core, isReady })
  if (config.ideapool.enabled) {
    await app.register(ideapoolApi, {
      prefix: config.ideapool.prefix,
      core,
      settings: {
        accessTtlSeconds: config.ideapool.accessTtlSeconds,
        refreshTtlSeconds: config.ideapool.refreshTtlSeconds,
        meConstraints: meConstraints(meShared, 'x-access-token'),
      },
    })
  }
  if (config.authheader.enabled) {
    await app.register(authheaderApi, {
      prefix: config.authheader.prefix,
      core,
      settings: {
        accessTtlSeconds: config.authheader.accessTtlSeconds,
        apiKeyTtlSeconds:
          config.authheader.apiKeyTtlDays === 0 ? undefined : config.authheader.apiKeyTtlDays * 86_400,
      },
    })
  }
  if (config.users.enabled) {
    await app.register(usersApi, {
      prefix: config.users.prefix,
      core,
      settings: { accessTtlSeconds: config.users.accessTtlSeconds },
    })
  }
  if (config.ampnet.enabled) {
    await app.register(ampnetApi, {
      prefix: config.ampnet.prefix,
      core,
      settings: {
        accessTtlSeconds: config.ampnet.accessTtlSeconds,
        refreshTtlSeconds: config.ampnet.refreshTtlSeconds,
        mailConfirmation: config.ampnet.mailConfirmation,
        meConstraints: meConstraints(meShared, 'other'),
        publicBaseUrl: `${publicUrlOf(config)}${config.ampnet.prefix}`,
      },
    })
  }
  return app
}
