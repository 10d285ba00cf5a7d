import type { Config } from '../config.ts'
import { integer, oneOf, optionalText, text } from '../fields.ts'

export const runModeField = oneOf({
  env: 'NODE_ENV',
  choices: ['development', 'production', 'test'],
  default: 'development',
  doc: 'Run mode; production refuses to start without SECRET_KEY',
})

export const serverSection = {
  port: integer({
    env: 'PORT',
    default: 3000,
    min: 0,
    max: 65_535,
    doc: 'TCP port the HTTP server listens on',
  }),
  host: text({ env: 'HOST', default: '0.0.0.0', doc: 'Interface the HTTP server binds to' }),
  publicUrl: optionalText({
    env: 'PUBLIC_URL',
    doc: 'Public base URL of this server (default http://localhost:PORT)',
  }),
  bodyLimitBytes: integer({
    env: 'BODY_LIMIT_BYTES',
    default: 1_048_576,
    min: 1024,
    doc: 'Largest accepted request body in bytes',
  }),
  corsOrigins: text({
    env: 'CORS_ORIGINS',
    default: '*',
    doc: 'Comma-separated origins allowed by CORS, or * for any (never with credentials)',
  }),
  requestTimeoutSeconds: integer({
    env: 'REQUEST_TIMEOUT_SECONDS',
    default: 30,
    min: 1,
    max: 3600,
    doc: 'Longest time to receive a whole request, headers and body; a slower client gets 408 and is cut off',
  }),
  headersTimeoutSeconds: integer({
    env: 'HEADERS_TIMEOUT_SECONDS',
    default: 10,
    min: 1,
    max: 3600,
    doc: "Longest time to receive a request's headers (at most REQUEST_TIMEOUT_SECONDS); slower: 408",
  }),
  keepAliveTimeoutSeconds: integer({
    env: 'KEEP_ALIVE_TIMEOUT_SECONDS',
    default: 72,
    min: 1,
    max: 3600,
    doc: 'How long an idle keep-alive connection stays open (keep it above your load balancer idle timeout)',
  }),
  idleTimeoutSeconds: integer({
    env: 'IDLE_TIMEOUT_SECONDS',
    default: 120,
    min: 1,
    max: 3600,
    doc: 'A connection with no traffic either way for this long is closed (e.g. a client that stops reading)',
  }),
  shutdownGraceSeconds: integer({
    env: 'SHUTDOWN_GRACE_SECONDS',
    default: 1,
    min: 0,
    max: 300,
    doc: 'On SIGTERM, seconds /ready answers 503 before the server stops accepting (let the load balancer notice)',
  }),
  shutdownTimeoutSeconds: integer({
    env: 'SHUTDOWN_TIMEOUT_SECONDS',
    default: 15,
    min: 1,
    max: 600,
    doc: 'On SIGTERM, longest wait for in-flight requests and the outbox before exiting anyway',
  }),
} as const

export const logSection = {
  level: oneOf({
    env: 'LOG_LEVEL',
    choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    doc: 'Lowest level of log lines written to standard output',
  }),
} as const

export function checkServer({ server }: Config, problems: string[]): void {
  if (server.headersTimeoutSeconds > server.requestTimeoutSeconds) {
    problems.push(
      `HEADERS_TIMEOUT_SECONDS: must not be longer than REQUEST_TIMEOUT_SECONDS (${server.requestTimeoutSeconds})`,
    )
  }
  if (server.publicUrl !== undefined && !URL.canParse(server.publicUrl)) {
    problems.push('PUBLIC_URL: must be an absolute URL')
  }
}
