import { subscribe } from 'node:diagnostics_channel'
import type { FastifyInstance } from 'fastify'

// No log line may carry a password, token, API key or secret. Every Fastify instance the
// tests make records the secrets that pass through it (request credentials and secret-named body
// fields, tokens and keys in responses); each app's captured log is checked against all of them
// when the app closes, and any JWT-shaped text in a log line is a leak whether recorded or not.

// Secrets by their first MIN_LENGTH characters: a fuzz run records tens of thousands of them, so a
// line is scanned once, window by window, instead of once per secret.
const secrets = new Map<string, Set<string>>()
// Shorter values (a 4-digit code, "true") would match innocent text; test secrets are longer.
const MIN_LENGTH = 8
const SECRET_NAME = /pass|secret|token|jwt|^key$|api_?key/i
// Named after a secret but not one: PasswordExpiration, token_type, refresh_token_expires_in, login_method.
const NOT_SECRET = /expir|type|_in$|method/i
const SECRET_HEADERS = ['authorization', 'x-access-token', 'x-authorization', 'x-auth-client']
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/

/** Remembers a secret; the `Bearer ` of an Authorization value is not part of it. */
export function recordSecret(value: unknown): void {
  if (typeof value !== 'string') return
  const secret = value.replace(/^bearer\s+/i, '').trim()
  // Runs of one character (a fuzzer's 'xxxx…') are no secret and would make every scan quadratic.
  if (secret.length < MIN_LENGTH || new Set(secret.slice(0, 64)).size < 4) return
  const prefix = secret.slice(0, MIN_LENGTH)
  const same = secrets.get(prefix) ?? new Set<string>()
  same.add(secret)
  secrets.set(prefix, same)
}

function holdsSecret(line: string): boolean {
  for (let start = 0; start + MIN_LENGTH <= line.length; start++) {
    const candidates = secrets.get(line.slice(start, start + MIN_LENGTH))
    if (candidates === undefined) continue
    for (const secret of candidates) if (line.startsWith(secret, start)) return true
  }
  return false
}

/** A key that names a secret field; an OpenAPI document's path keys (`/user/password`) do not. */
const isSecretName = (key: string) => !key.startsWith('/') && SECRET_NAME.test(key) && !NOT_SECRET.test(key)

/** Records every string under a secret-sounding key, at any depth (user_info.password, credentials.token). */
export function recordSecretFields(value: unknown, underSecretName = false): void {
  if (typeof value === 'string') {
    if (underSecretName) recordSecret(value)
  } else if (Array.isArray(value)) {
    for (const item of value) recordSecretFields(item, underSecretName)
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      recordSecretFields(item, underSecretName || isSecretName(key))
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The lines of `lines` that give a secret away. */
export function leakingLines(lines: readonly string[]): string[] {
  return lines.filter((line) => JWT.test(line) || holdsSecret(line))
}

/** A log destination kept in memory (pino and Fastify write whole lines to it). */
export function createLogCapture() {
  const lines: string[] = []
  return {
    lines,
    stream: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) },
    /** @throws when a captured line holds a recorded secret or a JWT. */
    assertNoSecrets(owner: string): void {
      const leaks = leakingLines(lines)
      if (leaks.length > 0) {
        throw new Error(
          `${owner} logged ${leaks.length} line(s) with a secret:\n${leaks.slice(0, 5).join('\n')}`,
        )
      }
    },
  }
}

let requestsCarrySecrets = true

/**
 * While `work` runs, what requests carry is not recorded (answers still are): a fuzzer's junk sent
 * as a "password" is no secret, and the same junk in a logged URL is no leak.
 */
export async function withRequestsOfJunk<T>(work: () => Promise<T>): Promise<T> {
  requestsCarrySecrets = false
  try {
    return await work()
  } finally {
    requestsCarrySecrets = true
  }
}

function recordTraffic(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', async (request) => {
    if (!requestsCarrySecrets) return
    for (const name of SECRET_HEADERS) recordSecret(request.headers[name])
    recordSecretFields(request.query)
    recordSecretFields(request.body)
  })
  fastify.addHook('onSend', async (_request, _reply, payload) => {
    recordSecretFields(parseJson(payload))
    return payload
  })
}

let installed = false

/** Makes every Fastify instance created from now on record the secrets of its traffic (once per process). */
export function recordSecretsOfEveryServer(): void {
  if (installed) return
  installed = true
  subscribe('fastify.initialization', (message) =>
    recordTraffic((message as { fastify: FastifyInstance }).fastify),
  )
}

let fetchWrapped = false

/**
 * Makes global fetch record the secrets of requests to loopback servers and of their answers: the
 * traffic of Latchkey child processes (latchkey-process.ts), which no in-process hook sees.
 */
export function recordSecretsOfFetch(): void {
  if (fetchWrapped) return
  fetchWrapped = true
  const original = globalThis.fetch
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (!/^http:\/\/127\.0\.0\.1:/.test(url)) return original(input, init)
    const headers = new Headers(init?.headers)
    for (const name of SECRET_HEADERS) recordSecret(headers.get(name) ?? undefined)
    recordSecretFields(parseJson(init?.body))
    recordSecretFields(Object.fromEntries(new URL(url).searchParams))
    const response = await original(input, init)
    // Not awaited: a response that streams for long must reach the caller at once.
    response
      .clone()
      .text()
      .then(
        (text) => recordSecretFields(parseJson(text)),
        () => undefined,
      )
    return response
  }
}
