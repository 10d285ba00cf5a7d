import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

// Request-log fields for the root logger (server.ts): any surface's URL may carry a secret there.

/** Who made the request, once a surface has authenticated it: the tenant and user of the log line. */
export interface LoggedCaller {
  readonly tenantId: string
  readonly userId: string
}

declare module 'fastify' {
  interface FastifyRequest {
    loggedCaller: LoggedCaller | null
  }
}

/** Declares the request decoration on the root instance, so every request has the same shape. */
export function decorateLoggedCaller(app: FastifyInstance): void {
  app.decorateRequest('loggedCaller', null)
}

/** Records the authenticated caller for the request's log line (surfaces call it after verifying). */
export function noteCaller(request: FastifyRequest, caller: LoggedCaller): void {
  request.loggedCaller = { tenantId: caller.tenantId, userId: caller.userId }
}

// Header and body fields that carry a credential, wherever a log line puts them (one or two levels
// down: `{headers: …}`, `{request: {headers: …}}`, `{body: …}`).
const SECRET_HEADERS = [
  'authorization',
  'x-authorization',
  'x-access-token',
  'cookie',
  'set-cookie',
  'secret-key',
  'signature',
  'x-signature',
  'x-auth-client',
]
const SECRET_FIELDS = [
  'password',
  'old_password',
  'new_password',
  'old',
  'new',
  'confirm',
  'token',
  'jwt',
  'access_token',
  'refresh_token',
  'api_key',
  'apiKey',
  'text',
  'reCaptchaToken',
  're_captcha_token',
]

/** pino `redact` paths: credential headers and body fields. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_HEADERS.flatMap((name) => [`headers["${name}"]`, `*.headers["${name}"]`]),
  ...SECRET_FIELDS.flatMap((name) => [`body.${name}`, `*.body.${name}`]),
  // AMPnet nests them: `/token` in `credentials`, `/signup` in `user_info`.
  ...['credentials', 'user_info'].flatMap((part) => [`body.${part}.password`, `body.${part}.token`]),
]

/**
 * A URL for the logs with every `token=` query value masked (the users surface takes its JWT
 * there), and the OpenID Connect parameters that carry an ID token or a person's address.
 */
export function redactQueryToken(url: string): string {
  return url.replace(/([?&](?:token|id_token_hint|login_hint)=)[^&#]*/gi, '$1[Redacted]')
}

/** Fastify's default request log fields, with the URL passed through redactQueryToken. */
export function requestLogFields(request: FastifyRequest) {
  const remotePort = request.socket?.remotePort
  return {
    method: request.method,
    url: redactQueryToken(request.url),
    host: request.host,
    remoteAddress: request.ip,
    ...(remotePort !== undefined && { remotePort }),
  }
}

const LEVELS_WITH_INFO = new Set(['info', 'debug', 'trace'])

/** The one line per request: route pattern, status, duration and, when known, tenant and user. */
export function logCompletedRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  route: string | undefined,
): void {
  // Skips building the line when LOG_LEVEL hides it (benchmarks run with info off).
  if (!LEVELS_WITH_INFO.has(request.log.level)) return
  const caller = request.loggedCaller
  request.log.info(
    {
      method: request.method,
      // As received: the OIDC provider is handed the request with its path below its issuer.
      url: redactQueryToken(request.originalUrl),
      route,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      tenantId: caller?.tenantId,
      userId: caller?.userId,
    },
    'request completed',
  )
}
